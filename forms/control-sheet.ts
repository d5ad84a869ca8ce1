// Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. The header facts, then one row per handover
// (control-sheet-rows.ts says which and how they are timed), each judged against that step's deadline.
import type { Content } from 'pdfmake/interfaces';
import type { DossierFacts } from './facts';
import { handovers, JUDGEMENT_TEXT } from './control-sheet-rows';
import { placeOfAgency, vietnameseDate, vietnameseTime } from './format';
import { field, nationalHeader, page, table, title } from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';

export const CONTROL_SHEET_TITLE = 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ';

/** The latest fact on the sheet: its date line and its document date. */
function lastFact(facts: DossierFacts): Date {
  const times = [
    facts.receivedAt,
    facts.completedAt,
    ...facts.steps.flatMap((s) => [s.startedAt, s.completedAt]),
  ].filter((t): t is Date => !!t);
  return new Date(Math.max(...times.map((t) => t.getTime())));
}

export function buildControlSheet(facts: DossierFacts): PrintedForm {
  const tz = facts.timeZone;
  const printedAt = lastFact(facts);
  const rows = handovers(facts).map((h, i): Content[] => [
    { text: String(i + 1), alignment: 'center' },
    {
      stack: [
        { text: ['Giao: ', { text: h.giving.name, bold: true }] },
        { text: ['Nhận: ', { text: h.receiving.name, bold: true }] },
      ],
    },
    vietnameseTime(h.at, tz),
    { text: h.judgement ? JUDGEMENT_TEXT[h.judgement] : '', alignment: 'center' },
    h.actualAt ? `${h.note} (thực hiện lúc ${vietnameseTime(h.actualAt, tz)})` : h.note,
  ]);
  const content: Content[] = [
    nationalHeader({
      agency: facts.desk,
      placeAndDate: `${placeOfAgency(facts.desk.name)}, ${vietnameseDate(printedAt, tz)}`,
    }),
    title(CONTROL_SHEET_TITLE, `Mã hồ sơ: ${facts.code}`),
    field('Tên người nộp hồ sơ', facts.applicant.name, { boldValue: true }),
    field('Thủ tục', `${facts.procedure.name} (mã ${facts.procedure.code})`),
    field('Thời gian nhận hồ sơ', vietnameseTime(facts.receivedAt, tz)),
    field('Thời gian hẹn trả kết quả', vietnameseTime(facts.originalDueAt, tz)),
    ...(facts.dueAt.getTime() !== facts.originalDueAt.getTime()
      ? [field('Hẹn lại (theo phiếu xin lỗi)', vietnameseTime(facts.dueAt, tz))]
      : []),
    table(
      [20, 130, 95, 52, '*'],
      ['TT', 'Tên cơ quan', 'Thời gian giao, nhận hồ sơ', 'Kết quả giải quyết', 'Ghi chú'],
      rows,
    ),
    {
      text: 'Kết quả giải quyết của mỗi bước được đánh giá theo thời hạn của chính bước đó (Trước hạn / Đúng hạn / Quá hạn).',
      italics: true,
      fontSize: 11,
    },
  ];
  return {
    definition: page(content),
    meta: { title: `${CONTROL_SHEET_TITLE} ${facts.code}`, author: facts.desk.name, printedAt },
  };
}
