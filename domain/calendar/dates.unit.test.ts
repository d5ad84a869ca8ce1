import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayNumberOf, formatDayNumber, isIsoDate, isoWeekday, parseClockTime, parseIsoDate } from './dates';
import { ZoneClock } from './zone';

describe('civil dates', () => {
  it('round-trips dates and knows weekdays', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(formatDayNumber(dayNumberOf(2026, 2, 17))).toBe('2026-02-17');
    expect(isoWeekday(parseIsoDate('2026-02-17'))).toBe(2); // Tuesday
    expect(isoWeekday(parseIsoDate('2026-03-08'))).toBe(7); // Sunday
    expect(isoWeekday(parseIsoDate('1969-12-29'))).toBe(1); // Monday, before the epoch
    expect(formatDayNumber(dayNumberOf(50, 3, 1))).toBe('0050-03-01');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-32', '26-01-01', ''])('rejects %p', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });

  it('accepts leap days and parses clock times', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(parseClockTime('07:30')).toBe(450);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(() => parseClockTime('25:00')).toThrow('Invalid time');
  });
});

describe('ZoneClock', () => {
  it('converts between instants and Vietnam wall-clock time (UTC+7, no DST)', () => {
    const zone = new ZoneClock('Asia/Ho_Chi_Minh');
    const day = parseIsoDate('2026-03-02');
    expect(new Date(zone.toInstant(day, 450)).toISOString()).toBe('2026-03-02T00:30:00.000Z');
    expect(zone.localDayNumber(Date.parse('2026-03-01T16:59:59.999Z'))).toBe(day - 1);
    expect(zone.localDayNumber(Date.parse('2026-03-01T17:00:00.000Z'))).toBe(day);
    expect(zone.offsetAt(Date.parse('2029-07-01T00:00:00Z'))).toBe(7 * 3_600_000);
  });

  it('handles zones with DST on both sides of the change', () => {
    const zone = new ZoneClock('America/New_York');
    expect(new Date(zone.toInstant(parseIsoDate('2026-03-07'), 9 * 60)).toISOString()).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(new Date(zone.toInstant(parseIsoDate('2026-03-09'), 9 * 60)).toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
  });
});

describe('workflow safety', () => {
  // These files are bundled into Temporal workflows: no date-holidays, Node built-ins or ambient clock.
  it.each(['working-calendar.ts', 'zone.ts', 'dates.ts', 'types.ts'])(
    '%s imports only pure calendar files',
    (file) => {
      const source = readFileSync(join(__dirname, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((path) => !['./types', './dates', './zone'].includes(path))).toEqual([]);
      expect(source).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random|process\./);
    },
  );
});
