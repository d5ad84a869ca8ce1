// The dossier's state machine as a plain class: the workflow file only wires Temporal to it, so
// the rules can be read (and unit-tested) without Temporal. It keeps the audit events it emits
// until the workflow hands them to the read model.
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import type {
  DossierEventRecord,
  DossierState,
  DossierWorkflowInput,
  ReadModelUpdate,
  StepState,
} from '../domain/dossier/contract';
import type { StepDefinition } from '../domain/procedure/types';

export const SYSTEM_ACTOR = 'system';

export class DossierMachine {
  readonly state: DossierState;
  private readonly definitions = new Map<string, StepDefinition>();
  private unsent: DossierEventRecord[] = [];

  constructor(
    private readonly input: DossierWorkflowInput,
    private readonly calendar: WorkingCalendar,
  ) {
    for (const step of input.procedure.steps) this.definitions.set(step.key, step);
    this.state = {
      dossierCode: input.dossierCode,
      status: 'IN_PROGRESS',
      receivedAt: input.receivedAt,
      dueAt: input.dueAt,
      originalDueAt: input.dueAt,
      currentAgencies: [],
      steps: input.procedure.steps.map((s) => ({ key: s.key, name: s.name, agencyCode: s.agencyCode, status: 'PENDING' })),
      lastEventSeq: 0,
    };
  }

  definition(key: string): StepDefinition {
    const step = this.definitions.get(key);
    if (!step) throw new Error(`Unknown step ${key}`);
    return step;
  }

  step(key: string): StepState {
    const step = this.state.steps.find((s) => s.key === key);
    if (!step) throw new Error(`Unknown step ${key}`);
    return step;
  }

  /** Pending steps whose predecessors are all done: they can start now, in parallel. */
  readySteps(): StepDefinition[] {
    const done = new Set(this.state.steps.filter((s) => s.status === 'DONE').map((s) => s.key));
    return this.state.steps
      .filter((s) => s.status === 'PENDING')
      .map((s) => this.definition(s.key))
      .filter((d) => d.after.every((key) => done.has(key)));
  }

  allStepsDone(): boolean {
    return this.state.steps.every((s) => s.status === 'DONE');
  }

  receive(at: Date): void {
    this.record('DOSSIER_RECEIVED', SYSTEM_ACTOR, at, {
      procedureCode: this.input.procedure.code,
      procedureVersion: this.input.procedure.version,
      dueAt: this.state.dueAt,
    });
  }

  startStep(key: string, at: Date): StepState {
    const step = this.step(key);
    step.status = 'ACTIVE';
    step.startedAt = at.toISOString();
    // A step's share of the budget is counted from when it starts, in working time.
    step.dueAt = this.calendar.addWorkingDays(this.calendar.normaliseReceipt(at), this.definition(key).workingDays).toISOString();
    this.refreshCurrentAgencies();
    this.record('STEP_STARTED', SYSTEM_ACTOR, at, { stepKey: key, agencyCode: step.agencyCode, dueAt: step.dueAt });
    return step;
  }

  completeStep(key: string, at: Date, actor: string, result: Record<string, unknown>): void {
    const step = this.step(key);
    step.status = 'DONE';
    step.completedAt = at.toISOString();
    step.result = result;
    this.refreshCurrentAgencies();
    this.record('STEP_COMPLETED', actor, at, { stepKey: key, agencyCode: step.agencyCode, result });
  }

  complete(at: Date): void {
    this.state.status = 'COMPLETED';
    this.state.completedAt = at.toISOString();
    // Statistics count lateness against the original promise, whatever apologies moved it to.
    this.state.outcome = this.calendar.classifyCompletion(at, new Date(this.state.originalDueAt));
    this.record('DOSSIER_COMPLETED', SYSTEM_ACTOR, at, { outcome: this.state.outcome });
  }

  record(type: string, actor: string, at: Date, payload: Record<string, unknown>): void {
    this.state.lastEventSeq += 1;
    this.unsent.push({ seq: this.state.lastEventSeq, type, actor, occurredAt: at.toISOString(), payload });
  }

  /** The events not yet handed to the read model, with the state they lead to; undefined when none. */
  takeUpdate(): ReadModelUpdate | undefined {
    if (this.unsent.length === 0) return undefined;
    const events = this.unsent;
    this.unsent = [];
    // A copy: the state goes on changing while the activity is scheduled. (No structuredClone in the sandbox.)
    return { state: JSON.parse(JSON.stringify(this.state)) as DossierState, events };
  }

  private refreshCurrentAgencies(): void {
    const active = this.state.steps.filter((s) => s.status === 'ACTIVE' || s.status === 'WAITING_SUPPLEMENT');
    this.state.currentAgencies = [...new Set(active.map((s) => s.agencyCode))].sort();
  }
}
