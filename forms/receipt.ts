// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. What the citizen leaves the desk with: who handed
// in what, the statutory working days, when it was received and when the result is due, where to
// collect it, the tracking book's volume and number, and a QR code that opens public tracking.
import type { Content } from 'pdfmake/interfaces';
import type { DossierFacts } from './facts';
import { placeOfAgency, vietnameseDate, vietnameseTime, workingDaysText } from './format';
import {
  field,
  nationalHeader,
  page,
  paragraph,
  signatures,
  table,
  title,
} from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';
import { componentRows } from './component-table';

export const RECEIPT_TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

export function buildReceipt(facts: DossierFacts): PrintedForm {
  const tz = facts.timeZone;
  const a = facts.applicant;
  const lateFiling = facts.submittedAt.getTime() !== facts.receivedAt.getTime();
  const components: Content =
    facts.components && facts.components.length > 0
      ? table(
          [22, '*', 50, 62, 44],
          ['TT', 'Tên giấy tờ', 'Bản chính', 'Bản sao chứng thực', 'Bản sao'],
          componentRows(facts.components),
        )
      : paragraph('(Hồ sơ nộp không kèm danh mục thành phần.)', [14, 0, 0, 3]);
  const content: Content[] = [
    nationalHeader({
      agency: facts.desk,
      number: facts.code,
      placeAndDate: `${placeOfAgency(facts.desk.name)}, ${vietnameseDate(facts.receivedAt, tz)}`,
    }),
    title(RECEIPT_TITLE, `Mã hồ sơ: ${facts.code}`),
    paragraph(`${facts.desk.name} tiếp nhận hồ sơ của:`),
    field('Ông/Bà', a.name, { boldValue: true }),
    field('Số định danh cá nhân', a.idNumber),
    ...(a.address ? [field('Địa chỉ', a.address)] : []),
    field(
      'Số điện thoại',
      [a.phone ?? '', a.email ? `Thư điện tử: ${a.email}` : ''].filter(Boolean).join('    ') || '……',
    ),
    field('Nội dung yêu cầu giải quyết', `${facts.procedure.name} (mã thủ tục ${facts.procedure.code})`),
    paragraph('1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:'),
    components,
    {
      columns: [
        {
          width: '*',
          stack: [
            paragraph('2. Số lượng hồ sơ: 01 (bộ).'),
            paragraph(
              `3. Thời gian giải quyết hồ sơ theo quy định là: ${workingDaysText(facts.procedure.totalWorkingDays)} ngày làm việc.`,
            ),
            paragraph(
              `4. Thời gian nhận hồ sơ: ${vietnameseTime(facts.receivedAt, tz)}` +
                (lateFiling
                  ? ` (nộp trực tuyến lúc ${vietnameseTime(facts.submittedAt, tz)}, ngoài giờ hành chính).`
                  : '.'),
            ),
            paragraph([
              '5. Thời gian trả kết quả giải quyết hồ sơ: ',
              { text: `${vietnameseTime(facts.originalDueAt, tz)}.`, bold: true },
            ]),
            paragraph(`6. Đăng ký nhận kết quả tại: ${facts.desk.name}.`),
            paragraph(
              facts.register
                ? `7. Vào Sổ theo dõi hồ sơ: Quyển số ${facts.register.volume}, Số thứ tự ${facts.register.number}.`
                : '7. Vào Sổ theo dõi hồ sơ: ……',
            ),
          ],
        },
        {
          width: 118,
          stack: [
            { qr: facts.trackingUrl, fit: 100, eccLevel: 'M', alignment: 'center' },
            { text: 'Quét mã để tra cứu tiến độ', italics: true, fontSize: 10, alignment: 'center' },
            {
              text: [`Mã tra cứu: `, { text: facts.lookupKey, bold: true }],
              fontSize: 10,
              alignment: 'center',
            },
          ],
        },
      ],
      columnGap: 10,
    },
    signatures([{ role: 'NGƯỜI NỘP HỒ SƠ', name: a.name }, facts.receiver]),
  ];
  return {
    definition: page(content),
    meta: { title: `${RECEIPT_TITLE} ${facts.code}`, author: facts.desk.name, printedAt: facts.receivedAt },
  };
}
