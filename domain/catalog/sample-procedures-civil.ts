// Civil-status and justice procedures of the sample catalog, including the two interconnected groups
// published by Decision 296/QĐ-VPCP (2024): birth + permanent residence + health-insurance card for a
// child under 6, and death + removal of residence + funeral allowance. Codes are illustrative.
import type { ProcedureInput } from '../procedure/types';

/**
 * Birth registration, permanent residence and a health-insurance card for a child under 6, filed
 * once online. After the birth is registered the population database issues the personal ID number;
 * residence registration (commune police) and the insurance card (district social insurance) then run
 * in parallel. Published limit: 3 working days.
 */
export const BIRTH_RESIDENCE_HEALTH_INSURANCE: ProcedureInput = {
  code: '1.012697',
  name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  field: 'Hộ tịch',
  level: 'COMMUNE',
  onlineLevel: 'FULL',
  feeVnd: 0,
  totalWorkingDays: 3,
  receivingAgencyCode: 'UBND_XA_PHU_HOA',
  // A 3-day procedure cannot wait a whole day before warning.
  policy: { warningBeforeWorkingDays: 0.5 },
  components: [
    { code: 'to-khai-khai-sinh', name: 'Tờ khai đăng ký khai sinh', originals: 1 },
    { code: 'giay-chung-sinh', name: 'Giấy chứng sinh do cơ sở y tế cấp', originals: 1 },
    { code: 'cccd-cha-me', name: 'Căn cước công dân của cha hoặc mẹ', photocopies: 1 },
    { code: 'to-khai-thuong-tru', name: 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', originals: 1 },
    { code: 'to-khai-bhyt', name: 'Tờ khai tham gia bảo hiểm y tế (Mẫu TK1-TS)', originals: 1 },
  ],
  steps: [
    {
      key: 'dang-ky-khai-sinh',
      name: 'Đăng ký khai sinh, cấp Giấy khai sinh điện tử',
      agencyCode: 'UBND_XA_PHU_HOA',
      workingDays: 0.5,
      mode: 'MANUAL',
    },
    {
      key: 'cap-so-dinh-danh',
      name: 'Cấp số định danh cá nhân trên Cơ sở dữ liệu quốc gia về dân cư',
      agencyCode: 'BCA_C06',
      workingDays: 0.5,
      mode: 'SYSTEM',
      after: ['dang-ky-khai-sinh'],
    },
    {
      key: 'dang-ky-thuong-tru',
      name: 'Đăng ký thường trú cho trẻ em',
      agencyCode: 'CA_XA_PHU_HOA',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['cap-so-dinh-danh'],
    },
    {
      key: 'cap-the-bhyt',
      name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      agencyCode: 'BHXH_AN_PHU',
      workingDays: 2,
      mode: 'SYSTEM',
      after: ['cap-so-dinh-danh'],
    },
  ],
};

/**
 * Death registration, removal of permanent residence and funeral allowance: both follow-ups run in
 * parallel after the death is registered and join when the commune returns the results.
 */
export const DEATH_RESIDENCE_FUNERAL: ProcedureInput = {
  code: '1.012698',
  name: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất',
  field: 'Hộ tịch',
  level: 'COMMUNE',
  onlineLevel: 'FULL',
  feeVnd: 0,
  totalWorkingDays: 5,
  receivingAgencyCode: 'UBND_XA_TAN_LAP',
  components: [
    { code: 'to-khai-khai-tu', name: 'Tờ khai đăng ký khai tử', originals: 1 },
    { code: 'giay-bao-tu', name: 'Giấy báo tử hoặc giấy tờ thay giấy báo tử', originals: 1 },
    { code: 'to-khai-mai-tang', name: 'Tờ khai đề nghị hưởng trợ cấp mai táng', originals: 1 },
    { code: 'the-bhyt', name: 'Thẻ bảo hiểm y tế của người chết', required: false, originals: 1 },
  ],
  steps: [
    {
      key: 'dang-ky-khai-tu',
      name: 'Đăng ký khai tử, cấp Trích lục khai tử',
      agencyCode: 'UBND_XA_TAN_LAP',
      workingDays: 0.5,
      mode: 'MANUAL',
    },
    {
      key: 'xoa-thuong-tru',
      name: 'Xóa đăng ký thường trú',
      agencyCode: 'CA_XA_TAN_LAP',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['dang-ky-khai-tu'],
    },
    {
      key: 'giai-quyet-mai-tang',
      name: 'Giải quyết trợ cấp mai táng, tử tuất',
      agencyCode: 'BHXH_AN_PHU',
      workingDays: 3,
      mode: 'MANUAL',
      after: ['dang-ky-khai-tu'],
    },
    {
      key: 'tra-ket-qua',
      name: 'Tổng hợp và trả kết quả liên thông',
      agencyCode: 'UBND_XA_TAN_LAP',
      workingDays: 0.5,
      mode: 'SYSTEM',
      after: ['xoa-thuong-tru', 'giai-quyet-mai-tang'],
    },
  ],
};

/** Judicial record certificate no. 1: the Department of Justice asks the provincial police to verify. */
export const JUDICIAL_RECORD_CERTIFICATE: ProcedureInput = {
  code: '2.000488',
  name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
  field: 'Lý lịch tư pháp',
  level: 'PROVINCE',
  onlineLevel: 'FULL',
  feeVnd: 200_000,
  totalWorkingDays: 10,
  receivingAgencyCode: 'STP',
  components: [
    {
      code: 'to-khai-ly-lich',
      name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)',
      originals: 1,
    },
    { code: 'cccd', name: 'Căn cước công dân hoặc hộ chiếu của người được cấp', certifiedCopies: 1 },
  ],
  steps: [
    {
      key: 'tra-cuu-ly-lich',
      name: 'Tra cứu cơ sở dữ liệu lý lịch tư pháp',
      agencyCode: 'STP',
      workingDays: 1,
      mode: 'SYSTEM',
    },
    {
      key: 'xac-minh-an-tich',
      name: 'Tra cứu, xác minh thông tin án tích',
      agencyCode: 'CA_TINH',
      workingDays: 5,
      mode: 'MANUAL',
      after: ['tra-cuu-ly-lich'],
    },
    {
      key: 'lap-phieu',
      name: 'Lập và ký Phiếu lý lịch tư pháp',
      agencyCode: 'STP',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['xac-minh-an-tich'],
    },
  ],
};

/** Certified copy from the original at the commune: one step, done within half a day. */
export const CERTIFIED_COPY: ProcedureInput = {
  code: '2.000815',
  name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
  field: 'Chứng thực',
  level: 'COMMUNE',
  onlineLevel: 'PARTIAL',
  feeVnd: 2_000,
  totalWorkingDays: 0.5,
  receivingAgencyCode: 'UBND_XA_PHU_HOA',
  policy: { warningBeforeWorkingDays: 0 },
  steps: [
    {
      key: 'chung-thuc',
      name: 'Đối chiếu bản chính và chứng thực bản sao',
      agencyCode: 'UBND_XA_PHU_HOA',
      workingDays: 0.5,
      mode: 'MANUAL',
    },
  ],
};

export const CIVIL_PROCEDURES: readonly ProcedureInput[] = [
  BIRTH_RESIDENCE_HEALTH_INSURANCE,
  DEATH_RESIDENCE_FUNERAL,
  JUDICIAL_RECORD_CERTIFICATE,
  CERTIFIED_COPY,
];
