// The read-model writer as an activity: each update the dossier workflow reports is written by the
// projection's one statement (prisma/read-model/dossier-projection.ts), then told to `onApplied`.
import type { ReadModelUpdate } from '../domain/contract/dossier-workflow';
import type { PrismaClient } from '../prisma/database';
import { applyDossierUpdate, type AppliedDossier } from '../prisma/read-model/dossier-projection';
import { recordReadModelWrite } from '../platform/observability/metrics';

export interface ReadModelDeps {
  prisma: PrismaClient;
  /** Told after each applied update, with what the dossier's row adds to it, e.g. to feed live subscriptions. */
  onApplied?: (update: ReadModelUpdate, dossier: AppliedDossier) => void;
}

export const createReadModelActivities = ({ prisma, onApplied }: ReadModelDeps) => ({
  async applyReadModelUpdate(update: ReadModelUpdate): Promise<boolean> {
    const applied = await applyDossierUpdate(prisma, update);
    // The lag: from the oldest change in this write (the workflow's clock) to now.
    const oldest = update.events[0]?.occurredAt;
    recordReadModelWrite(applied !== null, oldest ? new Date(oldest) : undefined);
    // Null: a newer state is already there (the events were still recorded, idempotently).
    if (applied) onApplied?.(update, applied);
    return applied !== null;
  },
});
