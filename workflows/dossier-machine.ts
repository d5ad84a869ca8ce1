// The dossier's state machine as a plain class: the workflow file only wires Temporal to it, so the
// rules can be read and unit-tested without Temporal. Deterministic: time always comes in as `now`.
// Every transition records an audit event; the workflow hands them to the read model in order.
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { CalendarSnapshot } from '../domain/calendar/types';
import type {
  Actor,
  AgencyOutcomeArgs,
  CompleteStepArgs,
  DossierEventRecord,
  DossierState,
  DossierWorkflowInput,
  IssueApologyArgs,
  ProvideSupplementArgs,
  ReadModelUpdate,
  RefuseDossierArgs,
  RequestSupplementArgs,
  RetryStepArgs,
  StepState,
  WithdrawDossierArgs,
} from '../domain/contract/dossier-workflow';
import type { StepDefinition, SubmittedComponent } from '../domain/procedure/types';
import { answerOfOutcome, type AgencyAnswer } from '../domain/contract/agency-answer';
import { ActionRefused, refuse } from './action-refused';
import { actorLabel } from '../domain/principal';
import { SYSTEM_ACTOR } from './actors';
import { Deadlines } from './deadlines';
import { EscalationBook } from './escalation-book';

const CLOSED = new Set(['COMPLETED', 'REFUSED', 'WITHDRAWN', 'STOPPED']);

export type Alarm =
  | { kind: 'STEP_WARNING' | 'STEP_OVERDUE'; at: string; stepKey: string }
  | { kind: 'DOSSIER_OVERDUE' | 'SUPPLEMENT_EXPIRED'; at: string }
  | { kind: 'ESCALATION_CLIMB'; at: string; escalationId: string };

export class DossierMachine {
  readonly state: DossierState;
  readonly escalations: EscalationBook;
  private deadlines: Deadlines;
  private readonly definitions = new Map<string, StepDefinition>();
  private unsent: DossierEventRecord[] = [];
  /** Bumped on every change, so the workflow knows when to look again. */
  revision = 0;

  constructor(private readonly input: DossierWorkflowInput) {
    for (const step of input.procedure.steps) this.definitions.set(step.key, step);
    this.deadlines = new Deadlines(new WorkingCalendar(input.calendar), input.procedure);
    this.state = input.resume ?? {
      dossierCode: input.dossierCode,
      procedureCode: input.procedure.code,
      status: 'IN_PROGRESS',
      receivedAt: input.receivedAt,
      dueAt: input.dueAt,
      originalDueAt: input.dueAt,
      currentAgencies: [],
      pausedMinutes: 0,
      pausedSincePromise: 0,
      steps: input.procedure.steps.map((s) => ({
        key: s.key,
        name: s.name,
        agencyCode: s.agencyCode,
        mode: s.mode,
        status: 'PENDING',
        pausedMinutes: 0,
        deliveries: 0,
      })),
      escalations: [],
      apologies: [],
      calendarVersion: input.calendar.version,
      lastEventSeq: 0,
    };
    this.escalations = new EscalationBook(this.state, input.supervisors, this.deadlines, (...args) =>
      this.record(...args),
    );
  }

  get closed(): boolean {
    return CLOSED.has(this.state.status);
  }

  /** The workflow may end: the dossier is closed and no escalation about it is still unresolved. */
  get finished(): boolean {
    return this.closed && this.escalations.unresolved().length === 0;
  }

  definition(key: string): StepDefinition {
    return this.definitions.get(key) ?? refuse('STEP_NOT_FOUND', `The procedure has no step "${key}"`);
  }

  step(key: string): StepState {
    return (
      this.state.steps.find((s) => s.key === key) ??
      refuse('STEP_NOT_FOUND', `The procedure has no step "${key}"`)
    );
  }

  receive(now: Date): void {
    this.record('DOSSIER_RECEIVED', SYSTEM_ACTOR, now, {
      procedureCode: this.input.procedure.code,
      procedureVersion: this.input.procedure.version,
      dueAt: this.state.dueAt,
    });
  }

