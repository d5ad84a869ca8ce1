/** Invariants of the working-time arithmetic, checked with fast-check over 2025-2029 (+2030 as room). */
import fc from 'fast-check';
import { vietnamCalendar, vn } from './test-support';

const calendar = vietnamCalendar([
  { date: '2026-01-02', working: false, reason: 'bridge day' },
  { date: '2026-01-10', working: true, reason: 'make-up Saturday' },
  { date: '2027-05-08', working: true, reason: 'make-up Saturday' },
]);
const FIRST = vn('2025-01-01 00:00').getTime();
const LAST = vn('2029-12-31 23:59').getTime();
const MINUTE = 60_000;

/** Any instant, half of the time exactly on (or 1 ms around) a period boundary, where bugs live. */
const instant = fc.oneof(
  fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms)),
  fc
    .tuple(
      fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / 86_400_000) }),
      fc.constantFrom('07:30', '11:30', '13:00', '17:00', '00:00'),
      fc.constantFrom(-1, 0, 1),
    )
    .map(([day, time, nudge]) => new Date(vn(`2025-01-01 ${time}`).getTime() + day * 86_400_000 + nudge))
    .filter((at) => at.getTime() >= FIRST),
);
const minutes = fc.oneof(fc.integer({ min: 0, max: 60 * 480 }), fc.constantFrom(0, 1, 240, 480, 960));
const halfDays = fc.integer({ min: 0, max: 80 }).map((n) => n / 2);

const isPeriodEnd = (at: Date) =>
  !calendar.isWorkingTime(at) && calendar.isWorkingTime(new Date(at.getTime() - 1));

describe('working-time invariants', () => {
  it('adding then measuring gives back the amount', () => {
    fc.assert(
      fc.property(instant, minutes, (from, amount) => {
        expect(calendar.workingMinutesBetween(from, calendar.addWorkingMinutes(from, amount))).toBe(amount);
      }),
    );
  });

  it('a result is never strictly inside non-working time: it is working time or exactly a period end', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 * 480 }), (from, amount) => {
        const result = calendar.addWorkingMinutes(from, amount);
        expect(calendar.isWorkingTime(result) || isPeriodEnd(result)).toBe(true);
      }),
    );
  });

  it('a whole or half working-day budget from a normalised receipt ends at a period end or inside a period', () => {
    fc.assert(
      fc.property(instant, halfDays, (received, days) => {
        const due = calendar.dueDate(received, days);
        const start = calendar.normaliseReceipt(received);
        expect(due.getTime()).toBe(calendar.addWorkingMinutes(start, days * 480).getTime());
        expect(calendar.workingMinutesBetween(received, due)).toBe(days * 480);
      }),
    );
  });

  it('is monotonic in the amount and in the start', () => {
    fc.assert(
      fc.property(instant, instant, minutes, minutes, (a, b, m, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [less, more] = m <= n ? [m, n] : [n, m];
        expect(calendar.addWorkingMinutes(a, less).getTime()).toBeLessThanOrEqual(
          calendar.addWorkingMinutes(a, more).getTime(),
        );
        expect(calendar.addWorkingMinutes(early, m).getTime()).toBeLessThanOrEqual(
          calendar.addWorkingMinutes(late, m).getTime(),
        );
      }),
    );
  });

  it('adding in two steps equals adding at once (for a positive second step)', () => {
    fc.assert(
      fc.property(instant, minutes, fc.integer({ min: 1, max: 5 * 480 }), (from, first, second) => {
        const twoSteps = calendar.addWorkingMinutes(calendar.addWorkingMinutes(from, first), second);
        expect(twoSteps.getTime()).toBe(calendar.addWorkingMinutes(from, first + second).getTime());
      }),
    );
  });

  it('measuring is additive and antisymmetric', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const ab = calendar.workingMinutesBetween(a, b);
        expect(calendar.workingMinutesBetween(b, a)).toBe(ab === 0 ? 0 : -ab);
        expect(ab + calendar.workingMinutesBetween(b, c)).toBeCloseTo(
          calendar.workingMinutesBetween(a, c),
          9,
        );
      }),
    );
  });

  it('normalising a receipt is idempotent, never goes back and skips no working time', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const normalised = calendar.normaliseReceipt(at);
        expect(normalised.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(calendar.isWorkingTime(normalised)).toBe(true);
        expect(calendar.normaliseReceipt(normalised).getTime()).toBe(normalised.getTime());
        expect(calendar.workingMinutesBetween(at, normalised)).toBe(0);
      }),
    );
  });

  it('agrees with a minute-by-minute count for budgets up to three days', () => {
    const minuteAligned = fc
      .integer({ min: FIRST / MINUTE, max: LAST / MINUTE })
      .map((m) => new Date(m * MINUTE));
    fc.assert(
      fc.property(minuteAligned, fc.integer({ min: 1, max: 3 * 480 }), (from, amount) => {
        let at = from.getTime();
        for (let counted = 0; counted < amount; at += MINUTE)
          if (calendar.isWorkingTime(new Date(at))) counted++;
        expect(calendar.addWorkingMinutes(from, amount).getTime()).toBe(at);
      }),
      { numRuns: 60 },
    );
  });

  it('classifies consistently with the due time and the start of its working day', () => {
    fc.assert(
      fc.property(
        instant,
        halfDays,
        fc.integer({ min: -20 * 86_400_000, max: 5 * 86_400_000 }),
        (received, days, delta) => {
          const due = calendar.dueDate(received, days);
          const completed = new Date(due.getTime() + delta);
          const outcome = calendar.classifyCompletion(completed, due);
          const dayStart = calendar.workingDayStart(due).getTime();
          expect(dayStart).toBeLessThanOrEqual(due.getTime());
          expect(outcome).toBe(
            completed > due ? 'LATE' : completed.getTime() < dayStart ? 'EARLY' : 'ON_TIME',
          );
          expect(calendar.classifyCompletion(due, due)).toBe('ON_TIME');
          const rank = { EARLY: 0, ON_TIME: 1, LATE: 2 };
          const later = calendar.classifyCompletion(new Date(completed.getTime() + 3_600_000), due);
          expect(rank[later]).toBeGreaterThanOrEqual(rank[outcome]);
        },
      ),
    );
  });
});
