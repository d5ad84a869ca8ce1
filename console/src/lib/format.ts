// Dates and working-time durations as a Vietnamese office writes them, always in Asia/Ho_Chi_Minh
// whatever the browser's own zone: "14:30 02/12/2026", "2 ngày 3 giờ".
import { vi } from '../text/vi';

const ZONE = 'Asia/Ho_Chi_Minh';
const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('vi-VN', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const parts = (format: Intl.DateTimeFormat, iso: string) =>
  Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));

/** "14:30 02/12/2026" */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(dateTime, iso);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** "02/12/2026" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(dateOnly, iso);
  return `${p.day}/${p.month}/${p.year}`;
}

/** The Vietnamese calendar date (YYYY-MM-DD) of an instant: what date inputs show. */
export function localDateOf(date: Date): string {
  const p = parts(dateOnly, date.toISOString());
  return `${p.year}-${p.month}-${p.day}`;
}

/** Start of a Vietnamese calendar day in ms since the epoch; NaN for an empty or invalid date (a cleared input). */
export const localDayStartMs = (date: string): number => Date.parse(`${date}T00:00:00+07:00`);

/** A Vietnamese calendar date (YYYY-MM-DD) and wall-clock time (HH:mm) as an ISO instant. */
export function localInstant(date: string, time: string): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

/** Start of a Vietnamese calendar day (UTC+7, no daylight saving) as an ISO instant. */
export function startOfLocalDay(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

/** Working minutes as days (of `minutesPerDay` working minutes), hours and minutes: "1 ngày 2 giờ 30 phút". */
export function formatWorkingDuration(minutes: number, minutesPerDay = 480): string {
  const total = Math.round(Math.abs(minutes));
  if (total === 0) return vi.duration.zero;
  const days = Math.floor(total / minutesPerDay);
  const hours = Math.floor((total % minutesPerDay) / 60);
  const mins = total % 60;
  const out: string[] = [];
  if (days) out.push(`${days} ${vi.duration.day}`);
  if (hours) out.push(`${hours} ${vi.duration.hour}`);
  if (mins && !days) out.push(`${mins} ${vi.duration.minute}`);
  return out.join(' ');
}

export const percent = (rate: number | null | undefined) =>
  rate == null ? '–' : `${(rate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
