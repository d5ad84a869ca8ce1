// Reconciliation with the national portal (`npm run reconcile`): for each dossier with events queued
// for the portal, compares what the outbox says was accepted with what the portal says it has
// (TraCuuHoSo: the last progress sequence it holds), and reports the difference; with repair, the
// rows the portal lacks are sent again (they are idempotent there), and refused or waiting rows are
// made due now. The portal is asked through `lookup`, given by the caller (the script wires the
// client of integrations/national-portal/).
import type { PrismaClient } from '../../prisma/database';
import { deliveredHeads, nationalSyncState, requeueDossier } from '../../prisma/read-model/national-sync';

export type NationalDriftKind = 'PORTAL_BEHIND' | 'REFUSED' | 'PENDING' | 'LOOKUP_FAILED';

export interface NationalDrift {
  dossierCode: string;
  kind: NationalDriftKind;
  detail: string;
}

export interface NationalReconcileReport {
  checked: number;
  drifts: NationalDrift[];
  requeued: number;
}

/** The portal's last progress sequence for a dossier; undefined when it has none. */
export type PortalLookup = (dossierCode: string) => Promise<{ lastSeq: number } | undefined>;

export async function reconcileNationalPortal(options: {
  prisma: PrismaClient;
  lookup: PortalLookup;
  repair?: boolean;
  codes?: string[];
  batchSize?: number;
}): Promise<NationalReconcileReport> {
  const { prisma, lookup } = options;
  const report: NationalReconcileReport = { checked: 0, drifts: [], requeued: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await deliveredHeads(prisma, {
      after,
      limit: options.batchSize ?? 200,
      codes: options.codes,
    });
    if (page.length === 0) break;
    for (const { dossierCode, lastSentSeq, pending } of page) {
      report.checked += 1;
      let portalSeq: number;
      try {
        portalSeq = (await lookup(dossierCode))?.lastSeq ?? 0;
      } catch (err) {
        report.drifts.push({ dossierCode, kind: 'LOOKUP_FAILED', detail: (err as Error).message });
        continue;
      }
      const state = await nationalSyncState(prisma, dossierCode);
      let resendAfter: number | null | undefined;
      if ((lastSentSeq ?? 0) > portalSeq) {
        report.drifts.push({
          dossierCode,
          kind: 'PORTAL_BEHIND',
          detail: `sent up to event ${lastSentSeq}, the portal has up to ${portalSeq}`,
        });
        resendAfter = portalSeq;
      } else if (state?.refused) {
        report.drifts.push({ dossierCode, kind: 'REFUSED', detail: state.lastError ?? 'refused' });
        resendAfter = lastSentSeq;
      } else if (pending > 0) {
        report.drifts.push({ dossierCode, kind: 'PENDING', detail: `${pending} event(s) not sent yet` });
        resendAfter = lastSentSeq;
      }
      if (options.repair && resendAfter !== undefined)
        report.requeued += await requeueDossier(prisma, dossierCode, resendAfter, new Date());
    }
    after = page[page.length - 1].dossierCode;
  }
  return report;
}
