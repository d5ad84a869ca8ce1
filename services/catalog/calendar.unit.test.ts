import type { PrismaClient } from '../../prisma/database';
import { createCalendarSource, workingCalendarOf } from './calendar';

/** Just what the calendar source reads, counting the reads. */
function fakePrisma(latest: { version: number } | null) {
  const reads = { revisions: 0, days: 0 };
  const prisma = {
    calendarRevision: { findFirst: async () => (reads.revisions++, latest) },
    calendarDay: { findMany: async () => (reads.days++, []) },
  } as unknown as PrismaClient;
  return { prisma, reads, setLatest: (version: number) => (latest = { version }) };
}

const now = () => new Date('2026-11-27T03:00:00Z');

test('the latest revision is read unless the caller passes it; snapshots are built once per revision', async () => {
  const { prisma, reads, setLatest } = fakePrisma({ version: 3 });
  const calendar = createCalendarSource(prisma, { now });
  const first = await calendar();
  expect(first.version).toBe(3);
  expect(reads).toEqual({ revisions: 1, days: 1 });

  expect(await calendar(3)).toBe(first);
  expect(reads).toEqual({ revisions: 1, days: 1 });

  setLatest(4);
  const fourth = await calendar(4);
  expect(fourth.version).toBe(4);
  expect(reads).toEqual({ revisions: 1, days: 2 });
  expect(await calendar()).toBe(fourth);
});

test('a caller that read an older revision than the cached one gets the newer snapshot, not a rebuild', async () => {
  const { prisma, reads } = fakePrisma({ version: 5 });
  const calendar = createCalendarSource(prisma, { now });
  const current = await calendar();
  expect(await calendar(4)).toBe(current);
  expect(reads.days).toBe(1);
});

test('one working calendar per snapshot', async () => {
  const { prisma } = fakePrisma(null);
  const snapshot = await createCalendarSource(prisma, { now })();
  expect(snapshot.version).toBe(0);
  const calendar = workingCalendarOf(snapshot);
  expect(workingCalendarOf(snapshot)).toBe(calendar);
  expect(workingCalendarOf({ ...snapshot })).not.toBe(calendar);
  expect(calendar.version).toBe(0);
});
