// Writes what the dossier workflow reports into the read model. Idempotent and order-safe: every
// update carries the sequence number of its last event; a retried or late update whose sequence
// the dossier row has already reached changes nothing, and events are keyed by (dossier, seq).
import type { PrismaClient } from '../prisma/database';
import type { ReadModelUpdate } from '../domain/dossier/contract';

export interface ReadModelDeps {
  prisma: PrismaClient;
  /** Told after each applied update, e.g. to feed live subscriptions. */
  onApplied?: (update: ReadModelUpdate) => void;
}

const toDate = (iso: string | undefined) => (iso ? new Date(iso) : null);

export const createReadModelActivities = ({ prisma, onApplied }: ReadModelDeps) => ({
  async applyReadModelUpdate(update: ReadModelUpdate): Promise<boolean> {
    const { state, events } = update;
    const applied = await prisma.$transaction(async (tx) => {
      const { count } = await tx.dossier.updateMany({
        where: { code: state.dossierCode, lastEventSeq: { lt: state.lastEventSeq } },
        data: {
          status: state.status,
          dueAt: new Date(state.dueAt),
          completedAt: toDate(state.completedAt),
          outcome: state.outcome ?? null,
          currentAgencies: state.currentAgencies,
          lastEventSeq: state.lastEventSeq,
        },
      });
      if (count === 0) return false;
      for (const step of state.steps) {
        const fields = {
          name: step.name,
          agencyCode: step.agencyCode,
          status: step.status,
          startedAt: toDate(step.startedAt),
          dueAt: toDate(step.dueAt),
          completedAt: toDate(step.completedAt),
          result: step.result as object | undefined,
        };
        await tx.dossierStep.upsert({
          where: { dossierCode_key: { dossierCode: state.dossierCode, key: step.key } },
          create: { dossierCode: state.dossierCode, key: step.key, ...fields },
          update: fields,
        });
      }
      await tx.dossierEvent.createMany({
        data: events.map((e) => ({
          dossierCode: state.dossierCode,
          seq: e.seq,
          type: e.type,
          actor: e.actor,
          occurredAt: new Date(e.occurredAt),
          payload: e.payload as object,
        })),
        skipDuplicates: true,
      });
      return true;
    });
    if (applied) onApplied?.(update);
    return applied;
  },
});
