// Each form built from hand-written facts, rendered, and read back with pdfjs-dist: the Vietnamese
// text exactly as printed (NFC, diacritics intact), and the same facts giving the same bytes.
import { pdfLines } from '../tests/support/pdf-reader';
import { buildApology } from './apology';
import { buildControlSheet } from './control-sheet';
import { handovers, JUDGEMENT_TEXT } from './control-sheet-rows';
import { vietnameseTime } from './format';
import { toPdf, type PrintedForm } from './printed-form';
import { buildReceipt } from './receipt';
import { buildRefusal } from './refusal';
import { buildRegister } from './register';
import { SAMPLE_DOSSIER_FACTS as F, SAMPLE_REGISTER_FACTS } from './sample-facts';
import { buildStopNotice } from './stop-notice';
import { buildSupplementRequest } from './supplement-request';

/** The text of the PDF, lines joined by spaces (wrapping is layout, not content). */
async function read(form: PrintedForm): Promise<{ text: string; pages: number; bytes: Buffer }> {
  const bytes = await toPdf(form);
  const pages = await pdfLines(bytes);
  return { text: pages.flat().join(' '), pages: pages.length, bytes };
}

const HEADER = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

test('receipt: applicant, components with copies, working days, received and due times, register, one page', async () => {
  const { text, pages } = await read(buildReceipt(F));
  expect(pages).toBe(1);
  for (const expected of [
    ...HEADER,
    'CHI NHÁNH VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI HUYỆN AN PHÚ'.split(' ').slice(-3).join(' '),
    'An Phú, ngày 02 tháng 12 năm 2026',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    'Mã hồ sơ: CNDKDD_AN_PHU-261201-0007',
    'Ông/Bà: Nguyễn Thị Hồng Nhung',
    // Table rows as they stand on the page: the name wraps, the copies stay on its first line.
    '4 Căn cước công dân của bên chuyển nhượng và bên 02 nhận chuyển nhượng',
    '3 Bản gốc Giấy chứng nhận quyền sử dụng đất đã cấp 01',
    '3. Thời gian giải quyết hồ sơ theo quy định là: 10 ngày làm việc.',
    '4. Thời gian nhận hồ sơ: 07 giờ 30 phút, ngày 02 tháng 12 năm 2026 (nộp trực tuyến lúc 21 giờ 30 phút, ngày 01 tháng 12 năm 2026, ngoài giờ hành chính).',
    '7. Vào Sổ theo dõi hồ sơ: Quyển số 01/2026, Số thứ tự 1042.',
    'Mã tra cứu: K3NP937BHQ',
    'NGƯỜI NỘP HỒ SƠ',
    'NGƯỜI TIẾP NHẬN HỒ SƠ',
  ]) {
    expect(text).toContain(expected);
  }
  // Due time, wrapped beside the QR code: every word in order.
  expect(text).toMatch(
    /5\. Thời gian trả kết quả giải quyết hồ sơ: 07 giờ 30 phút, ngày .*16 tháng 12 năm 2026\./,
  );
});

test('supplement request: a table of components with copies by kind, then free items, the reason and whom to contact', async () => {
  const { text } = await read(buildSupplementRequest(F, F.supplement!));
  for (const expected of [
    ...HEADER,
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    '1 Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ 01',
    '2 Trích lục thửa đất có xác nhận của xã Phú Hòa',
    'Lý do: Thiếu tờ khai thuế; hợp đồng chưa ghi rõ diện tích đất ở.',
    'Mọi vướng mắc xin liên hệ: Chi nhánh Văn phòng Đăng ký đất đai huyện An Phú (Bộ phận Một cửa)',
  ]) {
    expect(text).toContain(expected);
  }
});

