// Receipt codes under concurrency: simultaneous submissions at one desk get distinct numbers of the
// day (one atomic upsert in PostgreSQL, no check-then-act), and a replayed idempotency key returns
// its dossier instead of a new one.
import { randomUUID } from 'node:crypto';
import { createCalendarSource } from '../../services/catalog/calendar';
import { receiptDay } from '../../services/reception/receipt-code';
import { submitDossier, type ReceptionDeps } from '../../services/reception/submit-dossier';
import { startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
let deps: ReceptionDeps;
beforeAll(async () => {
  engine = await startEngine();
  deps = {
    sql: engine.db.sql,
    temporal: engine.temporal,
    taskQueue: engine.taskQueue,
    lookupKeySecret: 'test',
    calendar: createCalendarSource(engine.db.prisma),
  };
});
afterAll(async () => {
  await engine?.stop();
});

const input = (idempotencyKey: string) => ({
  procedureCode: '2.000815', // certified copy, received at UBND_XA_PHU_HOA
  applicant: { name: 'Đỗ Văn E', idNumber: '001088000777' },
  channel: 'COUNTER' as const,
  idempotencyKey,
});

test('concurrent submissions get distinct numbers of the day; replays get their dossier back', async () => {
  const keys = Array.from({ length: 24 }, () => randomUUID());
  const results = await Promise.all(
    [...keys, ...keys.slice(0, 6)].map((key) => submitDossier(deps, input(key))),
  );
  const codes = results.map((r) => r.dossier.code);
  const distinct = [...new Set(codes)];
  expect(distinct).toHaveLength(keys.length);

  const day = receiptDay(results[0].dossier.submittedAt, 'Asia/Ho_Chi_Minh');
  for (const code of distinct) expect(code).toMatch(new RegExp(`^UBND_XA_PHU_HOA-${day}-\\d{4}$`));
  // Other test files submit at the same desk meanwhile: numbers may have gaps, never duplicates.
  const numbers = distinct.map((c) => Number(c.split('-')[2])).sort((a, b) => a - b);
  expect(new Set(numbers).size).toBe(numbers.length);
  const rows = await engine.db.prisma.dossier.findMany({ where: { idempotencyKey: { in: keys } } });
  expect(rows).toHaveLength(keys.length);
  // Of each pair racing with the same key, exactly one created the dossier.
  expect(results.filter((r) => r.created)).toHaveLength(keys.length);
});
