/**
 * One workflow per dossier (id `dossier/<receipt code>`): interprets the procedure definition the
 * dossier started with. The rules live in DossierMachine; this file wires Temporal to it.
 *
 *                 ┌──── requestSupplement ────> WAITING_SUPPLEMENT ── provideSupplement ──┐
 *                 │                                  │ (clocks paused; max wait) ─> STOPPED │
 *   RECEIVED ──> IN_PROGRESS <────────────────────────────────────────────────────────────┘
 *                 │ steps start when the steps they come `after` are DONE (parallel branches join);
 *                 │ SYSTEM steps are delivered to the agency's system, MANUAL ones wait for officers
 *                 ├── every step DONE ─────> COMPLETED (EARLY | ON_TIME | LATE vs the legal due date)
 *                 ├── refuseDossier ───────> REFUSED
 *                 └── withdrawDossier ─────> WITHDRAWN
 *
 * Alarms (durable timers) warn an agency before its step's deadline, raise an escalation when a step
 * or the dossier runs late, and climb it to the supervising body if unresolved. After the dossier is
 * closed the workflow lives on until its escalations are resolved.
 */
import { context, type Context } from '@opentelemetry/api';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { createAgencyActivities } from '../activities/agency-delivery';
import type { createReadModelActivities } from '../activities/read-model';
import {
  acknowledgeEscalationUpdate,
  agencyOutcomeUpdate,
  calendarChangedSignal,
  completeStepUpdate,
  dossierStateQuery,
  issueApologyUpdate,
  provideSupplementUpdate,
  refuseDossierUpdate,
  requestSupplementUpdate,
  resolveEscalationUpdate,
  retryStepUpdate,
  withdrawDossierUpdate,
  type DossierState,
  type DossierWorkflowInput,
  type ExpiringAction,
  type StepState,
} from '../domain/contract/dossier-workflow';
import { dossierSearchAttributes } from '../domain/contract/search-attributes';
import { AGENCY_NOT_CONFIGURED, AGENCY_PERMANENT_ERROR } from '../domain/contract/agency-answer';
import { wellFormed, wellFormedDeep } from '../domain/text/well-formed';
import { ActionRefused, refuse } from './action-refused';
import { DossierMachine } from './dossier-machine';

const { deliverWorkItem } = proxyActivities<ReturnType<typeof createAgencyActivities>>({
  startToCloseTimeout: '30 seconds',
  // An agency system that is down is retried until it is back; nothing is lost meanwhile.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [AGENCY_PERMANENT_ERROR, AGENCY_NOT_CONFIGURED],
  },
});

