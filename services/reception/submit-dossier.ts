// Registers a dossier and starts its workflow. Idempotent without a check-then-act race: the
// idempotency key is unique in the database (the first insert wins, a concurrent twin reads the
// winner's row), and the workflow id is derived from the receipt code with the USE_EXISTING
// conflict policy, so a replay (or a retry after a crash between the two) starts nothing twice.
// A fresh submission (its row inserted by this very call) starts with FAIL instead: a workflow that
// already holds the id and was not started for this dossier (registration-mark.ts) belongs to another
// database's dossier with the same receipt code, and the submission is refused, not silently lost.
// Three database round trips per new dossier, all prepared statements: what reception needs to know,
// the next receipt number, and the dossier with its steps (prisma/read-model/reception.ts, receipt-numbers.ts).
// Mostly through the ORM this took eight round trips and about 2 ms of CPU per dossier; now ~0.25 ms.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { z } from 'zod';
import { workingCalendarOf } from '../catalog/calendar';
import type { CalendarSnapshot } from '../../domain/calendar/types';
import {
  DOSSIER_WORKFLOW_TYPE,
  type DossierWorkflow,
  workflowIdForDossier,
  type DossierWorkflowInput,
} from '../../domain/contract/dossier-workflow';
import { dossierSearchAttributes } from '../../domain/contract/search-attributes';
import { DomainError } from '../../domain/errors';
import { currentRequestScope, logger as processLogger } from '../../platform/logger';
import type { ProcedureDefinition } from '../../domain/procedure/types';
import {
  readReceptionContext,
  registerDossier,
  withdrawRegistration,
  type ReceivedDossier,
  type ReceptionContext,
  type StartableDossier,
} from '../../prisma/read-model/reception';
import type { SqlExecutor } from '../../prisma/sql-executor';
import { describeIssues } from '../../domain/zod-issues';
import { receiveComponents } from '../../domain/procedure/components';
import { MAX_COMPONENTS, MAX_COPIES } from '../../domain/procedure/definition';
import type { SubmittedComponent } from '../../domain/procedure/types';
import { callWithDeadline, DEFAULT_ENGINE_DEADLINE_MS, engineUnavailable } from '../actions/engine-deadline';
import { deriveLookupKey, hashLookupKey } from './lookup-key';
import { allocateReceiptCode, receiptDay } from './receipt-code';
import { REGISTRATION_MEMO, registrationMark } from './registration-mark';

export const submitDossierInputSchema = z.object({
  procedureCode: z.string().trim().min(1).max(64),
  applicant: z.object({
    name: z.string().trim().min(1).max(200),
    idNumber: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{6,20}$/, 'must be 6-20 letters or digits'),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 .-]{6,20}$/, 'must be a phone number')
      .nullish(),
    email: z.email().max(200).nullish(),
  }),
  channel: z.enum(['ONLINE', 'COUNTER', 'POST']),
  formData: z.unknown().optional(),
  /** What was handed in per document component (thành phần hồ sơ). */
  components: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(32),
        originals: z.number().int().min(0).max(MAX_COPIES).nullish(),
        certifiedCopies: z.number().int().min(0).max(MAX_COPIES).nullish(),
        photocopies: z.number().int().min(0).max(MAX_COPIES).nullish(),
      }),
    )
    .max(MAX_COMPONENTS)
    .nullish(),
  idempotencyKey: z.string().trim().min(8).max(128),
});
export type SubmitDossierInput = z.input<typeof submitDossierInputSchema>;
type ValidInput = z.infer<typeof submitDossierInputSchema>;

export interface ReceptionDeps {
  sql: SqlExecutor;
  temporal: Client;
  taskQueue: string;
  lookupKeySecret: string;
  /** The current calendar; given the latest revision when the caller has just read it. */
  calendar(latestRevision?: number): Promise<CalendarSnapshot>;
  now?: () => Date;
  /** History length at which a dossier's workflow continues as new (the workflow has a default). */
  continueAsNewAfterEvents?: number;
  /** How long to wait for Temporal to start the workflow (ENGINE_DEADLINE_SECONDS). */
  engineDeadlineMs?: number;
}

export interface SubmissionResult {
  dossier: ReceivedDossier;
  lookupKey: string;
  /** False when the idempotency key had already been used: the earlier dossier is returned. */
  created: boolean;
}

export interface SubmissionOptions {
  /** A reception officer's desk: the dossier must be one this agency receives. */
  receivingDesk?: string;
}