test('refusal, apology and stop notice carry their reason, dates and signer', async () => {
  const refusal = (await read(buildRefusal(F, F.refusal!))).text;
  expect(refusal).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ');
  expect(refusal).toContain('Thửa đất đang có tranh chấp, đã được Tòa án nhân dân huyện An Phú thụ lý.');
  expect(refusal).toContain('NGƯỜI TỪ CHỐI');

  const apology = (await read(buildApology(F, F.apologies[0]))).text;
  expect(apology).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
  expect(apology).toContain('Số: CNDKDD_AN_PHU-261201-0007/XL-1');
  expect(apology).toContain('Lý do: Cần đo đạc lại ranh giới thửa đất do sai lệch với bản đồ địa chính.');
  expect(apology).toContain('17 giờ 00 phút, ngày 18 tháng 12 năm 2026');
  expect(apology).toMatch(/Thời hạn giải quyết theo quy định \(07 giờ 30 phút, ngày 16 tháng 12 năm 2026\)/);

  const stop = (await read(buildStopNotice(F, F.stop!))).text;
  expect(stop).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
  expect(stop).toContain('không bổ sung, hoàn thiện hồ sơ trong thời hạn đã được thông báo');
});

test('control sheet: one row per handover with the time in words and the judgement', async () => {
  const { text } = await read(buildControlSheet(F));
  expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  expect(text).toContain('Hẹn lại (theo phiếu xin lỗi): 17 giờ 00 phút, ngày 18 tháng 12 năm 2026');
  for (const judgement of ['Trước hạn', 'Đúng hạn', 'Quá hạn']) expect(text).toContain(judgement);
  // Each row's first line: its number, the giving agency, the time (it wraps after "ngày") and the judgement.
  const firstLines = (await pdfLines(await toPdf(buildControlSheet(F))))
    .flat()
    .filter((line) => /^\d+ Giao: /.test(line))
    .map((line) =>
      /^(\d+) Giao: .*?(\d\d giờ \d\d phút), ngày ?(Trước hạn|Đúng hạn|Quá hạn)?/.exec(line)!.slice(1, 4),
    );
  expect(firstLines).toEqual(
    handovers(F).map((h, i) => [
      String(i + 1),
      vietnameseTime(h.at).split(',')[0],
      h.judgement ? JUDGEMENT_TEXT[h.judgement] : undefined,
    ]),
  );
});

test('register: one row per dossier, landscape, with the period', async () => {
  const { text } = await read(buildRegister(SAMPLE_REGISTER_FACTS));
  expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
  expect(text).toContain('Từ ngày 01/12/2026 đến ngày 31/12/2026');
  expect(text).toMatch(/2 CNDKDD_AN_PHU-261202-0001 01\/2026 Lê Văn Đức .* số 1043/);
  expect(text).toContain('Tổng số: 2 hồ sơ.');
});

test('register: "Ngày trả" is the recorded hand-back; a result not collected yet says so', async () => {
  const [returned, open] = SAMPLE_REGISTER_FACTS.rows;
  // The text comes out line by line across the columns: the time and the day of a cell are apart.
  const { text } = await read(buildRegister(SAMPLE_REGISTER_FACTS));
  expect(text).toContain('14:30');
  expect(text).not.toContain('08:15');
  expect(text).not.toContain('Chưa trả');
  const waiting = await read(
    buildRegister({
      ...SAMPLE_REGISTER_FACTS,
      rows: [{ ...returned, resultReturnedAt: undefined }, open],
    }),
  );
  expect(waiting.text).toContain('Chưa trả (có');
  expect(waiting.text).toContain('08:15');
  expect(waiting.text).not.toContain('14:30');
});

test('the same facts give the same bytes; other facts give other bytes', async () => {
  const a = await toPdf(buildReceipt(F));
  const b = await toPdf(buildReceipt({ ...F, steps: F.steps.map((s) => ({ ...s })) }));
  expect(a.equals(b)).toBe(true);
  const c = await toPdf(buildReceipt({ ...F, applicant: { ...F.applicant, name: 'Trần Văn Bảo' } }));
  expect(a.equals(c)).toBe(false);
  expect(a.subarray(0, 5).toString()).toBe('%PDF-');
});
