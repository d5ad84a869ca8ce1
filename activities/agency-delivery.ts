// Hands a step to the responsible agency's own system over HTTP (protocol: integrations/agency-protocol/protocol.ts).
// Transient failures (network, timeout, 5xx) throw plain errors so Temporal retries them with
// backoff under the same idempotency key; answers that will not improve with retrying (4xx) fail
// non-retryably. A refusal is a business outcome and is returned, not thrown. The answer is outside
// input: one that is malformed (wrong shape, ill-formed text) is a broken integration, failed for good.
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  HEADER_IDEMPOTENCY_KEY,
  isTransientStatus,
  WORK_ITEMS_PATH,
  type ErrorResponse,
  type WorkItemRequest,
} from '../integrations/agency-protocol/protocol';
import { readAgencyInput, workItemAnswerSchema } from '../integrations/agency-protocol/answers';
import { signedHeaders } from '../integrations/agency-protocol/signature';
import { AGENCY_PERMANENT_ERROR, type AgencyAnswer } from '../domain/contract/agency-answer';
import { truncateText } from '../domain/text/well-formed';
import { parseJson } from '../platform/http';
import { recordDelivery, secondsSince, type DeliveryOutcome } from '../platform/observability/metrics';
import { inSpan, traceHeaders } from '../platform/observability/tracing';
import { SpanKind } from '@opentelemetry/api';

export interface AgencyEndpoint {
  url: string;
  secret: string;
}

export interface AgencyDeliveryDeps {
  /** Where and how to reach an agency; throws when the agency has no system to call. */
  resolveAgency(agencyCode: string): Promise<AgencyEndpoint>;
  /** Where agencies POST the outcome of ACCEPTED work items. */
  callbackUrl?: string;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export type DeliverWorkItemInput = Omit<WorkItemRequest, 'callbackUrl'>;

/** One key per step attempt: retries of the same activity reuse it, a new attempt gets a new one. */
export function idempotencyKeyFromContext(): string {
  const { workflowExecution, activityId } = Context.current().info;
  if (!workflowExecution) throw new Error('deliverWorkItem runs only as part of a dossier workflow');
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}

export const createAgencyActivities = (deps: AgencyDeliveryDeps) => {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const activities = {
    async deliverWorkItem(input: DeliverWorkItemInput): Promise<AgencyAnswer> {
      const endpoint = await deps.resolveAgency(input.agencyCode);
      const body = JSON.stringify({ ...input, callbackUrl: deps.callbackUrl } satisfies WorkItemRequest);
      // One client span per HTTP attempt; its `traceparent` goes to the agency, which sends it back
      // on the callback of an ACCEPTED item (integrations/agency-protocol/protocol.ts).
      return inSpan(
        `POST ${WORK_ITEMS_PATH}`,
        { kind: SpanKind.CLIENT, attributes: { 'lien_thong.agency': input.agencyCode } },
        async (span) => {
          const started = process.hrtime.bigint();
          let outcome: DeliveryOutcome = 'transient_error';
          try {
            const answer = await deliver(endpoint, body, input);
            outcome = answer.status;
            return answer;
          } catch (err) {
            if (err instanceof ApplicationFailure)
              outcome =
                (err.details?.[0] as { code?: string } | undefined)?.code === 'MALFORMED_ANSWER'
                  ? 'malformed_answer'
                  : 'permanent_error';
            throw err;
          } finally {
            span.setAttribute('lien_thong.delivery_outcome', outcome);
            recordDelivery(input.agencyCode, outcome, secondsSince(started));
          }
        },
      );
    },
  };
  return activities;

  async function deliver(endpoint: AgencyEndpoint, body: string, input: DeliverWorkItemInput) {
    const response = await doFetch(new URL(WORK_ITEMS_PATH, endpoint.url), {
      method: 'POST',
      headers: {
        ...signedHeaders(endpoint.secret, body, now()),
        [HEADER_IDEMPOTENCY_KEY]: idempotencyKeyFromContext(),
        ...traceHeaders(),
      },
      body,
      signal: AbortSignal.any([
        AbortSignal.timeout(deps.requestTimeoutMs ?? 10_000),
        Context.current().cancellationSignal,
      ]),
    });
    const text = await response.text();
    if (isTransientStatus(response.status)) {
      throw new Error(`Agency ${input.agencyCode} answered ${response.status}: ${truncateText(text, 200)}`);
    }
    const parsed = parseJson(text);
    if (response.ok || (response.status === 422 && isRefusal(parsed))) {
      const answer = readAgencyInput(workItemAnswerSchema, parsed);
      if (answer.ok) return answer.value;
      throw permanent(
        `Agency ${input.agencyCode} answered ${response.status} with a malformed answer: ${answer.problem.path}: ${answer.problem.problem}`,
        { status: response.status, code: 'MALFORMED_ANSWER' },
      );
    }
    const error = (parsed as ErrorResponse | undefined)?.error;
    const said = typeof error?.message === 'string' ? error.message : text;
    throw permanent(
      `Agency ${input.agencyCode} rejected the work item with ${response.status} ${error?.code ?? ''}: ${truncateText(said, 200)}`,
      {
        status: response.status,
        code: error?.code,
      },
    );
  }
};

function permanent(message: string, detail: { status: number; code?: string }) {
  return ApplicationFailure.create({
    type: AGENCY_PERMANENT_ERROR,
    nonRetryable: true,
    message,
    details: [detail],
  });
}

function isRefusal(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'REFUSED';
}