export async function submitDossier(
  deps: ReceptionDeps,
  rawInput: SubmitDossierInput,
  options: SubmissionOptions = {},
): Promise<SubmissionResult> {
  const parsed = submitDossierInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', describeIssues(parsed.error.issues));
  }
  const input = parsed.data;
  const context = await readReceptionContext(deps.sql, {
    idempotencyKey: input.idempotencyKey,
    procedureCode: input.procedureCode,
  });
  if (context.earlier) return replay(deps, context, input, options);

  const { procedure, version } = context;
  if (!procedure || !version) {
    throw new DomainError('PROCEDURE_NOT_FOUND', `No procedure with code ${input.procedureCode}`);
  }
  requireDesk(options, procedure.receivingAgencyCode);
  const components = checkComponents(version.definition, input.components);
  const snapshot = await deps.calendar(context.calendarRevision);
  const calendar = workingCalendarOf(snapshot);
  const submittedAt = (deps.now ?? (() => new Date()))();
  const receivedAt = calendar.normaliseReceipt(submittedAt);
  const dueAt = calendar.addWorkingDays(receivedAt, procedure.totalWorkingDays);
  const day = receiptDay(submittedAt, snapshot.officeHours.timeZone);
  const { code, registerVolume, registerNumber } = await allocateReceiptCode(
    deps.sql,
    procedure.receivingAgencyCode,
    day,
  );
  const lookupKey = deriveLookupKey(deps.lookupKeySecret, code);
  const dossier: ReceivedDossier = {
    code,
    workflowId: workflowIdForDossier(code),
    idempotencyKey: input.idempotencyKey,
    procedureCode: procedure.code,
    procedureVersion: version.version,
    receivingAgencyCode: procedure.receivingAgencyCode,
    submittedAt,
    receivedAt,
    dueAt,
    formData: input.formData ?? null,
    components,
  };
  const registered = await registerDossier(deps.sql, {
    ...dossier,
    channel: input.channel,
    applicant: input.applicant,
    formData: input.formData,
    components,
    registerVolume,
    registerNumber,
    lookupKeyHash: hashLookupKey(lookupKey),
  });
  if (!registered) {
    // A concurrent twin with the same key won the insert (and has committed: the insert waited for
    // it); its dossier is the answer. The receipt number allocated here stays unused, a gap.
    const again = await readReceptionContext(deps.sql, {
      idempotencyKey: input.idempotencyKey,
      procedureCode: input.procedureCode,
    });
    if (!again.earlier)
      throw new Error(`idempotency key conflict without a dossier for ${input.idempotencyKey}`);
    return replay(deps, again, input, options);
  }
  await startDossierWorkflow(deps, dossier, version.definition, context.supervisors, snapshot, 'fresh');
  return { dossier, lookupKey, created: true };
}

/**
 * The checklist handed in, matched against the procedure version's components: a required one
 * missing, or a code the version does not list, refuses the submission before anything is written.
 * A submission that sends no list at all (clients from before components existed) is registered
 * without one: its receipt then lists no components.
 */
function checkComponents(
  definition: ProcedureDefinition,
  handedIn: ValidInput['components'],
): SubmittedComponent[] | null {
  if (handedIn == null) return null;
  const checked = receiveComponents(
    definition.components ?? [],
    handedIn.map((c) => ({
      code: c.code,
      originals: c.originals ?? 0,
      certifiedCopies: c.certifiedCopies ?? 0,
      photocopies: c.photocopies ?? 0,
    })),
  );
  if (checked.ok) return checked.components;
  const { problem } = checked;
  throw new DomainError(
    problem.code === 'DUPLICATE_COMPONENT' ? 'VALIDATION_FAILED' : problem.code,
    problem.message,
    { field: 'components', component: problem.component },
  );
}

function requireDesk(options: SubmissionOptions, receivingAgencyCode: string): void {
  if (options.receivingDesk && options.receivingDesk !== receivingAgencyCode) {
    throw new DomainError(
      'FORBIDDEN',
      `Dossiers of this procedure are received by ${receivingAgencyCode}, not ${options.receivingDesk}`,
    );
  }
}

async function replay(
  deps: ReceptionDeps,
  context: ReceptionContext,
  input: ValidInput,
  options: SubmissionOptions,
): Promise<SubmissionResult> {
  const { applicantIdNumber, ...dossier } = context.earlier!;
  requireDesk(options, dossier.receivingAgencyCode);
  if (dossier.procedureCode !== input.procedureCode || applicantIdNumber !== input.applicant.idNumber) {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      'This idempotency key was already used for a different submission; use a new key for a new dossier.',
    );
  }
  // The first attempt may have stopped between the insert and the start: make sure it runs.
  // The context holds the dossier's own procedure version (its row references it, so it exists).
  await startDossierWorkflow(
    deps,
    dossier,
    context.version!.definition,
    context.supervisors,
    await deps.calendar(context.calendarRevision),
    'ensure',
  );
  return { dossier, lookupKey: deriveLookupKey(deps.lookupKeySecret, dossier.code), created: false };
}

/** Starts the dossier's workflow unless it exists (or existed): for replays and reconciliation. */
export async function ensureDossierWorkflow(deps: ReceptionDeps, dossier: StartableDossier): Promise<void> {
  const context = await readReceptionContext(deps.sql, {
    idempotencyKey: null,
    procedureCode: dossier.procedureCode,
    version: dossier.procedureVersion,
  });
  if (!context.version)
    throw new Error(`Procedure ${dossier.procedureCode} has no version ${dossier.procedureVersion}`);
  await startDossierWorkflow(
    deps,
    dossier,
    context.version.definition,
    context.supervisors,
    await deps.calendar(context.calendarRevision),
    'ensure',
  );
}

