// The escalations of one dossier: raised at level 1 (the responsible agency's head) when a step or
// the dossier runs late or an agency system fails for good; climbing to level 2 (the supervising
// body) when still unresolved after the procedure's configured working time.
import type {
  Actor,
  DossierState,
  EscalationActionArgs,
  EscalationReason,
  EscalationState,
} from '../domain/contract/dossier-workflow';
import { refuse } from './action-refused';
import { actorLabel as label } from '../domain/principal';
import { SYSTEM_ACTOR as SYSTEM } from './actors';
import type { Deadlines } from './deadlines';

type Record = (type: string, actor: Actor, at: Date, payload: { [key: string]: unknown }) => void;

export class EscalationBook {
  constructor(
    private readonly state: DossierState,
    private readonly supervisors: { [agencyCode: string]: string | null },
    private readonly deadlines: Deadlines,
    private readonly record: Record,
  ) {}

  unresolved(): EscalationState[] {
    return this.state.escalations.filter((e) => e.status !== 'RESOLVED');
  }

  forStep(stepKey: string, reason: EscalationReason): EscalationState | undefined {
    return this.state.escalations.find((e) => e.stepKey === stepKey && e.reason === reason);
  }

  raise(reason: EscalationReason, agencyCode: string, now: Date, stepKey?: string): EscalationState {
    const escalation: EscalationState = {
      id: `${this.state.dossierCode}:E${this.state.escalations.length + 1}`,
      reason,
      stepKey,
      agencyCode,
      level: 1,
      targetAgencyCode: agencyCode,
      status: 'OPEN',
      raisedAt: now.toISOString(),
      climbAt: this.deadlines.escalationClimbAt(now.toISOString()),
    };
    this.state.escalations.push(escalation);
    this.record('ESCALATION_RAISED', SYSTEM, now, { ...escalation });
    return escalation;
  }

  climbAlarms() {
    return this.unresolved()
      .filter((e) => e.level === 1 && e.climbAt)
      .map((e) => ({ kind: 'ESCALATION_CLIMB' as const, at: e.climbAt!, escalationId: e.id }));
  }

  climb(id: string, now: Date): void {
    const escalation = this.find(id);
    if (escalation.level !== 1 || escalation.status === 'RESOLVED') return;
    escalation.level = 2;
    escalation.targetAgencyCode = this.supervisors[escalation.agencyCode] ?? null;
    escalation.climbedAt = now.toISOString();
    escalation.climbAt = undefined;
    this.record('ESCALATION_CLIMBED', SYSTEM, now, {
      escalationId: id,
      level: 2,
      targetAgencyCode: escalation.targetAgencyCode,
    });
  }

  checkAcknowledgeEscalation({ actor, escalationId }: EscalationActionArgs): EscalationState {
    const escalation = this.checkHandler(actor, escalationId);
    if (escalation.status === 'ACKNOWLEDGED') {
      refuse('INVALID_TRANSITION', `Escalation ${escalationId} is already acknowledged`);
    }
    return escalation;
  }

  acknowledgeEscalation(args: EscalationActionArgs, now: Date): void {
    const escalation = this.checkAcknowledgeEscalation(args);
    Object.assign(escalation, {
      status: 'ACKNOWLEDGED',
      acknowledgedAt: now.toISOString(),
      acknowledgedBy: label(args.actor),
    });
    this.record('ESCALATION_ACKNOWLEDGED', args.actor, now, { escalationId: args.escalationId });
  }

  checkResolveEscalation({ actor, escalationId }: EscalationActionArgs): EscalationState {
    return this.checkHandler(actor, escalationId);
  }

  resolveEscalation(args: EscalationActionArgs, now: Date): void {
    const escalation = this.checkResolveEscalation(args);
    Object.assign(escalation, {
      status: 'RESOLVED',
      resolvedAt: now.toISOString(),
      resolvedBy: label(args.actor),
      note: args.note,
      climbAt: undefined,
    });
    this.record('ESCALATION_RESOLVED', args.actor, now, { escalationId: args.escalationId, note: args.note });
  }

  /** Supervisors and administrators, or the agency the escalation is addressed to; never a resolved one. */
  private checkHandler(actor: Actor, id: string): EscalationState {
    const escalation = this.find(id);
    const addressee = actor.kind === 'AGENCY' && actor.agencyCode === escalation.targetAgencyCode;
    if (actor.kind !== 'SUPERVISOR' && actor.kind !== 'ADMIN' && !addressee) {
      refuse(
        'FORBIDDEN',
        `Only supervisors or ${escalation.targetAgencyCode ?? 'the province'} handle escalation ${id}`,
      );
    }
    if (escalation.status === 'RESOLVED')
      refuse('INVALID_TRANSITION', `Escalation ${id} is already resolved`);
    return escalation;
  }

  /** Level-1 escalations climb after a working time: a new calendar moves when. */
  reproject(): void {
    for (const e of this.unresolved())
      if (e.level === 1 && e.climbAt) e.climbAt = this.deadlines.escalationClimbAt(e.raisedAt);
  }

  private find(id: string): EscalationState {
    return (
      this.state.escalations.find((e) => e.id === id) ??
      refuse('ESCALATION_NOT_FOUND', `No escalation ${id} on this dossier`)
    );
  }
}