const { applyReadModelUpdate } = proxyActivities<ReturnType<typeof createReadModelActivities>>({
  startToCloseTimeout: '30 seconds',
  // The database may be down for a while: retry until it is back, the read model catches up.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Continue as new well before Temporal's own limits; a dossier's state is small. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 5_000;

export async function dossierWorkflow(rawInput: DossierWorkflowInput): Promise<DossierState> {
  const input = wellFormedDeep(rawInput);
  const machine = new DossierMachine(input);
  const now = () => new Date();
  let calendar = input.calendar;
  const inFlight = new Map<string, CancellationScope>();

  // ---- The read model and Temporal's search attributes follow every change, in order ----
  let publishing: Promise<void> = Promise.resolve();
  let searchAttributes = '';
  const publish = (): Promise<void> => {
    const attributes = dossierSearchAttributes(machine.state, input.procedure.code);
    const key = JSON.stringify(attributes.map((a) => a.value));
    if (key !== searchAttributes) {
      searchAttributes = key;
      upsertSearchAttributes(attributes);
    }
    const update = machine.takeUpdate();
    if (update) publishing = publishing.then(() => applyReadModelUpdate(update)).then(() => undefined);
    return publishing;
  };

  // The trace context of the last action handled (OpenTelemetry's, when the worker traces; only ever
  // handed back to `context.with`, never to the machine: nothing about it reaches the history).
  let actionTrace: Context | undefined;

  // ---- Actions: validated first (a refusal leaves no trace in history), answered once recorded ----
  // Arguments are made well-formed before the machine sees them, and so is every refusal message:
  // text Temporal's core cannot encode would stop the worker (the API refuses it first; this is the
  // second line). A no-op on well-formed arguments, so recorded histories replay unchanged.
  const validated = (check: () => unknown) => {
    try {
      check();
    } catch (err) {
      const [type, message] =
        err instanceof ActionRefused
          ? [err.code, err.message]
          : ['VALIDATION_FAILED', `Malformed action: ${(err as Error).message}`];
      throw ApplicationFailure.create({ type, message: wellFormed(message), nonRetryable: true });
    }
  };
  const answer = async () => {
    await publish();
    return machine.state;
  };
  // An action the API gave up waiting for is refused from then on, so "not done" stays true.
  const notExpired = ({ expiresAt }: ExpiringAction) => {
    if (expiresAt && now() > new Date(expiresAt))
      refuse('ACTION_EXPIRED', `The action expired at ${wellFormed(expiresAt)}; nothing was done`);
  };
  // Each update is wired to its pair of the machine: `checkX` as the validator, `x` as the handler.
  const action = <Args extends ExpiringAction>(
    update: UpdateDefinition<DossierState, [Args]>,
    check: (args: Args, now: Date) => unknown,
    apply: (args: Args, now: Date) => void,
  ) =>
    setHandler(update, (a) => ((actionTrace = context.active()), apply(wellFormedDeep(a), now()), answer()), {
      validator: (a) => validated(() => (notExpired(a), check(wellFormedDeep(a), now()))),
    });
  const { escalations } = machine;
  setHandler(dossierStateQuery, () => machine.state);
  action(
    completeStepUpdate,
    (a) => machine.checkCompleteStep(a),
    (a, t) => machine.completeStep(a, t),
  );
  action(
    requestSupplementUpdate,
    (a) => machine.checkRequestSupplement(a),
    (a, t) => machine.requestSupplement(a, t),
  );
  action(
    provideSupplementUpdate,
    (a) => machine.checkProvideSupplement(a),
    (a, t) => machine.provideSupplement(a, t),
  );
  action(
    refuseDossierUpdate,
    (a) => machine.checkRefuseDossier(a),
    (a, t) => machine.refuseDossier(a, t),
  );
  action(
    withdrawDossierUpdate,
    (a) => machine.checkWithdrawDossier(a),
    (a, t) => machine.withdrawDossier(a, t),
  );
  action(
    issueApologyUpdate,
    (a, t) => machine.checkIssueApology(a, t),
    (a, t) => machine.issueApology(a, t),
  );
  action(
    retryStepUpdate,
    (a) => machine.checkRetryStep(a),
    (a, t) => machine.retryStep(a, t),
  );
  action(
    acknowledgeEscalationUpdate,
    (a) => escalations.checkAcknowledgeEscalation(a),
    (a, t) => escalations.acknowledgeEscalation(a, t),
  );
  action(
    resolveEscalationUpdate,
    (a) => escalations.checkResolveEscalation(a),
    (a, t) => escalations.resolveEscalation(a, t),
  );
  action(
    agencyOutcomeUpdate,
    (a) => machine.checkAgencyOutcome(a),
    (a, t) => machine.agencyOutcome(a, t),
  );
  setHandler(calendarChangedSignal, (raw) => {
    const snapshot = wellFormedDeep(raw);
    if (snapshot.version <= calendar.version) return;
    calendar = snapshot;
    machine.reproject(snapshot, now());
  });

  // ---- SYSTEM steps: hand the work item to the agency's system ----
  const deliver = (step: StepState) => {
    const scope = new CancellationScope();
    inFlight.set(step.key, scope);
    const work = scope.run(() =>
      deliverWorkItem({
        dossierCode: input.dossierCode,
        procedureCode: input.procedure.code,
        stepKey: step.key,
        stepName: step.name,
        agencyCode: step.agencyCode,
        dueAt: step.dueAt!,
        formData: input.formData,
      }),
    );
    void work
      .then(
        (response) => machine.deliveryAnswered(step.key, wellFormedDeep(response), now()),
        (err) => {
          if (isCancellation(err)) return;
          const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
          machine.failStep(step.key, wellFormed((cause as Error).message), now());
        },
      )
      .finally(() => inFlight.delete(step.key));
  };

  if (!input.resume) {
    machine.receive(now());
    // Versioned change (histories recorded before it replay the old way): the first steps' clocks
    // start no later than the receipt, however long a backed-up worker took to pick the dossier up.
    const receipt = new Date(input.receivedAt);
    machine.startReadySteps(patched('first-steps-start-at-receipt') && receipt < now() ? receipt : now());
  }
  while (!machine.finished) {
    // The deliveries an action made ready join that action's trace (a no-op without tracing).
    const cause = actionTrace ?? context.active();
    actionTrace = undefined;
    for (const step of machine.takeDeliveries()) context.with(cause, () => deliver(step));
    if (machine.closed) for (const scope of inFlight.values()) scope.cancel();
    void publish();
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    if (
      continueAsNewSuggested ||
      historyLength > (input.continueAsNewAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE)
    ) {
      if (inFlight.size === 0) break;
    }
    const alarm = machine.nextAlarm();
    const seen = machine.revision;
    const wait = alarm ? new Date(alarm.at).getTime() - Date.now() : undefined;
    if (wait === undefined) await condition(() => machine.revision !== seen);
    else if (wait > 0 && (await condition(() => machine.revision !== seen, wait))) continue;
    else machine.fire(alarm!, now());
  }
  // Let running update handlers finish and the read model catch up before the run ends.
  await condition(allHandlersFinished);
  await publish();
  if (!machine.finished) {
    await continueAsNew<typeof dossierWorkflow>({ ...input, calendar, resume: machine.state });
  }
  return machine.state;
}
