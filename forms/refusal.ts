// Mẫu 03: Phiếu từ chối tiếp nhận, giải quyết hồ sơ. The reason, in the agency's words, and who refused.
import type { Content } from 'pdfmake/interfaces';
import type { DossierFacts, RefusalFacts } from './facts';
import { placeOfAgency, vietnameseDate } from './format';
import { field, nationalHeader, page, paragraph, signatures, title } from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';

export const REFUSAL_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ';

export function buildRefusal(facts: DossierFacts, refusal: RefusalFacts): PrintedForm {
  const tz = facts.timeZone;
  const content: Content[] = [
    nationalHeader({
      agency: refusal.agency,
      number: `${facts.code}/TC`,
      placeAndDate: `${placeOfAgency(refusal.agency.name)}, ${vietnameseDate(refusal.at, tz)}`,
    }),
    title(REFUSAL_TITLE, `Mã hồ sơ: ${facts.code}`),
    paragraph(`${facts.desk.name} tiếp nhận hồ sơ của:`),
    field('Ông/Bà', facts.applicant.name, { boldValue: true }),
    field('Nội dung yêu cầu giải quyết', facts.procedure.name),
    paragraph(
      `Sau khi xem xét${refusal.step ? ` (bước: ${refusal.step.name})` : ''}, ${refusal.agency.name} xin thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
    ),
    { text: refusal.reason, bold: true, margin: [14, 2, 0, 6] },
    paragraph('Xin thông báo để Ông/Bà được biết và thực hiện.'),
    signatures([refusal.signer]),
  ];
  return {
    definition: page(content),
    meta: { title: `${REFUSAL_TITLE} ${facts.code}`, author: refusal.agency.name, printedAt: refusal.at },
  };
}
