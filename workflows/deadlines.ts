// Every deadline of a dossier derives from a start instant, a budget in working days and the working
// minutes paused for supplements. Keeping them derived (not stored and shifted) is what lets a
// calendar change re-project the deadlines of a running dossier: recompute with the new calendar.
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { DossierState, StepState } from '../domain/contract/dossier-workflow';
import type { ProcedureDefinition, StepDefinition } from '../domain/procedure/types';

const iso = (d: Date) => d.toISOString();

export class Deadlines {
  constructor(
    public calendar: WorkingCalendar,
    private readonly procedure: ProcedureDefinition,
  ) {}

  /** Where a step's or escalation's clock starts: the next working moment. */
  private basis(at: string): Date {
    return this.calendar.normaliseReceipt(new Date(at));
  }

  stepDueAt(step: StepState, definition: StepDefinition): string {
    const base = this.calendar.addWorkingDays(this.basis(step.startedAt!), definition.workingDays);
    return iso(this.calendar.addWorkingMinutes(base, step.pausedMinutes));
  }

  /** The warning goes out `warningBeforeWorkingDays` before the deadline; none if that is at the start. */
  stepWarnAt(step: StepState, definition: StepDefinition): string | undefined {
    const lead = this.procedure.policy.warningBeforeWorkingDays;
    const days = definition.workingDays - lead;
    if (lead <= 0 || days <= 0) return undefined;
    const base = this.calendar.addWorkingDays(this.basis(step.startedAt!), days);
    return iso(this.calendar.addWorkingMinutes(base, step.pausedMinutes));
  }

  originalDueAt(state: DossierState): string {
    const base = this.calendar.addWorkingDays(new Date(state.receivedAt), this.procedure.totalWorkingDays);
    return iso(this.calendar.addWorkingMinutes(base, state.pausedMinutes));
  }

  /** The promised date: the latest apology's, else the legal one; both move with later pauses. */
  dueAt(state: DossierState): string {
    if (!state.promisedDueAt) return this.originalDueAt(state);
    return iso(this.calendar.addWorkingMinutes(new Date(state.promisedDueAt), state.pausedSincePromise));
  }

  escalationClimbAt(raisedAt: string): string {
    return iso(
      this.calendar.addWorkingDays(
        this.basis(raisedAt),
        this.procedure.policy.escalationLevel2AfterWorkingDays,
      ),
    );
  }

  supplementExpiresAt(requestedAt: string): string {
    return iso(
      this.calendar.addWorkingDays(
        this.basis(requestedAt),
        this.procedure.policy.maxSupplementWaitWorkingDays,
      ),
    );
  }

  /** Working minutes from one instant to another (never negative). */
  workingMinutes(from: string, to: string): number {
    return Math.max(0, this.calendar.workingMinutesBetween(new Date(from), new Date(to)));
  }

  overrunMinutes(step: StepState): number {
    return this.workingMinutes(step.dueAt!, step.completedAt!);
  }
}
