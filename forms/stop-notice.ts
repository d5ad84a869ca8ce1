// Mẫu 05: Thông báo dừng giải quyết hồ sơ: the supplement never came (STOPPED), or the applicant
// withdrew the dossier (WITHDRAWN). Issued by the one-stop desk that received it.
import type { Content } from 'pdfmake/interfaces';
import type { DossierFacts, StopFacts } from './facts';
import { placeOfAgency, vietnameseDate, vietnameseTime } from './format';
import { field, nationalHeader, page, paragraph, signatures, title } from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';

export const STOP_TITLE = 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ';

export function buildStopNotice(facts: DossierFacts, stop: StopFacts): PrintedForm {
  const tz = facts.timeZone;
  const why =
    stop.kind === 'WITHDRAWN'
      ? 'Ông/Bà đã đề nghị rút hồ sơ.'
      : 'Ông/Bà không bổ sung, hoàn thiện hồ sơ trong thời hạn đã được thông báo.';
  const content: Content[] = [
    nationalHeader({
      agency: facts.desk,
      number: `${facts.code}/DG`,
      placeAndDate: `${placeOfAgency(facts.desk.name)}, ${vietnameseDate(stop.at, tz)}`,
    }),
    title(STOP_TITLE, `Mã hồ sơ: ${facts.code}`),
    paragraph(
      `Ngày ${vietnameseDate(facts.receivedAt, tz).replace(/^ngày /, '')}, ${facts.desk.name} tiếp nhận hồ sơ của:`,
    ),
    field('Ông/Bà', facts.applicant.name, { boldValue: true }),
    field('Nội dung yêu cầu giải quyết', facts.procedure.name),
    paragraph(
      `${facts.desk.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${vietnameseTime(stop.at, tz)}, vì: ${why}`,
    ),
    field('Lý do cụ thể', stop.reason),
    paragraph('Ông/Bà có thể nhận lại hồ sơ đã nộp tại Bộ phận Một cửa, hoặc nộp hồ sơ mới khi có nhu cầu.'),
    signatures([stop.signer]),
  ];
  return {
    definition: page(content),
    meta: { title: `${STOP_TITLE} ${facts.code}`, author: facts.desk.name, printedAt: stop.at },
  };
}
