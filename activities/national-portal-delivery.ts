// Delivery of the national portal's outbox (docs/national-portal.md): each dossier's queued events
// go to the portal in event order, one at a time; a row is stamped delivered only after the portal
// accepted both the record and the progress entry, so a crash between them resends the row, and
// the portal keeps a progress entry once per (MaHoSo, ThuTu). A portal down, slow or with an expired
// session leaves the row due again after an exponential backoff; a refused row stops its dossier
// (later rows wait behind it, order kept) until an operator resends it (`npm run reconcile`,
// `resendNationalSync`). Dossiers are independent: several are delivered at once.
import type { PrismaClient } from '../prisma/database';
import {
  dueOutboxHeads,
  markDelivered,
  markFailed,
  supplementRounds,
  type OutboxHead,
} from '../prisma/read-model/national-sync';
import { NationalPortalError, type NationalPortalClient } from '../integrations/national-portal/client';
import { buildDossierRecord, buildProgressRecord } from '../integrations/national-portal/records';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 5 * 60_000 };

/** The wait after the `attempts`-th failure: initial × 2^(attempts−1), at most max. */
export function backoffMs(attempts: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

export interface NationalPortalDeliveryDeps {
  prisma: PrismaClient;
  client: NationalPortalClient;
  backoff?: BackoffPolicy;
  /** Dossiers delivered at once. Default 8. */
  concurrency?: number;
  now?: () => Date;
  /** Only these dossiers (tests sharing a database with others); all otherwise. */
  scope?: () => string[];
}

export interface DeliveryRound {
  delivered: number;
  failed: number;
}

export function createNationalPortalDelivery(deps: NationalPortalDeliveryDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.concurrency ?? 8;

  /** Sends one row; true when the portal took it. */
  async function deliverRow(head: OutboxHead, exists: boolean): Promise<boolean> {
    const event = {
      seq: head.eventSeq,
      type: head.eventType,
      statusCode: head.statusCode,
      actor: head.actor,
      occurredAt: head.occurredAt,
      payload: head.payload,
    };
    try {
      const rounds = await supplementRounds(deps.prisma, head.dossierCode);
      await deps.client.syncDossier(buildDossierRecord(head.dossier, event, rounds), exists);
      await deps.client.reportProgress(buildProgressRecord(head.dossier, event));
      await markDelivered(deps.prisma, head.dossierCode, head.eventSeq, now());
      return true;
    } catch (err) {
      const refused = err instanceof NationalPortalError && err.kind === 'REFUSED';
      const at = now();
      await markFailed(deps.prisma, head, {
        at,
        error: err instanceof Error ? err.message : String(err),
        refused,
        nextAttemptAt: new Date(at.getTime() + backoffMs(head.attempts + 1, backoff)),
      });
      return false;
    }
  }

  /** Delivers the dossier's due rows in order until one fails or none is left. */
  async function deliverDossier(first: OutboxHead, round: DeliveryRound): Promise<void> {
    let head: OutboxHead | undefined = first;
    // The first row of a dossier asks the portal whether it has the record already (an answer lost
    // on the way back after it was created), as the provincial systems do (TraCuuHoSo).
    let exists = head.deliveredBefore;
    if (!exists) {
      try {
        exists = (await deps.client.lookup(head.dossierCode)) !== undefined;
      } catch (err) {
        const at = now();
        await markFailed(deps.prisma, head, {
          at,
          error: err instanceof Error ? err.message : String(err),
          refused: err instanceof NationalPortalError && err.kind === 'REFUSED',
          nextAttemptAt: new Date(at.getTime() + backoffMs(head.attempts + 1, backoff)),
        });
        round.failed += 1;
        return;
      }
    }
    while (head) {
      if (!(await deliverRow(head, exists))) {
        round.failed += 1;
        return;
      }
      round.delivered += 1;
      exists = true;
      [head] = await dueOutboxHeads(deps.prisma, now(), 1, [head.dossierCode]);
    }
  }

  return {
    /** One round: every dossier due now (up to `limit`), `concurrency` at a time. */
    async deliverDue(limit = 200): Promise<DeliveryRound> {
      const heads = await dueOutboxHeads(deps.prisma, now(), limit, deps.scope?.());
      const round: DeliveryRound = { delivered: 0, failed: 0 };
      let next = 0;
      const lanes = Array.from({ length: Math.min(concurrency, heads.length) }, async () => {
        while (next < heads.length) await deliverDossier(heads[next++], round);
      });
      await Promise.all(lanes);
      return round;
    },
  };
}
export type NationalPortalDelivery = ReturnType<typeof createNationalPortalDelivery>;
