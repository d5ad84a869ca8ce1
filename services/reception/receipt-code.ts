// Receipt codes `AGENCY-YYMMDD-NNNN`: the receiving agency, the receipt date in Vietnam time and a
// daily sequence per agency. The sequence is one atomic upsert in the database
// (prisma/read-model/receipt-numbers.ts), so concurrent submissions never get the same number.
import { nextReceiptNumber } from '../../prisma/read-model/receipt-numbers';
import type { SqlExecutor } from '../../prisma/sql-executor';

// Building an Intl.DateTimeFormat costs far more than formatting with one, and reception needs one
// every submission; the zone is one per deployment, so the map stays tiny.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** YYMMDD of an instant in the given time zone. */
export function receiptDay(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: '2-digit',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}`;
}

/** What a receipt code can look like: an agency code (domain/catalog/agency.ts), the day, the number. */
export const RECEIPT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,15}-\d{6}-\d{4,9}$/;

/** NNNN is at least four digits; a day past 9,999 receipts at one desk simply grows a digit. */
export function formatReceiptCode(agencyCode: string, day: string, sequence: number): string {
  return `${agencyCode}-${day}-${String(sequence).padStart(4, '0')}`;
}

export async function allocateReceiptCode(
  sql: SqlExecutor,
  agencyCode: string,
  day: string,
): Promise<string> {
  return formatReceiptCode(agencyCode, day, await nextReceiptNumber(sql, agencyCode, day));
}
