// Compares the read model with what the dossier workflows recorded and reports (and on request
// repairs) any drift. The truth is Temporal's history: every read-model write the workflow ever
// asked for is there as the input of an `applyReadModelUpdate` activity, across every run of a
// continued-as-new chain. Replaying those inputs through the (idempotent) writer repairs anything.
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { workflowIdForDossier, type ReadModelUpdate } from '../domain/contract/dossier-workflow';
import type { PrismaClient } from '../prisma/database';
import { applyDossierUpdate } from '../prisma/read-model/dossier-projection';
import {
  projectedDossiers,
  recordedEventSeqs,
  rewindProjection,
  startableDossier,
  type ProjectedDossier,
} from '../prisma/read-model/reconciliation';
import { ensureDossierWorkflow, type ReceptionDeps } from './reception/submit-dossier';

export type DriftKind = 'MISSING_WORKFLOW' | 'STATE_BEHIND' | 'STATE_MISMATCH' | 'MISSING_EVENTS';

export interface Drift {
  dossierCode: string;
  kind: DriftKind;
  detail: string;
}

export interface ReconcileReport {
  checked: number;
  drifts: Drift[];
  repaired: number;
}

export interface ReconcileOptions {
  prisma: PrismaClient;
  temporal: Client;
  repair?: boolean;
  /** Only these dossiers; all otherwise. */
  codes?: string[];
  /** To start the workflow of a dossier whose submission stopped before it (repair only). */
  reception?: ReceptionDeps;
  batchSize?: number;
}

/** Every read-model update the workflow scheduled, oldest first, from every run of the dossier. */
export async function recordedUpdates(
  temporal: Client,
  dossierCode: string,
): Promise<ReadModelUpdate[] | undefined> {
  const workflowId = workflowIdForDossier(dossierCode);
  const runs: { runId: string; startTime: Date }[] = [];
  for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  if (runs.length === 0) return undefined;
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const updates: ReadModelUpdate[] = [];
  for (const run of runs) {
    const history = await temporal.workflow.getHandle(workflowId, run.runId).fetchHistory();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== 'applyReadModelUpdate') continue;
      // Raw history: the payload is decoded (decrypted) with the client's converter, as the worker did.
      const payloads = scheduled.input?.payloads;
      if (payloads?.length)
        updates.push(
          await decodeFromPayloadsAtIndex<ReadModelUpdate>(temporal.options.loadedDataConverter, 0, payloads),
        );
    }
  }
  return updates;
}

function compare(
  dossierCode: string,
  expected: ReadModelUpdate,
  row: ProjectedDossier,
  seqs: Set<number>,
  allEvents: number[],
): Drift[] {
  const drifts: Drift[] = [];
  const state = expected.state;
  if (row.lastEventSeq < state.lastEventSeq) {
    drifts.push({
      dossierCode,
      kind: 'STATE_BEHIND',
      detail: `read model at event ${row.lastEventSeq}, workflow at ${state.lastEventSeq}`,
    });
  } else if (
    row.status !== state.status ||
    row.dueAt.toISOString() !== state.dueAt ||
    (row.outcome ?? undefined) !== state.outcome
  ) {
    drifts.push({
      dossierCode,
      kind: 'STATE_MISMATCH',
      detail: `read model ${row.status}/${row.dueAt.toISOString()}/${row.outcome}, workflow ${state.status}/${state.dueAt}/${state.outcome}`,
    });
  }
  const missing = allEvents.filter((seq) => !seqs.has(seq));
  if (missing.length)
    drifts.push({
      dossierCode,
      kind: 'MISSING_EVENTS',
      detail: `events ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''} missing`,
    });
  return drifts;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { prisma, temporal, repair = false, batchSize = 200 } = options;
  const report: ReconcileReport = { checked: 0, drifts: [], repaired: 0 };
  let cursor: string | undefined;
  for (;;) {
    const rows = await projectedDossiers(prisma, { codes: options.codes, after: cursor, limit: batchSize });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1].code;
    for (const row of rows) {
      report.checked += 1;
      const updates = await recordedUpdates(temporal, row.code);
      if (!updates) {
        report.drifts.push({
          dossierCode: row.code,
          kind: 'MISSING_WORKFLOW',
          detail: 'no workflow was ever started for this dossier',
        });
        if (repair && options.reception) {
          await ensureDossierWorkflow(options.reception, await startableDossier(prisma, row.code));
          report.repaired += 1;
        }
        continue;
      }
      if (updates.length === 0) continue;
      const recorded = new Set(await recordedEventSeqs(prisma, row.code));
      const expected = updates.reduce((latest, u) =>
        u.state.lastEventSeq > latest.state.lastEventSeq ? u : latest,
      );
      const allEvents = updates.flatMap((u) => u.events.map((e) => e.seq));
      const drifts = compare(row.code, expected, row, recorded, allEvents);
      report.drifts.push(...drifts);
      if (repair && drifts.length) {
        // A mismatch at the same sequence number needs the projection rewound first; events are
        // re-inserted idempotently.
        if (drifts.some((d) => d.kind === 'STATE_MISMATCH')) await rewindProjection(prisma, row.code);
        for (const update of updates) await applyDossierUpdate(prisma, update);
        report.repaired += 1;
      }
    }
  }
  return report;
}
