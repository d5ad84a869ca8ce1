// The daily sequence of receipt numbers per receiving agency (services/reception/receipt-code.ts
// formats them into codes). One atomic upsert, prepared: concurrent submissions, on any number of
// API machines, never get the same number.
import type { SqlExecutor } from '../sql-executor';

const NEXT_RECEIPT_NUMBER_SQL = `
  INSERT INTO receipt_sequence (agency_code, day, last_number) VALUES ($1, $2, 1)
  ON CONFLICT (agency_code, day) DO UPDATE SET last_number = receipt_sequence.last_number + 1
  RETURNING last_number AS "lastNumber"`;

/** The next number of the agency's receipts on `day` (YYMMDD): 1 for the day's first. */
export async function nextReceiptNumber(sql: SqlExecutor, agencyCode: string, day: string): Promise<number> {
  const [row] = await sql.query<{ lastNumber: number }>(NEXT_RECEIPT_NUMBER_SQL, [agencyCode, day], {
    prepareAs: 'next_receipt_number',
  });
  return row.lastNumber;
}
