// Reconciliation against real Temporal history and real PostgreSQL: no drift after normal runs;
// injected drift (lost events, a stale projection, a dossier whose workflow never started) is
// reported, repaired from the recorded history, and gone on the next check.
import { randomUUID } from 'node:crypto';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { DossierWorkflowInput } from '../../domain/contract/dossier-workflow';
import { reconcile } from '../../services/reconcile';
import { driveToCompletion, services, submit } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const check = (codes: string[], repair = false) =>
  reconcile({
    prisma: engine.db.prisma,
    temporal: engine.temporal,
    codes,
    repair,
    reception: services(engine),
  });

test('finished dossiers show no drift', async () => {
  const codes = [await submit(engine, '2.000720'), await submit(engine, '1.012697')];
  for (const code of codes) await driveToCompletion(engine, code);
  const report = await eventually(async () => {
    const r = await check(codes);
    return r.drifts.length === 0 ? r : undefined;
  });
  expect(report).toEqual({ checked: 2, drifts: [], repaired: 0 });
});

test('lost events and a stale projection are reported, then repaired from the history', async () => {
  const code = await submit(engine, '2.000720');
  const done = await driveToCompletion(engine, code);
  await eventually(async () => ((await check([code])).drifts.length === 0 ? true : undefined));
  // Inject drift: two audit events lost and the dossier row put back to an earlier state.
  await engine.db.prisma.dossierEvent.deleteMany({ where: { dossierCode: code, seq: { in: [2, 3] } } });
  await engine.db.prisma.dossier.update({
    where: { code },
    data: { status: 'IN_PROGRESS', outcome: null, lastEventSeq: 3 },
  });

  const found = await check([code]);
  expect(found.drifts.map((d) => d.kind).sort()).toEqual(['MISSING_EVENTS', 'STATE_BEHIND']);
  expect(found.drifts.find((d) => d.kind === 'MISSING_EVENTS')?.detail).toMatch(/events 2, 3 missing/);

  const repaired = await check([code], true);
  expect(repaired.repaired).toBe(1);
  expect(await check([code])).toEqual({ checked: 1, drifts: [], repaired: 0 });
  const row = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } });
  expect([row.status, row.outcome, row.lastEventSeq]).toEqual(['COMPLETED', done.outcome, done.lastEventSeq]);
  const seqs = (
    await engine.db.prisma.dossierEvent.findMany({ where: { dossierCode: code }, orderBy: { seq: 'asc' } })
  ).map((e) => e.seq);
  expect(seqs).toEqual(Array.from({ length: done.lastEventSeq }, (_, i) => i + 1));
});

test('a projection that disagrees at the same sequence number is found and rewritten', async () => {
  const code = await submit(engine, '2.000720');
  await driveToCompletion(engine, code);
  await eventually(async () => ((await check([code])).drifts.length === 0 ? true : undefined));
  await engine.db.prisma.dossier.update({ where: { code }, data: { status: 'REFUSED' } });
  expect((await check([code])).drifts.map((d) => d.kind)).toEqual(['STATE_MISMATCH']);
  await check([code], true);
  expect((await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } })).status).toBe('COMPLETED');
});

test('a dossier whose submission stopped before its workflow started is found and started', async () => {
  // As if the API crashed between the insert and the start: the row exists, the workflow does not.
  const template = await engine.db.prisma.dossier.findUniqueOrThrow({
    where: { code: await submit(engine, '2.000720') },
  });
  const code = `UBND_H_AN_PHU-000101-${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const { formData: _f, supplement: _s, components: _c, ...fields } = template;
  const handedIn = [{ code: 'ban-chinh', originals: 1, certifiedCopies: 0, photocopies: 2 }];
  await engine.db.prisma.dossier.create({
    data: {
      ...fields,
      code,
      workflowId: `dossier/${code}`,
      idempotencyKey: randomUUID(),
      lastEventSeq: 0,
      components: handedIn,
    },
  });
  expect((await check([code])).drifts.map((d) => d.kind)).toEqual(['MISSING_WORKFLOW']);
  await check([code], true);
  const row = await eventually(async () => {
    const r = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } });
    return r.status === 'COMPLETED' ? r : undefined;
  });
  expect(row.lastEventSeq).toBeGreaterThan(0);
  expect(await check([code])).toEqual({ checked: 1, drifts: [], repaired: 0 });
  // Started as reception would have started it: with what was handed in at the counter.
  const history = await engine.temporal.workflow.getHandle(`dossier/${code}`).fetchHistory();
  const input = await decodeFromPayloadsAtIndex<DossierWorkflowInput>(
    engine.temporal.options.loadedDataConverter,
    0,
    history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads,
  );
  expect(input.components).toEqual(handedIn);
});

test('every listed dossier is checked, however many pages the list spans', async () => {
  const codes = [
    await submit(engine, '2.000720'),
    await submit(engine, '2.000720'),
    await submit(engine, '2.000720'),
  ];
  for (const code of codes) await driveToCompletion(engine, code);
  const report = await eventually(async () => {
    const r = await reconcile({ prisma: engine.db.prisma, temporal: engine.temporal, codes, batchSize: 2 });
    return r.drifts.length === 0 ? r : undefined;
  });
  expect(report.checked).toBe(3);
});
