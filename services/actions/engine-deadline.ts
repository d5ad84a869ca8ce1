// No API call waits on Temporal forever. Each one has a deadline (ENGINE_DEADLINE_SECONDS) and, when
// the engine does not answer in time, a coded error that says for certain what happened:
//
// - ENGINE_UNAVAILABLE, `applied: NOT_APPLIED`: nothing was done, and nothing will be: retrying with
//   the same arguments is safe. For an action this is certain because the action carries its own
//   expiry (`expiresAt`, the deadline): the workflow's validator refuses it once expired, so an action
//   the engine did not accept in time can never be accepted later (e.g. when the worker comes back).
//   Acceptance is decided when the workflow task that ran the validator completes, at most one
//   workflow task timeout after it started; so "not accepted" is only final once that timeout (and
//   a margin for the clocks of the API and Temporal) has also passed: the API waits that long first.
// - ACTION_PENDING, `applied: ACCEPTED`: the engine accepted the action; it will take effect (its
//   answer was only slow, e.g. the read model's database is down). Do not repeat it: watch
//   `dossier(code)` or the `dossierUpdated(code)` subscription.
// - ENGINE_UNAVAILABLE, `applied: PARTIAL`: what the database holds was done (e.g. a calendar change
//   is saved), what Temporal had to do may not be; the details say which, and repeating is safe.
// - ENGINE_UNAVAILABLE, `applied: UNKNOWN`: Temporal itself could not be reached to find out (only
//   when it stayed unreachable past the margin). Look at the dossier once the engine is back before
//   repeating: a repeat of an action that already happened is refused (INVALID_TRANSITION).
import { randomUUID } from 'node:crypto';
import {
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import type { DossierState } from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';

/** Temporal's default workflow task timeout: a validator's verdict is final within it. */
const WORKFLOW_TASK_TIMEOUT_MS = 10_000;
/** How far the clocks of the API and the Temporal server may disagree (NTP keeps them far closer). */
const CLOCK_MARGIN_MS = 1_000;
const PROBE_MS = 2_000;

export const DEFAULT_ENGINE_DEADLINE_MS = 5_000;

const Stage = proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

export type Applied = 'NOT_APPLIED' | 'ACCEPTED' | 'PARTIAL' | 'UNKNOWN';

/** Not done (or not known): `details.applied` says which, the message what to do. */
export function engineUnavailable(
  message: string,
  applied: Exclude<Applied, 'ACCEPTED'> = 'NOT_APPLIED',
  details: object = {},
): DomainError {
  return new DomainError('ENGINE_UNAVAILABLE', message, { applied, retryAfterSeconds: 5, ...details });
}

const actionNotApplied = (deadlineMs: number) =>
  engineUnavailable(
    `The engine did not take the action within ${deadlineMs / 1000} s: nothing was done. Retrying with the same arguments is safe.`,
  );
const actionUnknown = () =>
  engineUnavailable(
    'The engine could not be reached to learn whether the action was taken. Look at the dossier once the engine is back before repeating it.',
    'UNKNOWN',
  );

function actionPending(dossierCode: string, deadlineMs: number): DomainError {
  return new DomainError(
    'ACTION_PENDING',
    `The engine accepted the action on ${dossierCode} and will apply it, but it did not finish within ${deadlineMs / 1000} s. ` +
      `Do not repeat it: follow dossier(code: "${dossierCode}") or subscribe to dossierUpdated.`,
    { applied: 'ACCEPTED', dossierCode },
  );
}

/**
 * Sends an update to the dossier's workflow and waits for its answer, with the deadline above.
 * `args.expiresAt` is set here; refusals (validator failures, a closed workflow) are thrown as they
 * come, for the caller to map to its codes.
 */
export async function updateWithDeadline<Args extends object>(
  temporal: Client,
  workflowId: string,
  dossierCode: string,
  update: UpdateDefinition<DossierState, [Args & { expiresAt?: string }]>,
  args: Args,
  deadlineMs: number,
): Promise<DossierState> {
  const start = Date.now();
  const expiresAt = start + deadlineMs;
  const certainAt = expiresAt + WORKFLOW_TASK_TIMEOUT_MS + CLOCK_MARGIN_MS;
  const updateId = randomUUID();
  const workflow = temporal.workflow.getHandle(workflowId);
  let handle: WorkflowUpdateHandle<DossierState>;
  try {
    handle = await temporal.withDeadline(certainAt, () =>
      workflow.startUpdate(update, {
        args: [{ ...args, expiresAt: new Date(expiresAt).toISOString() }],
        updateId,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      }),
    );
  } catch (err) {
    if (!isTransportFailure(err)) throw err;
    // Not accepted by the time it no longer can be: ask Temporal where the update stands.
    const applied = await updateStage(temporal, workflowId, updateId);
    if (applied !== 'ACCEPTED') throw applied === 'UNKNOWN' ? actionUnknown() : actionNotApplied(deadlineMs);
    handle = workflow.getUpdateHandle<DossierState>(updateId);
  }
  try {
    return await temporal.withDeadline(Math.max(expiresAt, Date.now() + 500), () => handle.result());
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && !expired(err)) throw err;
    if (err instanceof WorkflowUpdateFailedError) throw actionNotApplied(deadlineMs);
    throw actionPending(dossierCode, deadlineMs);
  }
}

const expired = (err: WorkflowUpdateFailedError) =>
  err.cause instanceof ApplicationFailure && err.cause.type === 'ACTION_EXPIRED';

/** Whether Temporal has accepted the update (after the point where acceptance is final). */
async function updateStage(temporal: Client, workflowId: string, updateId: string): Promise<Applied> {
  try {
    const response = await temporal.withDeadline(Date.now() + PROBE_MS, () =>
      temporal.workflowService.pollWorkflowExecutionUpdate({
        namespace: temporal.options.namespace,
        updateRef: { workflowExecution: { workflowId }, updateId },
        identity: temporal.options.identity,
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
      }),
    );
    // An outcome without acceptance is a refusal (the validator's, e.g. expired): nothing applied.
    if (response.outcome?.failure) return 'NOT_APPLIED';
    return (response.stage ?? 0) >= Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
      ? 'ACCEPTED'
      : 'NOT_APPLIED';
  } catch (err) {
    // Temporal answered that it has no such update (never admitted, or dropped when unaccepted).
    if ((err as { code?: number }).code === 5 /* grpc NOT_FOUND */) return 'NOT_APPLIED';
    return 'UNKNOWN';
  }
}

/**
 * Any other call that waits on Temporal (a workflow start, a batch signal): bounded by the deadline;
 * on timeout or transport failure, `onTimeout` says what that means for the caller.
 */
export async function callWithDeadline<T>(
  temporal: Client,
  deadlineMs: number,
  call: () => Promise<T>,
  onTimeout: () => DomainError,
): Promise<T> {
  try {
    return await temporal.withDeadline(Date.now() + deadlineMs, call);
  } catch (err) {
    if (isTransportFailure(err)) throw onTimeout();
    throw err;
  }
}

/** gRPC deadline exceeded, unavailable or cancelled: Temporal did not answer. */
function isTransportFailure(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === 4 || code === 14 || code === 1) return true;
  }
  return false;
}
