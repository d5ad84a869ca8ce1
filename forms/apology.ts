// Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả. Signed by the agency at fault, with the reason and
// the new date; the legal date stays on record (the statistics count lateness against it).
import type { Content } from 'pdfmake/interfaces';
import type { ApologyFacts, DossierFacts } from './facts';
import { placeOfAgency, vietnameseDate, vietnameseTime } from './format';
import { field, nationalHeader, page, paragraph, signatures, title } from './pdf/administrative-layout';
import type { PrintedForm } from './printed-form';

export const APOLOGY_TITLE = 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ';

export function buildApology(facts: DossierFacts, apology: ApologyFacts): PrintedForm {
  const tz = facts.timeZone;
  const content: Content[] = [
    nationalHeader({
      agency: apology.agency,
      number: `${facts.code}/XL-${apology.number}`,
      placeAndDate: `${placeOfAgency(apology.agency.name)}, ${vietnameseDate(apology.issuedAt, tz)}`,
    }),
    title(APOLOGY_TITLE, `Mã hồ sơ: ${facts.code}`),
    paragraph(
      `Ngày ${vietnameseDate(facts.receivedAt, tz).replace(/^ngày /, '')}, ${facts.desk.name} tiếp nhận hồ sơ của:`,
    ),
    field('Ông/Bà', facts.applicant.name, { boldValue: true }),
    field('Nội dung yêu cầu giải quyết', facts.procedure.name),
    field('Thời gian hẹn trả kết quả', vietnameseTime(apology.previousDueAt, tz)),
    paragraph(
      `Tuy nhiên đến nay, ${apology.agency.name} chưa hoàn thành việc giải quyết hồ sơ (bước: ${apology.step.name}) để trả kết quả cho Ông/Bà đúng hẹn.`,
    ),
    field('Lý do', apology.reason),
    paragraph(
      `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${apology.agency.name} xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả vào:`,
    ),
    { text: vietnameseTime(apology.newDueAt, tz), bold: true, alignment: 'center', margin: [0, 2, 0, 6] },
    paragraph(
      `Thời hạn giải quyết theo quy định (${vietnameseTime(apology.legalDueAt, tz)}) vẫn được lưu trong hồ sơ để đánh giá việc giải quyết.`,
    ),
    paragraph(`Mọi vướng mắc xin liên hệ: ${facts.desk.name} (Bộ phận Một cửa), mã hồ sơ ${facts.code}.`),
    signatures([apology.signer]),
  ];
  return {
    definition: page(content),
    meta: {
      title: `${APOLOGY_TITLE} ${facts.code}`,
      author: apology.agency.name,
      printedAt: apology.issuedAt,
    },
  };
}