/**
 * What an existing workflow with the dossier's id means to a start:
 * - `ensure` (a replay, reconciliation): the first attempt may have started it; nothing to do.
 * - `fresh` (the row was inserted by this very call): it was started for this dossier only if a
 *   concurrent replay of the same submission got there first; otherwise it is another dossier's.
 */
type StartMode = 'fresh' | 'ensure';

async function startDossierWorkflow(
  deps: ReceptionDeps,
  dossier: StartableDossier,
  procedure: ProcedureDefinition,
  supervisors: Record<string, string | null>,
  calendar: CalendarSnapshot,
  mode: StartMode,
): Promise<void> {
  const input: DossierWorkflowInput = {
    dossierCode: dossier.code,
    supervisors,
    procedure: { ...procedure, version: dossier.procedureVersion },
    receivedAt: dossier.receivedAt.toISOString(),
    dueAt: dossier.dueAt.toISOString(),
    calendar,
    formData: dossier.formData ?? undefined,
    // Stored by reception from a checked list (checkComponents), so the JSON has this shape.
    ...(Array.isArray(dossier.components) ? { components: dossier.components as SubmittedComponent[] } : {}),
    continueAsNewAfterEvents: deps.continueAsNewAfterEvents,
  };
  const deadlineMs = deps.engineDeadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS;
  // Registered but not (known to be) started: a retry with the same idempotency key replays the
  // submission and starts the same workflow (its id comes from the receipt code), never a second one.
  const notStarted = () =>
    engineUnavailable(
      `The engine did not start the dossier within ${deadlineMs / 1000} s. Retrying with the same idempotencyKey is safe: it returns the same dossier.`,
    );
  try {
    await callWithDeadline(
      deps.temporal,
      deadlineMs,
      () =>
        deps.temporal.workflow.start<DossierWorkflow>(DOSSIER_WORKFLOW_TYPE, {
          taskQueue: deps.taskQueue,
          workflowId: dossier.workflowId,
          args: [input],
          // FAIL is safe against our own transport retries: @temporalio/client 1.24 draws the
          // request's requestId once (createStartWorkflowRequest: `requestId: randomUUID()`), and its
          // gRPC retry interceptor (grpc-retry.ts, makeGrpcRetryInterceptor) re-sends that same
          // saved message (`call.sendMessage(savedSendMessage)`); the server answers a start whose
          // requestId matches the running workflow's with that workflow, not ALREADY_EXISTS (checked
          // on the dev server: tests/integration/workflow-id-taken.test.ts).
          workflowIdConflictPolicy:
            mode === 'fresh' ? WorkflowIdConflictPolicy.FAIL : WorkflowIdConflictPolicy.USE_EXISTING,
          // A closed workflow with the id is never started again (REJECT_DUPLICATE): in the fresh
          // mode it is refused like a running one.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          memo: { [REGISTRATION_MEMO]: registrationMark(dossier) },
          typedSearchAttributes: dossierSearchAttributes(
            { status: 'IN_PROGRESS', currentAgencies: [], dueAt: input.dueAt },
            dossier.procedureCode,
          ),
        }),
      notStarted,
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // Running, or already ran to its end: nothing to start.
    if (mode === 'ensure') return;
    const existing = await callWithDeadline(
      deps.temporal,
      deadlineMs,
      () => deps.temporal.workflow.getHandle(dossier.workflowId).describe(),
      notStarted,
    );
    if (existing.memo?.[REGISTRATION_MEMO] === registrationMark(dossier)) return;
    await refuseTakenWorkflowId(deps, dossier);
  }
}

/**
 * Another dossier's workflow holds this dossier's id: its receipt code was issued twice. Nothing of
 * the submission is kept (a receipt without a workflow would be a dossier lost), the operator is told
 * why, and the caller gets a coded error.
 */
async function refuseTakenWorkflowId(deps: ReceptionDeps, dossier: StartableDossier): Promise<never> {
  await withdrawRegistration(deps.sql, dossier);
  const namespace = deps.temporal.options.namespace;
  (currentRequestScope()?.log ?? processLogger).error(
    { workflowId: dossier.workflowId, namespace, dossierCode: dossier.code },
    `Receipt code ${dossier.code} was issued again: Temporal namespace ${namespace} already holds workflow ` +
      `${dossier.workflowId} of another dossier, so this submission was refused and its registration removed. ` +
      'Most likely a second database, or a database restored from an older backup, shares this namespace: ' +
      'give every database its own namespace (docs/DEPLOYMENT.md, "One database per namespace").',
  );
  throw new DomainError(
    'ENGINE_CONFLICT',
    `The engine already holds another dossier under receipt code ${dossier.code}: this submission was not received and nothing was kept. The operators have been alerted; retrying with the same idempotencyKey is safe.`,
    { workflowId: dossier.workflowId },
  );
}
