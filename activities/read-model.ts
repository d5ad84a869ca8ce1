// Writes what the dossier workflow reports into the read model. Idempotent and order-safe: every
// update carries the sequence number of its last event; the dossier's projection is only written
// when that number is ahead of the row's, and events, notifications and apologies are keyed so a
// retried write inserts nothing twice.
import type { DossierEventRecord, DossierState, ReadModelUpdate } from '../domain/dossier/contract';
import type { Prisma } from '../prisma/generated/client/client';
import type { PrismaClient } from '../prisma/database';

export interface ReadModelDeps {
  prisma: PrismaClient;
  /** Told after each applied update, e.g. to feed live subscriptions. */
  onApplied?: (update: ReadModelUpdate) => void;
}

type Tx = Prisma.TransactionClient;
const toDate = (iso: string | undefined) => (iso ? new Date(iso) : null);

/** Which events the applicant is told about (the outbox a notification sender drains). */
const NOTIFIED: Record<string, 'RECEIVED' | 'SUPPLEMENT_REQUESTED' | 'APOLOGY' | 'RESULT_READY'> = {
  DOSSIER_RECEIVED: 'RECEIVED',
  SUPPLEMENT_REQUESTED: 'SUPPLEMENT_REQUESTED',
  APOLOGY_ISSUED: 'APOLOGY',
  DOSSIER_COMPLETED: 'RESULT_READY',
  DOSSIER_REFUSED: 'RESULT_READY',
  DOSSIER_STOPPED: 'RESULT_READY',
};

export const createReadModelActivities = ({ prisma, onApplied }: ReadModelDeps) => ({
  async applyReadModelUpdate(update: ReadModelUpdate): Promise<boolean> {
    const applied = await prisma.$transaction(async (tx) => {
      await appendEvents(tx, update.state.dossierCode, update.events);
      const { count } = await tx.dossier.updateMany({
        where: { code: update.state.dossierCode, lastEventSeq: { lt: update.state.lastEventSeq } },
        data: dossierProjection(update.state),
      });
      if (count === 0) return false; // a newer state is already there
      await projectChildren(tx, update.state);
      return true;
    });
    if (applied) onApplied?.(update);
    return applied;
  },
});

function dossierProjection(state: DossierState) {
  const lateStep = state.steps.find((s) => s.key === state.lateStepKey);
  return {
    status: state.status,
    dueAt: new Date(state.dueAt),
    originalDueAt: new Date(state.originalDueAt),
    completedAt: toDate(state.completedAt),
    outcome: state.outcome ?? null,
    statusReason: state.statusReason ?? null,
    lateStepKey: state.lateStepKey ?? null,
    lateAgencyCode: lateStep?.agencyCode ?? null,
    pausedMinutes: state.pausedMinutes,
    processingWorkingMinutes: state.processingWorkingMinutes ?? null,
    supplement: (state.supplement as object | undefined) ?? undefined,
    currentAgencies: state.currentAgencies,
    lastEventSeq: state.lastEventSeq,
  };
}

async function appendEvents(tx: Tx, dossierCode: string, events: DossierEventRecord[]) {
  await tx.dossierEvent.createMany({
    data: events.map((e) => ({ dossierCode, seq: e.seq, type: e.type, actor: e.actor, occurredAt: new Date(e.occurredAt), payload: e.payload as object })),
    skipDuplicates: true,
  });
  const notifications = events.filter((e) => NOTIFIED[e.type]);
  if (notifications.length) {
    await tx.notification.createMany({
      data: notifications.map((e) => ({ dossierCode, eventSeq: e.seq, kind: NOTIFIED[e.type], payload: { type: e.type, ...e.payload } as object })),
      skipDuplicates: true,
    });
  }
}

async function projectChildren(tx: Tx, state: DossierState) {
  const dossierCode = state.dossierCode;
  for (const step of state.steps) {
    const fields = {
      name: step.name,
      agencyCode: step.agencyCode,
      mode: step.mode,
      status: step.status,
      startedAt: toDate(step.startedAt),
      dueAt: toDate(step.dueAt),
      warnedAt: toDate(step.warnedAt),
      completedAt: toDate(step.completedAt),
      late: step.late ?? false,
      pausedMinutes: step.pausedMinutes,
      reference: step.reference ?? null,
      failure: step.failure ?? null,
      result: step.result as object | undefined,
    };
    await tx.dossierStep.upsert({ where: { dossierCode_key: { dossierCode, key: step.key } }, create: { dossierCode, key: step.key, ...fields }, update: fields });
  }
  for (const e of state.escalations) {
    const fields = {
      stepKey: e.stepKey ?? null,
      reason: e.reason,
      agencyCode: e.agencyCode,
      targetAgencyCode: e.targetAgencyCode,
      level: e.level,
      status: e.status,
      raisedAt: new Date(e.raisedAt),
      climbAt: toDate(e.climbAt),
      climbedAt: toDate(e.climbedAt),
      acknowledgedAt: toDate(e.acknowledgedAt),
      acknowledgedBy: e.acknowledgedBy ?? null,
      resolvedAt: toDate(e.resolvedAt),
      resolvedBy: e.resolvedBy ?? null,
      note: e.note ?? null,
    };
    await tx.escalation.upsert({ where: { id: e.id }, create: { id: e.id, dossierCode, ...fields }, update: fields });
  }
  if (state.apologies.length) {
    await tx.apologyLetter.createMany({
      data: state.apologies.map((a) => ({ ...a, dossierCode, previousDueAt: new Date(a.previousDueAt), newDueAt: new Date(a.newDueAt), issuedAt: new Date(a.issuedAt) })),
      skipDuplicates: true,
    });
  }
}
