/**
 * Statutory days off of the Labor Code 2019 (art. 112, in force since 2021) and their compensatory
 * days (art. 111(3)), for any year, and the builder of `CalendarSnapshot`s.
 *
 * NOT workflow-safe (uses `date-holidays` for the lunar calendar): call it in activities or the API
 * and pass the resulting snapshot into workflows.
 *
 * Where the law leaves the exact days to the government, defaults follow Decree 145/2020/NĐ-CP
 * art. 65 and the pattern of recent Ministry of Home Affairs notices; each year's official schedule
 * is then loaded as overrides (see official-schedule.ts), which win over everything here.
 */
import Holidays from 'date-holidays';
import { dayNumberOf, formatDayNumber, isoWeekday, parseIsoDate } from './dates';
import type { CalendarOverride, CalendarSnapshot, HolidayDay, OfficeHours } from './types';

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  timeZone: 'Asia/Ho_Chi_Minh',
  periods: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
  workingWeekdays: [1, 2, 3, 4, 5],
};

/** Weekly rest days for the compensation rule: Saturday and Sunday for state agencies. */
const WEEKLY_REST = new Set([6, 7]);
const isWeeklyRest = (day: number) => WEEKLY_REST.has(isoWeekday(day));

/** date-holidays rules for the Vietnamese lunar calendar (computed for UTC+7, unlike the Chinese one). */
const TET_RULE = 'vietnamese 1-0-1';
const HUNG_KINGS_RULE = 'vietnamese 3-0-10';

let lunarCalendar: Holidays | undefined;
const lunarCache = new Map<string, number>();

/**
 * Day number of a lunar-calendar holiday of `year` according to date-holidays. An instance with only
 * the two rules we need (the same rule strings as its 'VN' dataset) is ~7x faster than the full dataset.
 */
function lunarHoliday(year: number, rule: string): number {
  const key = `${year} ${rule}`;
  let day = lunarCache.get(key);
  if (day === undefined) {
    if (!lunarCalendar) {
      lunarCalendar = new Holidays();
      for (const r of [TET_RULE, HUNG_KINGS_RULE]) lunarCalendar.setHoliday(r, { name: r, type: 'public' });
    }
    const holiday = lunarCalendar.getHolidays(year).find((h) => h.rule === rule);
    if (!holiday) throw new Error(`date-holidays has no "${rule}" for ${year}`);
    day = parseIsoDate(holiday.date.slice(0, 10));
    lunarCache.set(key, day);
  }
  return day;
}

/**
 * The second day of National Day: law says 2/9 "and one adjacent day" (1/9 or 3/9). Default: the
 * adjacent weekday that joins 2/9 into the longest unbroken break with the weekend; on a tie, 1/9.
 * This reproduces the government's choices of recent years: 2021 (2/9 Thu) → 3/9; 2022 (Fri) → 1/9;
 * 2023 (Sat) → 1/9; 2024 (Mon) → 3/9; 2025 (Tue) → 1/9; a Wednesday (2026) → 1/9.
 */
function nationalDaySecondDay(year: number): number {
  const nationalDay = dayNumberOf(year, 9, 2);
  const breakLength = (adjacent: number) => {
    const off = (day: number) => day === nationalDay || day === adjacent || isWeeklyRest(day);
    let first = Math.min(nationalDay, adjacent);
    let last = Math.max(nationalDay, adjacent);
    while (off(first - 1)) first--;
    while (off(last + 1)) last++;
    return isWeeklyRest(adjacent) ? -1 : last - first + 1;
  };
  const [before, after] = [nationalDay - 1, nationalDay + 1];
  return breakLength(after) > breakLength(before) ? after : before;
}