  /** Starts every pending step whose predecessors are all done (branches run in parallel and join). */
  startReadySteps(now: Date): void {
    if (this.state.status !== 'IN_PROGRESS') return;
    const done = new Set(this.state.steps.filter((s) => s.status === 'DONE').map((s) => s.key));
    for (const step of this.state.steps) {
      if (step.status !== 'PENDING' || !this.definition(step.key).after.every((k) => done.has(k))) continue;
      step.status = 'ACTIVE';
      step.startedAt = now.toISOString();
      this.project(step);
      this.record('STEP_STARTED', SYSTEM_ACTOR, now, {
        stepKey: step.key,
        agencyCode: step.agencyCode,
        dueAt: step.dueAt,
      });
      if (step.mode === 'SYSTEM') this.queueDelivery(step);
    }
    this.refreshCurrentAgencies();
  }

  /** SYSTEM steps whose work item must be (re)sent to the agency's system now. */
  takeDeliveries(): StepState[] {
    const due = this.state.steps.filter((s) => s.deliveryPending);
    for (const step of due) step.deliveryPending = false;
    return due;
  }

  // ---- Answers of agency systems -------------------------------------------------------------

  deliveryAnswered(stepKey: string, answer: AgencyAnswer, now: Date): void {
    const step = this.step(stepKey);
    if (step.status !== 'ACTIVE') return; // the dossier moved on (refused, withdrawn) meanwhile
    step.reference = answer.reference;
    const agency: Actor = { kind: 'AGENCY', id: 'system', agencyCode: step.agencyCode };
    this.record('STEP_DELIVERED', agency, now, {
      stepKey,
      reference: answer.reference,
      answer: answer.status,
    });
    this.applyOutcome(step, agency, answer, now);
  }

  checkAgencyOutcome(args: AgencyOutcomeArgs): StepState {
    const step = this.step(args.stepKey);
    if (step.agencyCode !== args.agencyCode)
      refuse('FORBIDDEN', `Step "${step.key}" belongs to ${step.agencyCode}, not ${args.agencyCode}`);
    if (step.mode !== 'SYSTEM' || step.status !== 'ACTIVE')
      refuse('INVALID_TRANSITION', `Step "${step.key}" is not waiting for its agency's system`);
    if (step.reference && step.reference !== args.reference)
      refuse('VALIDATION_FAILED', `Unknown work item reference ${args.reference}`);
    return step;
  }

  agencyOutcome(args: AgencyOutcomeArgs, now: Date): void {
    const step = this.checkAgencyOutcome(args);
    const agency: Actor = { kind: 'AGENCY', id: 'callback', agencyCode: args.agencyCode };
    this.applyOutcome(step, agency, answerOfOutcome(args), now);
  }

  private applyOutcome(step: StepState, agency: Actor, answer: AgencyAnswer, now: Date): void {
    if (answer.status === 'DONE')
      this.finishStep(step, agency, now, { reference: answer.reference, ...answer.result });
    else if (answer.status === 'REFUSED') this.close('REFUSED', agency, now, answer.reason, step.key);
    else if (answer.status === 'NEEDS_SUPPLEMENT') {
      if (this.state.supplement)
        this.failStep(step.key, 'The agency system asked for a second supplement; only one is allowed', now);
      else this.pauseForSupplement(step, agency, answer.items, undefined, now);
    }
    this.touch();
  }

  failStep(stepKey: string, message: string, now: Date): void {
    const step = this.step(stepKey);
    if (step.status !== 'ACTIVE') return;
    step.status = 'FAILED';
    step.failure = message;
    this.record('STEP_FAILED', SYSTEM_ACTOR, now, { stepKey, agencyCode: step.agencyCode, message });
    this.escalations.raise('INTEGRATION_FAILURE', step.agencyCode, now, step.key);
    this.refreshCurrentAgencies();
  }

  // ---- Officer and applicant actions ----------------------------------------------------------
  // Each action is a pair named after its update: `checkX(args, now)` refuses (ActionRefused) what
  // the dossier's state does not allow and changes nothing; `x(args, now)` checks again, then acts.

  checkCompleteStep({ actor, stepKey }: CompleteStepArgs): StepState {
    this.requireOpen();
    const step = this.step(stepKey);
    this.requireAgency(actor, step.agencyCode);
    if (step.status !== 'ACTIVE')
      refuse('INVALID_TRANSITION', `Step "${stepKey}" is ${step.status}, not ACTIVE`);
    return step;
  }

