// The daily sequence of receipt numbers per receiving agency (services/reception/receipt-code.ts
// formats them into codes), and the yearly sequence of the desk's tracking book (sổ theo dõi hồ sơ).
// Both in one prepared statement of two atomic upserts: concurrent submissions, on any number of API
// machines, never get the same number, and reception pays no extra round trip for the book.
import type { SqlExecutor } from '../sql-executor';

const NEXT_NUMBERS_SQL = `
  WITH receipt AS (
    INSERT INTO receipt_sequence (agency_code, day, last_number) VALUES ($1, $2, 1)
    ON CONFLICT (agency_code, day) DO UPDATE SET last_number = receipt_sequence.last_number + 1
    RETURNING last_number
  ), book AS (
    INSERT INTO register_sequence (agency_code, year, last_number) VALUES ($1, $3, 1)
    ON CONFLICT (agency_code, year) DO UPDATE SET last_number = register_sequence.last_number + 1
    RETURNING last_number
  )
  SELECT receipt.last_number AS "receiptNumber", book.last_number AS "registerNumber" FROM receipt, book`;

export interface ReceptionNumbers {
  /** The agency's receipts on `day` (YYMMDD): 1 for the day's first. */
  receiptNumber: number;
  /** The agency's tracking book of `year`: 1 for the year's first dossier. */
  registerNumber: number;
}

export async function nextReceptionNumbers(
  sql: SqlExecutor,
  agencyCode: string,
  day: string,
  year: number,
): Promise<ReceptionNumbers> {
  const [row] = await sql.query<ReceptionNumbers>(NEXT_NUMBERS_SQL, [agencyCode, day, year], {
    prepareAs: 'next_reception_numbers',
  });
  return row;
}
