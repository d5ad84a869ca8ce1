// Receipt codes `AGENCY-YYMMDD-NNNN`: the receiving agency, the receipt date in Vietnam time and a
// daily sequence per agency. The sequence is one atomic upsert in the database
// (prisma/read-model/receipt-numbers.ts), so concurrent submissions never get the same number.
import { nextReceptionNumbers } from '../../prisma/read-model/receipt-numbers';
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

/** The tracking book's volume: one book per desk and year, "01/2026" (a desk needing more adds volumes by hand). */
export const registerVolumeOf = (year: number) => `01/${year}`;

export interface ReceptionNumbering {
  code: string;
  registerVolume: string;
  registerNumber: number;
}

/** The receipt code and the tracking book's volume and number, for a dossier received on `day` (YYMMDD). */
export async function allocateReceiptCode(
  sql: SqlExecutor,
  agencyCode: string,
  day: string,
): Promise<ReceptionNumbering> {
  const year = 2000 + Number(day.slice(0, 2));
  const numbers = await nextReceptionNumbers(sql, agencyCode, day, year);
  return {
    code: formatReceiptCode(agencyCode, day, numbers.receiptNumber),
    registerVolume: registerVolumeOf(year),
    registerNumber: numbers.registerNumber,
  };
}