  completeStep(args: CompleteStepArgs, now: Date): void {
    this.finishStep(this.checkCompleteStep(args), args.actor, now, args.result ?? {});
  }

  checkRequestSupplement(args: RequestSupplementArgs): StepState {
    const step = this.checkCompleteStep(args);
    if (this.state.supplement) {
      refuse(
        'INVALID_TRANSITION',
        'Supplements were already requested once for this dossier; list everything missing in one request',
      );
    }
    const named = args.components ?? [];
    if ((args.items.length === 0 && named.length === 0) || args.items.some((i) => !i.trim())) {
      refuse('VALIDATION_FAILED', 'items: list at least one missing document, none empty');
    }
    this.supplementComponents(named);
    return step;
  }

  requestSupplement(args: RequestSupplementArgs, now: Date): void {
    const step = this.checkRequestSupplement(args);
    const components = this.supplementComponents(args.components ?? []);
    this.pauseForSupplement(step, args.actor, args.items, args.note, now, components);
  }

  /** The components a supplement request names, by the procedure version's list, with their names. */
  private supplementComponents(
    named: NonNullable<RequestSupplementArgs['components']>,
  ): SubmittedComponent[] {
    const listed = new Map((this.input.procedure.components ?? []).map((c) => [c.code, c]));
    const seen = new Set<string>();
    return named.map((item) => {
      const component = listed.get(item.code);
      if (!component) refuse('UNKNOWN_COMPONENT', `The procedure lists no document component "${item.code}"`);
      const counts = {
        originals: item.originals ?? 0,
        certifiedCopies: item.certifiedCopies ?? 0,
        photocopies: item.photocopies ?? 0,
      };
      const total = counts.originals + counts.certifiedCopies + counts.photocopies;
      const whole = Object.values(counts).every((n) => Number.isInteger(n) && n >= 0 && n <= 20);
      if (!whole || total === 0 || seen.has(item.code)) {
        refuse(
          'VALIDATION_FAILED',
          `components: "${item.code}" must be named once, with 1-20 copies of whole numbers`,
        );
      }
      seen.add(item.code);
      return { code: component!.code, name: component!.name, ...counts };
    });
  }

  checkProvideSupplement({ actor }: ProvideSupplementArgs): void {
    this.requireApplicantSide(actor);
    if (this.state.status !== 'WAITING_SUPPLEMENT') {
      refuse('INVALID_TRANSITION', `The dossier is ${this.state.status}: no supplement is awaited`);
    }
  }

  provideSupplement(args: ProvideSupplementArgs, now: Date): void {
    this.checkProvideSupplement(args);
    const supplement = this.state.supplement!;
    const paused = this.deadlines.workingMinutes(supplement.requestedAt, now.toISOString());
    Object.assign(supplement, {
      providedAt: now.toISOString(),
      providedBy: actorLabel(args.actor),
      pausedMinutes: paused,
    });
    this.state.pausedMinutes += paused;
    if (this.state.promisedDueAt) this.state.pausedSincePromise += paused;
    const step = this.step(supplement.stepKey);
    step.pausedMinutes += paused;
    step.status = 'ACTIVE';
    this.state.status = 'IN_PROGRESS';
    this.reprojectAll();
    this.record('SUPPLEMENT_PROVIDED', args.actor, now, {
      stepKey: step.key,
      pausedWorkingMinutes: paused,
      note: args.note,
      dueAt: this.state.dueAt,
    });
    if (step.mode === 'SYSTEM') this.queueDelivery(step);
    this.refreshCurrentAgencies();
  }

  checkRefuseDossier({ actor, stepKey, reason }: RefuseDossierArgs): void {
    this.requireOpen();
    const step = this.step(stepKey);
    this.requireAgency(actor, step.agencyCode);
    if (step.status !== 'ACTIVE') {
      refuse(
        'INVALID_TRANSITION',
        `Step "${stepKey}" is ${step.status}: only the agency handling an active step may refuse`,
      );
    }
    if (!reason.trim()) refuse('VALIDATION_FAILED', 'reason: a refusal must say why');
  }