/** Statutory holidays of the Labor Code 2019 art. 112 that fall in `year`, without compensation. */
function statutoryDays(year: number): HolidayDay[] {
  const days: [number, string][] = [[dayNumberOf(year, 1, 1), "Tết Dương lịch (New Year's Day)"]];
  // Tết: 5 days. Decree 145/2020 art. 65 allows 1 last day of the lunar year + days 1–4 of the new
  // year, or 2 last days + days 1–3. Default: the former (also date-holidays' 5-day span): from the
  // last day of the old year (29 or 30 tháng Chạp) through mùng 4.
  const tet = lunarHoliday(year, TET_RULE);
  days.push([tet - 1, 'Tết Nguyên Đán (Lunar New Year) – last day of the lunar year']);
  for (let n = 1; n <= 4; n++) days.push([tet + n - 1, `Tết Nguyên Đán (Lunar New Year) – day ${n}`]);
  days.push([
    lunarHoliday(year, HUNG_KINGS_RULE),
    "Giỗ Tổ Hùng Vương (Hùng Kings' Commemoration, 10/3 lunar)",
  ]);
  days.push([dayNumberOf(year, 4, 30), 'Ngày Chiến thắng (Reunification Day, 30/4)']);
  days.push([dayNumberOf(year, 5, 1), 'Ngày Quốc tế Lao động (International Labour Day, 1/5)']);
  days.push([dayNumberOf(year, 9, 2), 'Quốc khánh (National Day, 2/9)']);
  days.push([nationalDaySecondDay(year), 'Quốc khánh (National Day, adjacent day)']);

  const byDay = new Map<number, string>();
  for (const [day, name] of days) byDay.set(day, byDay.has(day) ? `${byDay.get(day)}; ${name}` : name);
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: formatDayNumber(day), name, kind: 'STATUTORY' as const }));
}

/**
 * Statutory holidays of `year` plus compensatory days, sorted by date. A holiday on a Saturday or
 * Sunday gives the next day that is neither weekly rest nor already off (art. 111(3)); handled in
 * date order, so a weekend inside a holiday block is compensated right after the block.
 */
export function statutoryHolidays(year: number): HolidayDay[] {
  if (!Number.isInteger(year)) throw new Error(`Invalid year ${year}`);
  const statutory = statutoryDays(year);
  const off = new Set(statutory.map((h) => parseIsoDate(h.date)));
  const result = [...statutory];
  for (const holiday of statutory) {
    const day = parseIsoDate(holiday.date);
    if (!isWeeklyRest(day)) continue;
    let compensation = day + 1;
    while (isWeeklyRest(compensation) || off.has(compensation)) compensation++;
    off.add(compensation);
    const name = `Nghỉ bù (compensatory day off for ${holiday.name} on ${holiday.date})`;
    result.push({ date: formatDayNumber(compensation), name, kind: 'COMPENSATORY' });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

export interface BuildCalendarSnapshotInput {
  version: number;
  overrides: CalendarOverride[];
  fromYear: number;
  toYear: number;
  officeHours?: OfficeHours;
}

/** Everything a `WorkingCalendar` needs for `fromYear..toYear`, as plain JSON. */
export function buildCalendarSnapshot(input: BuildCalendarSnapshotInput): CalendarSnapshot {
  const { version, fromYear, toYear, officeHours = DEFAULT_OFFICE_HOURS } = input;
  if (
    !Number.isInteger(fromYear) ||
    !Number.isInteger(toYear) ||
    fromYear > toYear ||
    toYear - fromYear > 200
  ) {
    throw new Error(`Invalid calendar year range ${fromYear}..${toYear}`);
  }
  const seen = new Set<string>();
  for (const override of input.overrides) {
    parseIsoDate(override.date);
    if (seen.has(override.date)) throw new Error(`Duplicate calendar override for ${override.date}`);
    seen.add(override.date);
  }
  const holidays: HolidayDay[] = [];
  for (let year = fromYear; year <= toYear; year++) holidays.push(...statutoryHolidays(year));
  const overrides = [...input.overrides]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map(({ date, working, reason }) =>
      reason === undefined ? { date, working } : { date, working, reason },
    );
  return {
    version,
    officeHours: structuredCloneOfficeHours(officeHours),
    fromYear,
    toYear,
    holidays,
    overrides,
  };
}

/** A copy, so that later changes to the caller's object cannot alter a snapshot already handed out. */
function structuredCloneOfficeHours(hours: OfficeHours): OfficeHours {
  return {
    timeZone: hours.timeZone,
    periods: hours.periods.map(({ start, end }) => ({ start, end })),
    workingWeekdays: [...hours.workingWeekdays],
  };
}
