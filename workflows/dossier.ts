/**
 * One workflow per dossier: interprets the procedure definition the dossier started with.
 *
 *   RECEIVED ──> IN_PROGRESS ──(every step DONE)──> COMPLETED (EARLY | ON_TIME | LATE)
 *                 │  steps start when all the steps they come `after` are DONE, so
 *                 │  branches run in parallel and join; a SYSTEM step is delivered to
 *                 │  the agency's system by an activity.
 *
 * Every transition is an audit event that the read model receives in order (see DossierMachine).
 */
import { proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { createAgencyActivities } from '../activities/agency-delivery';
import type { createReadModelActivities } from '../activities/read-model';
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import { dossierStateQuery, type DossierState, type DossierWorkflowInput } from '../domain/dossier/contract';
import { dossierSearchAttributes } from '../domain/dossier/search-attributes';
import type { StepDefinition } from '../domain/procedure/types';
import { DossierMachine } from './dossier-machine';

const { deliverWorkItem } = proxyActivities<ReturnType<typeof createAgencyActivities>>({
  startToCloseTimeout: '30 seconds',
  // An agency system that is down is retried until it is back; nothing is lost meanwhile.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['AgencyPermanentError'] },
});

const { applyReadModelUpdate } = proxyActivities<ReturnType<typeof createReadModelActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierState> {
  const calendar = new WorkingCalendar(input.calendar);
  const machine = new DossierMachine(input, calendar);
  setHandler(dossierStateQuery, () => machine.state);

  // Read-model writes go out one at a time and in order, whatever runs in parallel.
  let publishing: Promise<void> = Promise.resolve();
  const publish = () => {
    const update = machine.takeUpdate();
    upsertSearchAttributes(dossierSearchAttributes(machine.state, input.procedure.code));
    if (update) publishing = publishing.then(() => applyReadModelUpdate(update).then(() => undefined));
    return publishing;
  };

  const runStep = async (step: StepDefinition) => {
    const active = machine.startStep(step.key, new Date());
    void publish();
    const answer = await deliverWorkItem({
      dossierCode: input.dossierCode,
      procedureCode: input.procedure.code,
      stepKey: step.key,
      stepName: step.name,
      agencyCode: step.agencyCode,
      dueAt: active.dueAt!,
      formData: input.formData,
    });
    if (answer.status !== 'DONE') {
      throw new Error(`Outcome ${answer.status} of step ${step.key} is not handled yet`);
    }
    machine.completeStep(step.key, new Date(), `agency:${step.agencyCode}`, { reference: answer.reference, ...answer.result });
    void publish();
  };

  machine.receive(new Date());
  void publish();
  const running = new Map<string, Promise<void>>();
  while (!machine.allStepsDone()) {
    for (const step of machine.readySteps()) {
      running.set(step.key, runStep(step).finally(() => running.delete(step.key)));
    }
    await Promise.race(running.values());
  }
  machine.complete(new Date());
  await publish();
  return machine.state;
}