  refuseDossier(args: RefuseDossierArgs, now: Date): void {
    this.checkRefuseDossier(args);
    this.close('REFUSED', args.actor, now, args.reason, args.stepKey);
  }

  checkWithdrawDossier({ actor }: WithdrawDossierArgs): void {
    this.requireOpen();
    this.requireApplicantSide(actor);
  }

  withdrawDossier(args: WithdrawDossierArgs, now: Date): void {
    this.checkWithdrawDossier(args);
    this.close('WITHDRAWN', args.actor, now, args.reason ?? 'Withdrawn by the applicant');
  }

  checkIssueApology({ actor, stepKey, newDueAt }: IssueApologyArgs, now: Date): void {
    this.requireOpen();
    const step = this.step(stepKey);
    this.requireAgency(actor, step.agencyCode);
    if (step.status !== 'ACTIVE' && step.status !== 'WAITING_SUPPLEMENT' && !step.late) {
      refuse(
        'INVALID_TRANSITION',
        `Step "${stepKey}" is ${step.status}: only the agency making the dossier late apologises`,
      );
    }
    const at = new Date(newDueAt);
    if (Number.isNaN(at.getTime())) refuse('VALIDATION_FAILED', 'newDueAt: not a date-time');
    if (at <= new Date(this.state.dueAt) || at <= now) {
      refuse(
        'VALIDATION_FAILED',
        `newDueAt must be after the current due date ${this.state.dueAt} and in the future`,
      );
    }
  }

  issueApology(args: IssueApologyArgs, now: Date): void {
    this.checkIssueApology(args, now);
    const apology = {
      id: `${this.state.dossierCode}:A${this.state.apologies.length + 1}`,
      stepKey: args.stepKey,
      agencyCode: this.step(args.stepKey).agencyCode,
      reason: args.reason,
      previousDueAt: this.state.dueAt,
      newDueAt: new Date(args.newDueAt).toISOString(),
      issuedAt: now.toISOString(),
      issuedBy: actorLabel(args.actor),
    };
    this.state.apologies.push(apology);
    this.state.promisedDueAt = apology.newDueAt;
    this.state.pausedSincePromise = 0;
    this.reprojectAll();
    this.record('APOLOGY_ISSUED', args.actor, now, { ...apology });
  }

  checkRetryStep({ actor, stepKey }: RetryStepArgs): StepState {
    if (actor.kind !== 'SUPERVISOR' && actor.kind !== 'ADMIN') {
      refuse('FORBIDDEN', 'Only supervisors retry a failed step');
    }
    this.requireOpen();
    const step = this.step(stepKey);
    if (step.status !== 'FAILED')
      refuse('INVALID_TRANSITION', `Step "${stepKey}" is ${step.status}, not FAILED`);
    return step;
  }

  retryStep(args: RetryStepArgs, now: Date): void {
    const step = this.checkRetryStep(args);
    step.status = 'ACTIVE';
    step.failure = undefined;
    this.record('STEP_RETRIED', args.actor, now, { stepKey: step.key });
    this.queueDelivery(step);
    this.refreshCurrentAgencies();
  }

  /** A new calendar: every deadline is recomputed from its start and budget on it. */
  reproject(snapshot: CalendarSnapshot, now: Date): void {
    if (snapshot.version <= this.state.calendarVersion) return;
    this.deadlines.calendar = new WorkingCalendar(snapshot);
    this.state.calendarVersion = snapshot.version;
    this.reprojectAll();
    this.record('DEADLINES_REPROJECTED', SYSTEM_ACTOR, now, {
      calendarVersion: snapshot.version,
      dueAt: this.state.dueAt,
    });
  }

  // ---- Deadlines and alarms ------------------------------------------------------------------

