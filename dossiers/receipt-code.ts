// Receipt codes `AGENCY-YYMMDD-NNNN`: the receiving agency, the receipt date in Vietnam time and a
// daily sequence per agency. The sequence is one atomic upsert in the database, so concurrent
// submissions (on any number of API machines) never get the same number.
import type { PrismaClient } from '../prisma/database';

/** YYMMDD of an instant in the given time zone. */
export function receiptDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: '2-digit', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}

/** NNNN is at least four digits; a day past 9,999 receipts at one desk simply grows a digit. */
export function formatReceiptCode(agencyCode: string, day: string, sequence: number): string {
  return `${agencyCode}-${day}-${String(sequence).padStart(4, '0')}`;
}

export async function allocateReceiptCode(prisma: PrismaClient, agencyCode: string, day: string): Promise<string> {
  const rows = await prisma.$queryRaw<{ last_number: number }[]>`
    INSERT INTO receipt_sequence (agency_code, day, last_number) VALUES (${agencyCode}, ${day}, 1)
    ON CONFLICT (agency_code, day) DO UPDATE SET last_number = receipt_sequence.last_number + 1
    RETURNING last_number`;
  return formatReceiptCode(agencyCode, day, rows[0].last_number);
}
