// POST /agency-callbacks: an agency system reports the outcome of a work item it accepted earlier.
// The body must be signed with that agency's secret (HMAC, timestamp-bound); the outcome then goes
// to the dossier's workflow, whose validator decides. A body of the wrong shape, or with text that is
// not well-formed, answers 400 VALIDATION_FAILED naming the field. Business refusals answer 200 with
// `accepted: false` (retrying will not help); only our own transient failures answer 5xx.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callbackSchema, readAgencyInput } from './answers';
import {
  HEADER_AGENCY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HEADER_TRACEPARENT,
  headerKey,
  TRACEPARENT_FORMAT,
} from './protocol';
import { agencySecretFromEnv } from './secrets';
import { verifySignature } from './signature';
import { agencyOutcomeUpdate } from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import { runDossierAction } from '../../services/actions/dossier-actions';
import type { ApiServices } from '../../services/create-services';
import { parseJson, readBody, sendError, sendJson } from '../../platform/http';
import { recordCallback } from '../../platform/observability/metrics';
import { contextFromHeaders, inSpan } from '../../platform/observability/tracing';
import { SpanKind } from '@opentelemetry/api';

export const AGENCY_CALLBACK_PATH = '/agency-callbacks';
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The route in a server span that continues the trace of the delivery (the `traceparent` the agency
 * sends back, protocol.ts), so the workflow's update joins the trace of the work item; counted by outcome.
 */
export function handleAgencyCallback(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const traceparent = req.headers[headerKey(HEADER_TRACEPARENT)];
  const parent = TRACEPARENT_FORMAT.test(String(traceparent ?? ''))
    ? contextFromHeaders({ traceparent })
    : undefined;
  return inSpan(`POST ${AGENCY_CALLBACK_PATH}`, { kind: SpanKind.SERVER, parent }, async (span) => {
    const refused = await answerCallback(services, req, res);
    span.setAttribute('http.response.status_code', res.statusCode);
    recordCallback(callbackOutcome(res.statusCode, refused === 'refused'));
  });
}

function callbackOutcome(status: number, refused: boolean) {
  if (status === 200) return refused ? 'refused' : 'accepted';
  if (status === 401) return 'bad_signature';
  if (status >= 500) return 'unavailable';
  return 'invalid';
}

async function answerCallback(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<'refused' | void> {
  if (req.method !== 'POST') return sendError(res, 405, 'METHOD_NOT_ALLOWED');
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) return sendError(res, 413, 'PAYLOAD_TOO_LARGE');
  const agencyCode = String(req.headers[headerKey(HEADER_AGENCY)] ?? '');
  let secret: string;
  try {
    secret = agencySecretFromEnv(agencyCode);
  } catch {
    return sendError(res, 401, 'BAD_SIGNATURE', 'Unknown agency');
  }
  const signed = verifySignature(
    secret,
    req.headers[headerKey(HEADER_TIMESTAMP)] as string | undefined,
    raw,
    req.headers[headerKey(HEADER_SIGNATURE)] as string | undefined,
  );
  if (!agencyCode || !signed) return sendError(res, 401, 'BAD_SIGNATURE', 'Signature or timestamp invalid');
  const json = parseJson(raw);
  if (json === undefined) return sendError(res, 400, 'BAD_REQUEST', 'body is not valid JSON');
  const read = readAgencyInput(callbackSchema, json);
  if (!read.ok) {
    const { path, problem } = read.problem;
    return sendJson(res, 400, {
      error: { code: 'VALIDATION_FAILED', message: `${path}: ${problem}`, field: path },
    });
  }
  const { dossierCode, ...outcome } = read.value;
  if (outcome.agencyCode !== agencyCode)
    return sendError(res, 401, 'BAD_SIGNATURE', 'Signed by another agency');
  try {
    await runDossierAction(
      services.temporal,
      dossierCode,
      agencyOutcomeUpdate,
      outcome,
      services.engineDeadlineMs,
    );
    sendJson(res, 200, { accepted: true });
  } catch (err) {
    // Accepted by the workflow, only slow to finish: it will be applied; repeating it would be refused.
    if (err instanceof DomainError && err.code === 'ACTION_PENDING')
      return sendJson(res, 200, { accepted: true });
    // Not taken (yet): the agency retries later, which is safe (engine-deadline.ts).
    if (err instanceof DomainError && err.code === 'ENGINE_UNAVAILABLE') {
      return sendError(res, 503, 'UNAVAILABLE', err.message);
    }
    if (err instanceof DomainError) {
      sendJson(res, 200, { accepted: false, code: err.code, message: err.message });
      return 'refused';
    }
    sendError(res, 503, 'UNAVAILABLE', 'Try again later');
  }
}