  nextAlarm(): Alarm | undefined {
    const alarms: Alarm[] = [];
    if (!this.closed) {
      for (const step of this.state.steps) {
        if (step.status !== 'ACTIVE') continue;
        if (step.warnAt && !step.warnedAt)
          alarms.push({ kind: 'STEP_WARNING', at: step.warnAt, stepKey: step.key });
        if (!this.escalations.forStep(step.key, 'STEP_OVERDUE'))
          alarms.push({ kind: 'STEP_OVERDUE', at: step.dueAt!, stepKey: step.key });
      }
      if (this.state.status === 'IN_PROGRESS' && this.state.dossierOverdueFor !== this.state.dueAt) {
        alarms.push({ kind: 'DOSSIER_OVERDUE', at: this.state.dueAt });
      }
      if (this.state.status === 'WAITING_SUPPLEMENT')
        alarms.push({ kind: 'SUPPLEMENT_EXPIRED', at: this.state.supplement!.expiresAt });
    }
    alarms.push(...this.escalations.climbAlarms());
    return alarms.sort((a, b) => a.at.localeCompare(b.at))[0];
  }

  fire(alarm: Alarm, now: Date): void {
    switch (alarm.kind) {
      case 'STEP_WARNING': {
        const step = this.step(alarm.stepKey);
        step.warnedAt = now.toISOString();
        this.record('STEP_WARNING', SYSTEM_ACTOR, now, {
          stepKey: step.key,
          agencyCode: step.agencyCode,
          dueAt: step.dueAt,
        });
        break;
      }
      case 'STEP_OVERDUE': {
        const step = this.step(alarm.stepKey);
        this.escalations.raise('STEP_OVERDUE', step.agencyCode, now, step.key);
        break;
      }
      case 'DOSSIER_OVERDUE':
        this.state.dossierOverdueFor = this.state.dueAt;
        for (const agency of this.responsibleAgencies())
          this.escalations.raise('DOSSIER_OVERDUE', agency, now);
        break;
      case 'SUPPLEMENT_EXPIRED':
        this.close(
          'STOPPED',
          SYSTEM_ACTOR,
          now,
          'The applicant did not provide the requested supplements in time',
        );
        break;
      case 'ESCALATION_CLIMB':
        this.escalations.climb(alarm.escalationId, now);
        break;
    }
    this.touch();
  }

  // ---- Internals -----------------------------------------------------------------------------

  private finishStep(step: StepState, actor: Actor, now: Date, result: Record<string, unknown>): void {
    step.status = 'DONE';
    step.completedAt = now.toISOString();
    step.result = result;
    step.late = now > new Date(step.dueAt!);
    this.record('STEP_COMPLETED', actor, now, {
      stepKey: step.key,
      agencyCode: step.agencyCode,
      late: step.late,
      result,
    });
    this.refreshCurrentAgencies();
    if (this.state.steps.every((s) => s.status === 'DONE')) this.complete(now);
    else this.startReadySteps(now);
  }

  private complete(now: Date): void {
    this.state.status = 'COMPLETED';
    this.state.completedAt = now.toISOString();
    // Statistics count lateness against the legal due date, whatever apologies promised since.
    this.state.outcome = this.deadlines.calendar.classifyCompletion(now, new Date(this.state.originalDueAt));
    // Processing time for the statistics: working time from receipt to result, less supplement waits.
    this.state.processingWorkingMinutes = Math.max(
      0,
      this.deadlines.workingMinutes(this.state.receivedAt, this.state.completedAt) - this.state.pausedMinutes,
    );
    if (this.state.outcome === 'LATE') this.state.lateStepKey = this.mostOverrunStep()?.key;
    this.record('DOSSIER_COMPLETED', SYSTEM_ACTOR, now, {
      outcome: this.state.outcome,
      lateStepKey: this.state.lateStepKey,
    });
  }

  /** The step that overran its own deadline the most is the one the lateness is attributed to. */
  private mostOverrunStep(): StepState | undefined {
    const late = this.state.steps.filter((s) => s.late);
    return late.sort((a, b) => this.deadlines.overrunMinutes(b) - this.deadlines.overrunMinutes(a))[0];
  }

  private pauseForSupplement(
    step: StepState,
    actor: Actor,
    items: string[],
    note: string | undefined,
    now: Date,
    components: SubmittedComponent[] = [],
  ): void {
    step.status = 'WAITING_SUPPLEMENT';
    this.state.status = 'WAITING_SUPPLEMENT';
    this.state.supplement = {
      stepKey: step.key,
      items,
      ...(components.length > 0 ? { components } : {}),
      note,
      requestedAt: now.toISOString(),
      requestedBy: actorLabel(actor),
      expiresAt: this.deadlines.supplementExpiresAt(now.toISOString()),
    };
    this.record('SUPPLEMENT_REQUESTED', actor, now, {
      stepKey: step.key,
      items,
      ...(components.length > 0 ? { components } : {}),
      note,
      expiresAt: this.state.supplement.expiresAt,
    });
    this.refreshCurrentAgencies();
  }

