import Holidays from 'date-holidays';
import { buildCalendarSnapshot, DEFAULT_OFFICE_HOURS, statutoryHolidays } from './holidays';

/**
 * Expected statutory (S) and compensatory (C) days off. Lunar dates were checked against both
 * date-holidays and an independent implementation of Hồ Ngọc Đức's Vietnamese lunar calendar
 * (UTC+7). Note Tết 2030 is 2 Feb in Vietnam, one day before the Chinese New Year (3 Feb, UTC+8).
 */
const EXPECTED: Record<number, string[]> = {
  2025: [
    '01-01 S', // New Year, Wednesday
    '01-28 S',
    '01-29 S',
    '01-30 S',
    '01-31 S',
    '02-01 S', // Tết: last day of Giáp Thìn + mùng 1–4
    '02-03 C', // for mùng 4 on Saturday
    '04-07 S', // Hùng Kings, Monday
    '04-30 S',
    '05-01 S',
    '09-01 S',
    '09-02 S', // 2/9 Tuesday → 1/9 Monday (joins the weekend)
  ],
  2026: [
    '01-01 S',
    '02-16 S',
    '02-17 S',
    '02-18 S',
    '02-19 S',
    '02-20 S', // Tết Bính Ngọ 17 Feb; with weekends 14–22 Feb
    '04-26 S',
    '04-27 C', // Hùng Kings on Sunday → Monday
    '04-30 S',
    '05-01 S',
    '09-01 S',
    '09-02 S', // 2/9 Wednesday: tie → 1/9
  ],
  2027: [
    '01-01 S',
    '02-05 S',
    '02-06 S',
    '02-07 S',
    '02-08 S',
    '02-09 S', // Tết Đinh Mùi 6 Feb (Saturday)
    '02-10 C',
    '02-11 C', // for mùng 1 (Sat) and mùng 2 (Sun), right after the block
    '04-16 S',
    '04-30 S',
    '05-01 S',
    '05-03 C', // 1/5 Saturday → Monday 3/5
    '09-02 S',
    '09-03 S', // 2/9 Thursday → 3/9 Friday
  ],
  2028: [
    '01-01 S',
    '01-03 C', // New Year on Saturday → Monday
    '01-25 S',
    '01-26 S',
    '01-27 S',
    '01-28 S',
    '01-29 S', // Tết Mậu Thân 26 Jan
    '01-31 C', // for mùng 4 on Saturday
    '04-04 S',
    '04-30 S',
    '05-01 S',
    '05-02 C', // 30/4 Sunday, 1/5 Monday → Tuesday 2/5
    '09-01 S',
    '09-02 S',
    '09-04 C', // 2/9 Saturday → 1/9 Friday, compensation Monday 4/9
  ],
  2029: [
    '01-01 S',
    '02-12 S',
    '02-13 S',
    '02-14 S',
    '02-15 S',
    '02-16 S', // Tết Kỷ Dậu 13 Feb
    '04-23 S',
    '04-30 S',
    '05-01 S',
    '09-02 S',
    '09-03 S',
    '09-04 C', // 2/9 Sunday → 3/9 Monday, compensation Tuesday 4/9
  ],
  2030: [
    '01-01 S',
    '02-01 S',
    '02-02 S',
    '02-03 S',
    '02-04 S',
    '02-05 S', // Tết Canh Tuất 2 Feb (Saturday)
    '02-06 C',
    '02-07 C',
    '04-12 S',
    '04-30 S',
    '05-01 S',
    '09-02 S',
    '09-03 S', // 2/9 Monday → 3/9 Tuesday
  ],
};

