// Mẫu 07: Sổ theo dõi hồ sơ: a desk's register for a period, one row per dossier it received, with
// the tracking book's volume and number. Landscape, as the book is kept.
import type { Content } from 'pdfmake/interfaces';
import type { RegisterFacts, RegisterRow } from './facts';
import { JUDGEMENT_TEXT } from './control-sheet-rows';
import { placeOfAgency, shortDate, shortTime, vietnameseDate } from './format';
import { nationalHeader, page, table, title } from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';

export const REGISTER_TITLE = 'SỔ THEO DÕI HỒ SƠ';

const STATUS_TEXT: Record<RegisterRow['status'], string> = {
  IN_PROGRESS: 'Đang giải quyết',
  WAITING_SUPPLEMENT: 'Chờ bổ sung',
  COMPLETED: 'Đã trả kết quả',
  REFUSED: 'Từ chối',
  WITHDRAWN: 'Rút hồ sơ',
  STOPPED: 'Dừng giải quyết',
};

function outcomeText(row: RegisterRow): string {
  if (row.status === 'COMPLETED' && row.outcome) return JUDGEMENT_TEXT[row.outcome];
  return STATUS_TEXT[row.status];
}

/** "Ngày trả" is the hand-back the desk recorded; a result not collected yet says so, with its date. */
function returnedText(row: RegisterRow, tz: string): string {
  if (row.resultReturnedAt) return shortTime(row.resultReturnedAt, tz);
  return row.completedAt ? `Chưa trả (có kết quả ${shortTime(row.completedAt, tz)})` : '';
}

export function buildRegister(facts: RegisterFacts): PrintedForm {
  const tz = facts.timeZone;
  // The period's end is exclusive; the paper names its last day.
  const lastDay = new Date(facts.to.getTime() - 1);
  const rows = facts.rows.map((r, i): Content[] => [
    { text: String(i + 1), alignment: 'center' },
    { text: r.code, noWrap: true, fontSize: 10 },
    { text: r.register ? `${r.register.volume}\nsố ${r.register.number}` : '', alignment: 'center' },
    r.applicantName,
    r.procedureName,
    shortTime(r.receivedAt, tz),
    shortTime(r.originalDueAt, tz) +
      (r.dueAt.getTime() !== r.originalDueAt.getTime() ? `\n(hẹn lại ${shortDate(r.dueAt, tz)})` : ''),
    returnedText(r, tz),
    outcomeText(r),
  ]);
  const content: Content[] = [
    nationalHeader(
      {
        agency: facts.desk,
        placeAndDate: `${placeOfAgency(facts.desk.name)}, ${vietnameseDate(facts.printedAt, tz)}`,
      },
      true,
    ),
    title(REGISTER_TITLE, `Từ ngày ${shortDate(facts.from, tz)} đến ngày ${shortDate(lastDay, tz)}`),
    rows.length > 0
      ? table(
          [22, 148, 52, 96, '*', 64, 70, 64, 62],
          [
            'TT',
            'Mã hồ sơ',
            'Quyển / số',
            'Người nộp',
            'Thủ tục hành chính',
            'Ngày nhận',
            'Hẹn trả',
            'Ngày trả',
            'Kết quả',
          ],
          rows,
        )
      : { text: 'Không có hồ sơ nào được tiếp nhận trong kỳ.', italics: true },
    { text: `Tổng số: ${rows.length} hồ sơ.`, margin: [0, 4, 0, 0] },
  ];
  return {
    definition: page(content, { landscape: true }),
    meta: {
      title: `${REGISTER_TITLE} ${facts.desk.name}`,
      author: facts.desk.name,
      printedAt: facts.printedAt,
    },
  };
}