  private close(
    status: 'REFUSED' | 'WITHDRAWN' | 'STOPPED',
    actor: Actor,
    now: Date,
    reason: string,
    stepKey?: string,
  ): void {
    this.state.status = status;
    this.state.statusReason = reason;
    this.state.completedAt = now.toISOString();
    for (const step of this.state.steps) {
      if (step.status !== 'DONE' && step.status !== 'FAILED') step.status = 'CANCELLED';
      step.deliveryPending = false;
    }
    this.refreshCurrentAgencies();
    this.record(`DOSSIER_${status}`, actor, now, { reason, stepKey });
  }

  private project(step: StepState): void {
    const definition = this.definition(step.key);
    step.dueAt = this.deadlines.stepDueAt(step, definition);
    step.warnAt = this.deadlines.stepWarnAt(step, definition);
  }

  private reprojectAll(): void {
    this.state.originalDueAt = this.deadlines.originalDueAt(this.state);
    this.state.dueAt = this.deadlines.dueAt(this.state);
    for (const step of this.state.steps) if (step.startedAt && !step.completedAt) this.project(step);
    this.escalations.reproject();
  }

  private queueDelivery(step: StepState): void {
    step.deliveries += 1;
    step.deliveryPending = true;
  }

  private responsibleAgencies(): string[] {
    return this.state.currentAgencies.length
      ? this.state.currentAgencies
      : [this.input.procedure.receivingAgencyCode];
  }

  private requireOpen(): void {
    if (this.closed) refuse('INVALID_TRANSITION', `The dossier is ${this.state.status}`);
  }

  private requireAgency(actor: Actor, agencyCode: string): void {
    if (actor.kind === 'SYSTEM') return;
    if (actor.kind !== 'AGENCY' || actor.agencyCode !== agencyCode) {
      refuse('FORBIDDEN', `Only ${agencyCode} acts on this step`);
    }
  }

  /** The applicant, a portal on their behalf, or the receiving desk at the counter (its officers or desk officers). */
  private requireApplicantSide(actor: Actor): void {
    const receivingDesk =
      (actor.kind === 'AGENCY' || actor.kind === 'DESK') &&
      actor.agencyCode === this.input.procedure.receivingAgencyCode;
    if (!['APPLICANT', 'PORTAL', 'SYSTEM'].includes(actor.kind) && !receivingDesk) {
      refuse('FORBIDDEN', 'Only the applicant, a portal or the receiving desk acts for the applicant');
    }
  }

  private refreshCurrentAgencies(): void {
    const active = this.state.steps.filter(
      (s) => s.status === 'ACTIVE' || s.status === 'WAITING_SUPPLEMENT' || s.status === 'FAILED',
    );
    this.state.currentAgencies = this.closed ? [] : [...new Set(active.map((s) => s.agencyCode))].sort();
    this.touch();
  }

  record(type: string, actor: Actor, at: Date, payload: Record<string, unknown>): void {
    this.state.lastEventSeq += 1;
    this.unsent.push({
      seq: this.state.lastEventSeq,
      type,
      actor: actorLabel(actor),
      occurredAt: at.toISOString(),
      // The officer by name and title when a person acted (the forms' signature blocks read it here).
      payload: actor.person
        ? { ...payload, by: { name: actor.person.name, title: actor.person.title } }
        : payload,
    });
    this.touch();
  }

  private touch(): void {
    this.revision += 1;
  }

  /** The events not yet handed to the read model, with the state they lead to; undefined when none. */
  takeUpdate(): ReadModelUpdate | undefined {
    if (this.unsent.length === 0) return undefined;
    const events = this.unsent;
    this.unsent = [];
    // A copy: the state goes on changing while the activity is scheduled (no structuredClone in the sandbox).
    return { state: JSON.parse(JSON.stringify(this.state)) as DossierState, events };
  }
}

export { ActionRefused };
