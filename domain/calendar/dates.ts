/**
 * Zone-free civil-date arithmetic on "day numbers" (days since 1970-01-01). Pure and workflow-safe:
 * only `Date.UTC` and UTC getters are used, which never depend on the host's zone or clock.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a `YYYY-MM-DD` date, or `undefined` if the text is not a real calendar date. */
export function tryParseIsoDate(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = dayNumberOf(year, month, day);
  // Date.UTC silently rolls 2026-02-30 over to March; reject such dates by formatting back.
  return formatDayNumber(dayNumber) === date ? dayNumber : undefined;
}

export function parseIsoDate(date: string): number {
  const dayNumber = tryParseIsoDate(date);
  if (dayNumber === undefined) throw new Error(`Invalid date "${date}": expected a real date as YYYY-MM-DD`);
  return dayNumber;
}

export function isIsoDate(date: string): boolean {
  return tryParseIsoDate(date) !== undefined;
}

export function dayNumberOf(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, also right for years 0..99
  return Math.floor(utc.getTime() / MS_PER_DAY);
}

export function formatDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * MS_PER_DAY);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Minutes after local midnight of an `HH:MM` time; `24:00` is accepted as the end of the day. */
export function parseClockTime(time: string): number {
  if (time === '24:00') return 24 * 60;
  const match = HH_MM.exec(time);
  if (!match) throw new Error(`Invalid time "${time}": expected HH:MM (00:00-24:00)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export { MS_PER_DAY };
