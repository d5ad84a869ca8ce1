/** Helpers shared by the calendar tests (not used by production code). */
import { buildCalendarSnapshot } from './holidays';
import type { CalendarOverride } from './types';
import { WorkingCalendar } from './working-calendar';

/** `'2026-03-02 07:30'` (optionally with `:ss.mmm`) in Vietnam time, which is always UTC+7. */
export function vn(local: string): Date {
  const date = new Date(`${local.replace(' ', 'T')}${local.length === 16 ? ':00' : ''}+07:00`);
  if (Number.isNaN(date.getTime())) throw new Error(`bad test time ${local}`);
  return date;
}

/** Vietnam local time as `'YYYY-MM-DD HH:MM'` (seconds shown only when not zero). */
export function showVn(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  const seconds = iso.slice(16, 23) === ':00.000' ? '' : iso.slice(16, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds}`;
}

export function vietnamCalendar(
  overrides: CalendarOverride[] = [],
  fromYear = 2025,
  toYear = 2030,
): WorkingCalendar {
  return new WorkingCalendar(buildCalendarSnapshot({ version: 1, overrides, fromYear, toYear }));
}
