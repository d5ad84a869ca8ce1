// Business, construction and insurance procedures of the sample catalog: single-agency ones, the
// bulk of a real province's catalog. Codes are illustrative.
import type { ProcedureInput } from '../procedure/types';

/** Company registration (LLC with two or more members): Law on Enterprises 2020, 3 working days. */
export const COMPANY_REGISTRATION: ProcedureInput = {
  code: '2.001610',
  name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên',
  field: 'Thành lập và hoạt động của doanh nghiệp',
  level: 'PROVINCE',
  onlineLevel: 'FULL',
  feeVnd: 50_000,
  totalWorkingDays: 3,
  receivingAgencyCode: 'SKHDT',
  components: [
    { code: 'giay-de-nghi', name: 'Giấy đề nghị đăng ký doanh nghiệp', originals: 1 },
    { code: 'dieu-le', name: 'Điều lệ công ty', originals: 1 },
    { code: 'danh-sach-thanh-vien', name: 'Danh sách thành viên', originals: 1 },
    {
      code: 'giay-to-phap-ly',
      name: 'Giấy tờ pháp lý của cá nhân là thành viên, người đại diện theo pháp luật',
      certifiedCopies: 1,
    },
  ],
  steps: [
    {
      key: 'tham-dinh-ho-so',
      name: 'Xem xét tính hợp lệ của hồ sơ đăng ký doanh nghiệp',
      agencyCode: 'SKHDT',
      workingDays: 2,
      mode: 'MANUAL',
    },
    {
      key: 'cap-giay-chung-nhan',
      name: 'Cấp Giấy chứng nhận đăng ký doanh nghiệp trên Hệ thống thông tin quốc gia',
      agencyCode: 'SKHDT',
      workingDays: 0.5,
      mode: 'SYSTEM',
      after: ['tham-dinh-ho-so'],
    },
  ],
};

/** Building permit for a private house: Construction Law, 15 working days at the district. */
export const HOUSE_BUILDING_PERMIT: ProcedureInput = {
  code: '1.009994',
  name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
  field: 'Hoạt động xây dựng',
  level: 'DISTRICT',
  onlineLevel: 'PARTIAL',
  feeVnd: 75_000,
  totalWorkingDays: 15,
  receivingAgencyCode: 'UBND_H_AN_PHU',
  components: [
    { code: 'don-de-nghi', name: 'Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)', originals: 1 },
    { code: 'giay-to-dat', name: 'Giấy tờ chứng minh quyền sử dụng đất', certifiedCopies: 1 },
    { code: 'ban-ve-thiet-ke', name: 'Hai bộ bản vẽ thiết kế xây dựng', originals: 2 },
  ],
  steps: [
    {
      key: 'tham-dinh-ho-so',
      name: 'Thẩm định hồ sơ, kiểm tra thực địa',
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 12,
      mode: 'MANUAL',
    },
    {
      key: 'ky-giay-phep',
      name: 'Ký cấp giấy phép xây dựng',
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 2.5,
      mode: 'MANUAL',
      after: ['tham-dinh-ho-so'],
    },
  ],
};

/** Reissue of a lost or damaged health-insurance card by the district social insurance office. */
export const HEALTH_INSURANCE_CARD_REISSUE: ProcedureInput = {
  code: '1.000047',
  name: 'Cấp lại thẻ bảo hiểm y tế do bị mất, hỏng',
  field: 'Thu bảo hiểm xã hội, bảo hiểm y tế',
  level: 'DISTRICT',
  onlineLevel: 'FULL',
  feeVnd: 0,
  totalWorkingDays: 3,
  receivingAgencyCode: 'BHXH_AN_PHU',
  components: [
    {
      code: 'to-khai-bhyt',
      name: 'Tờ khai tham gia, điều chỉnh thông tin bảo hiểm y tế (Mẫu TK1-TS)',
      originals: 1,
    },
    { code: 'the-bi-hong', name: 'Thẻ bảo hiểm y tế bị hỏng (nếu còn)', required: false, originals: 1 },
  ],
  steps: [
    {
      key: 'doi-chieu-du-lieu',
      name: 'Đối chiếu dữ liệu người tham gia',
      agencyCode: 'BHXH_AN_PHU',
      workingDays: 1,
      mode: 'SYSTEM',
    },
    {
      key: 'in-the',
      name: 'In và trả thẻ bảo hiểm y tế',
      agencyCode: 'BHXH_AN_PHU',
      workingDays: 1,
      mode: 'MANUAL',
      after: ['doi-chieu-du-lieu'],
    },
  ],
};

/**
 * Household business registration interconnected with tax registration: the district registers the
 * household business in its system, then the tax branch issues the tax code automatically. Basis:
 * Decree 01/2021/NĐ-CP (3 working days). Both steps are SYSTEM: the quickest sample to run end to end.
 */
export const HOUSEHOLD_BUSINESS_REGISTRATION: ProcedureInput = {
  code: '2.000720',
  name: 'Đăng ký thành lập hộ kinh doanh (liên thông đăng ký thuế)',
  field: 'Thành lập và hoạt động của hộ kinh doanh',
  level: 'DISTRICT',
  onlineLevel: 'FULL',
  feeVnd: 100_000,
  totalWorkingDays: 3,
  receivingAgencyCode: 'UBND_H_AN_PHU',
  components: [
    { code: 'giay-de-nghi', name: 'Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1)', originals: 1 },
    { code: 'cccd-chu-ho', name: 'Căn cước công dân của chủ hộ kinh doanh', photocopies: 1 },
    { code: 'hop-dong-thue', name: 'Hợp đồng thuê địa điểm kinh doanh', required: false, certifiedCopies: 1 },
    {
      code: 'bien-ban-hop',
      name: 'Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh',
      required: false,
      originals: 1,
    },
  ],
  steps: [
    {
      key: 'dang-ky-ho-kinh-doanh',
      name: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh',
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 2,
      mode: 'SYSTEM',
    },
    {
      key: 'cap-ma-so-thue',
      name: 'Cấp mã số thuế hộ kinh doanh',
      agencyCode: 'CCT_AN_PHU',
      workingDays: 1,
      mode: 'SYSTEM',
      after: ['dang-ky-ho-kinh-doanh'],
    },
  ],
};

export const BUSINESS_PROCEDURES: readonly ProcedureInput[] = [
  HOUSEHOLD_BUSINESS_REGISTRATION,
  COMPANY_REGISTRATION,
  HOUSE_BUILDING_PERMIT,
  HEALTH_INSURANCE_CARD_REISSUE,
];
