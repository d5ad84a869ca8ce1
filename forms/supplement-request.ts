// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. Everything missing, in one request (the rules allow
// one): the procedure's components with the copies wanted of each kind, then free-text items; the
// reason; by when; whom to contact.
import type { Content } from 'pdfmake/interfaces';
import type { DossierFacts, SupplementFacts } from './facts';
import { placeOfAgency, vietnameseDate, vietnameseTime } from './format';
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

export const SUPPLEMENT_TITLE = 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ';

export function buildSupplementRequest(facts: DossierFacts, supplement: SupplementFacts): PrintedForm {
  const tz = facts.timeZone;
  const freeItems: Content[][] = supplement.items.map((item, i) => [
    { text: String(supplement.components.length + i + 1), alignment: 'center' },
    { text: item, colSpan: 4 },
    '',
    '',
    '',
  ]);
  const content: Content[] = [
    nationalHeader({
      agency: supplement.agency,
      number: `${facts.code}/YCBS`,
      placeAndDate: `${placeOfAgency(supplement.agency.name)}, ${vietnameseDate(supplement.requestedAt, tz)}`,
    }),
    title(SUPPLEMENT_TITLE, `Mã hồ sơ: ${facts.code}`),
    paragraph(
      `Ngày ${vietnameseDate(facts.receivedAt, tz).replace(/^ngày /, '')}, ${facts.desk.name} tiếp nhận hồ sơ của:`,
    ),
    field('Ông/Bà', facts.applicant.name, { boldValue: true }),
    field('Nội dung yêu cầu giải quyết', facts.procedure.name),
    paragraph(
      `Trong quá trình giải quyết (bước: ${supplement.step.name}), ${supplement.agency.name} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`,
    ),
    table(
      [22, '*', 50, 62, 44],
      ['TT', 'Thành phần hồ sơ cần bổ sung', 'Bản chính', 'Bản sao chứng thực', 'Bản sao'],
      [...componentRows(supplement.components), ...freeItems],
    ),
    field('Lý do', supplement.note ?? 'Hồ sơ chưa đầy đủ thành phần theo quy định.'),
    ...(supplement.expiresAt
      ? [
          paragraph(
            `Thời hạn bổ sung: trước ${vietnameseTime(supplement.expiresAt, tz)}. Quá thời hạn này mà không bổ sung, hồ sơ sẽ bị dừng giải quyết.`,
          ),
        ]
      : []),
    paragraph(
      'Thời gian chờ bổ sung không tính vào thời hạn giải quyết; ngày hẹn trả kết quả được lùi tương ứng khi nhận đủ hồ sơ.',
    ),
    paragraph(`Mọi vướng mắc xin liên hệ: ${facts.desk.name} (Bộ phận Một cửa), mã hồ sơ ${facts.code}.`),
    signatures([{ ...supplement.signer }]),
  ];
  return {
    definition: page(content),
    meta: {
      title: `${SUPPLEMENT_TITLE} ${facts.code}`,
      author: supplement.agency.name,
      printedAt: supplement.requestedAt,
    },
  };
}
