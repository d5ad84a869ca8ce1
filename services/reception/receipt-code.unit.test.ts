import { formatReceiptCode, RECEIPT_CODE_PATTERN, receiptDay } from './receipt-code';

const VN = 'Asia/Ho_Chi_Minh';

test('the receipt day is the local date, turning at local midnight', () => {
  // Vietnam is UTC+7: the last minute of 31 December, then midnight, then that last minute again.
  expect(receiptDay(new Date('2026-12-31T16:59:00.000Z'), VN)).toBe('261231');
  expect(receiptDay(new Date('2026-12-31T16:59:59.999Z'), VN)).toBe('261231');
  expect(receiptDay(new Date('2026-12-31T17:00:00.000Z'), VN)).toBe('270101');
  expect(receiptDay(new Date('2026-12-31T16:59:30.000Z'), VN)).toBe('261231');
});

test('each zone answers its own date for the same instant', () => {
  const at = new Date('2026-06-30T20:30:00Z');
  expect(receiptDay(at, VN)).toBe('260701');
  expect(receiptDay(at, 'UTC')).toBe('260630');
  expect(receiptDay(at, 'Asia/Kathmandu')).toBe('260701'); // UTC+5:45: 02:15 the next day
  expect(receiptDay(at, VN)).toBe('260701');
});

test('receipt numbers are at least four digits and grow past 9,999', () => {
  expect(formatReceiptCode('UBND_XA', '261127', 7)).toBe('UBND_XA-261127-0007');
  expect(formatReceiptCode('UBND_XA', '261127', 12345)).toBe('UBND_XA-261127-12345');
});

test('the receipt code pattern accepts what formatReceiptCode makes, and nothing else', () => {
  for (const code of [
    formatReceiptCode('UBND_XA', '261127', 7),
    formatReceiptCode('A', '261127', 12345),
    'CNDKDD_AN_PHU-270429-0001',
  ]) {
    expect(code).toMatch(RECEIPT_CODE_PATTERN);
  }
  for (const code of [
    'ubnd_xa-261127-0001',
    'UBND_XA-2611-0001',
    'UBND_XA-261127-001',
    'UBND-XA-261127-0001',
    'Nguyễn Văn An',
    '',
  ]) {
    expect(code).not.toMatch(RECEIPT_CODE_PATTERN);
  }
});