const TET = {
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};
const HUNG_KINGS = {
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

const compact = (year: number) =>
  statutoryHolidays(year).map((h) => `${h.date.slice(5)} ${h.kind === 'STATUTORY' ? 'S' : 'C'}`);

describe('statutoryHolidays', () => {
  it.each(Object.keys(EXPECTED).map(Number))('gives every statutory and compensatory day of %i', (year) => {
    expect(compact(year)).toEqual(EXPECTED[year]);
  });

  it.each(Object.entries(TET))(
    'puts mùng 1 Tết %s on %s, with the last day of the lunar year before it',
    (year, date) => {
      const days = statutoryHolidays(Number(year));
      expect(days.find((h) => h.name.endsWith('day 1'))?.date).toBe(date);
      expect(days.filter((h) => h.name.startsWith('Tết Nguyên Đán'))).toHaveLength(5);
    },
  );

  it.each(Object.entries(HUNG_KINGS))("puts Hùng Kings' day %s on %s", (year, date) => {
    expect(statutoryHolidays(Number(year)).find((h) => h.name.startsWith('Giỗ Tổ'))?.date).toBe(date);
  });

  it('agrees with the 5-day Tết span of date-holidays for 2020-2040', () => {
    const reference = new Holidays('VN');
    for (let year = 2020; year <= 2040; year++) {
      const span = reference.getHolidays(year).find((h) => h.rule === '1 day before vietnamese 1-0-1 P5D')!;
      const tet = statutoryHolidays(year)
        .filter((h) => h.name.startsWith('Tết Nguyên Đán'))
        .map((h) => h.date);
      expect(tet[0]).toBe(span.date.slice(0, 10));
      expect(tet).toHaveLength(5);
    }
  });

  it('reproduces the government decisions of past years where they followed the plain rules', () => {
    const off = (year: number) => statutoryHolidays(year).map((h) => h.date);
    expect(off(2022)).toEqual(
      expect.arrayContaining(['2022-01-03', '2022-04-11', '2022-05-02', '2022-05-03', '2022-09-01']),
    );
    expect(off(2023)).toEqual(
      expect.arrayContaining(['2023-04-29', '2023-05-02', '2023-05-03', '2023-09-01', '2023-09-04']),
    );
    expect(off(2024)).toEqual(expect.arrayContaining(['2024-09-02', '2024-09-03']));
    expect(off(2021)).toEqual(expect.arrayContaining(['2021-09-02', '2021-09-03']));
  });

  it('names each compensatory day after the holiday it compensates', () => {
    const compensation = statutoryHolidays(2026).find((h) => h.kind === 'COMPENSATORY')!;
    expect(compensation).toEqual({
      date: '2026-04-27',
      kind: 'COMPENSATORY',
      name: "Nghỉ bù (compensatory day off for Giỗ Tổ Hùng Vương (Hùng Kings' Commemoration, 10/3 lunar) on 2026-04-26)",
    });
  });

  it('works for years far from today and rejects non-integer years', () => {
    expect(compact(2100)).toHaveLength(new Set(compact(2100)).size);
    expect(compact(1990).length).toBeGreaterThanOrEqual(11);
    expect(() => statutoryHolidays(2025.5)).toThrow('Invalid year');
  });
});

describe('buildCalendarSnapshot', () => {
  const overrides = [
    { date: '2026-01-10', working: true, reason: 'make-up Saturday' },
    { date: '2026-01-02', working: false },
  ];

  it('is plain JSON covering the years asked for, with sorted overrides and default office hours', () => {
    const snapshot = buildCalendarSnapshot({ version: 3, overrides, fromYear: 2025, toYear: 2027 });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(snapshot.officeHours).not.toBe(DEFAULT_OFFICE_HOURS);
    expect(snapshot.overrides.map((o) => o.date)).toEqual(['2026-01-02', '2026-01-10']);
    expect(snapshot.holidays[0].date).toBe('2025-01-01');
    expect(snapshot.holidays.at(-1)!.date).toBe('2027-09-03');
    expect(snapshot).toMatchObject({ version: 3, fromYear: 2025, toYear: 2027 });
  });

  it('refuses duplicate or invalid override dates and bad year ranges', () => {
    const build =
      (o: typeof overrides, fromYear = 2026, toYear = 2026) =>
      () =>
        buildCalendarSnapshot({ version: 1, overrides: o, fromYear, toYear });
    expect(build([...overrides, { date: '2026-01-02', working: true }])).toThrow(
      'Duplicate calendar override for 2026-01-02',
    );
    expect(build([{ date: '2026-02-30', working: false }])).toThrow('Invalid date "2026-02-30"');
    expect(build([], 2027, 2026)).toThrow('Invalid calendar year range');
  });
});
