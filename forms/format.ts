// Dates and times as Vietnamese administrative papers write them, in the one-stop desk's time zone.
// Intl formats are built once per zone: building one costs far more than formatting with it.
const formats = new Map<string, Intl.DateTimeFormat>();

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

function partsOf(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
}

/** "ngày 02 tháng 12 năm 2026" */
export function vietnameseDate(at: Date, timeZone = VIETNAM_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** "07 giờ 30 phút, ngày 02 tháng 12 năm 2026" */
export function vietnameseTime(at: Date, timeZone = VIETNAM_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `${p.hour} giờ ${p.minute} phút, ${vietnameseDate(at, timeZone)}`;
}

/** "02/12/2026" for tables. */
export function shortDate(at: Date, timeZone = VIETNAM_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "07:30 02/12/2026" for tables. */
export function shortTime(at: Date, timeZone = VIETNAM_TIME_ZONE): string {
  const p = partsOf(at, timeZone);
  return `${p.hour}:${p.minute} ${shortDate(at, timeZone)}`;
}

/** Working days as the law states them: "10", "0,5", "2,5". */
export function workingDaysText(days: number): string {
  return String(days).replace('.', ',');
}

/** The year, for the register's volume and the form numbers. */
export function yearOf(at: Date, timeZone = VIETNAM_TIME_ZONE): string {
  return partsOf(at, timeZone).year;
}

// A locality's name starts with a capital: "xã Phú Hòa", but not "Bảo hiểm xã hội".
const PLACE_PREFIX = /(?:^|\s)(?:xã|phường|thị trấn|thị xã|huyện|quận|thành phố|tỉnh)\s+(\p{Lu}.*)$/u;

/**
 * The place written before the date ("Phú Hòa, ngày …"): the locality the agency's name ends with
 * ("Ủy ban nhân dân xã Phú Hòa" → "Phú Hòa"); the whole name when it names none.
 */
export function placeOfAgency(agencyName: string): string {
  let rest = agencyName;
  // The innermost locality: "… huyện An Phú" inside "Chi nhánh … huyện An Phú".
  for (let match = PLACE_PREFIX.exec(rest); match; match = PLACE_PREFIX.exec(match[1])) rest = match[1];
  return rest.trim();
}

/** Copies by kind, as a desk writes them: "01 bản chính, 02 bản sao chứng thực". */
export function copiesText(c: { originals: number; certifiedCopies: number; photocopies: number }): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return [
    c.originals ? `${two(c.originals)} bản chính` : '',
    c.certifiedCopies ? `${two(c.certifiedCopies)} bản sao chứng thực` : '',
    c.photocopies ? `${two(c.photocopies)} bản sao` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
