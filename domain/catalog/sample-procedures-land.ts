// Land procedures of the sample catalog. The one-stop desk of the commune or the district land
// registration branch receives; the land office, the tax office and the treasury each act in turn.
// Codes follow the national procedure database's format but are illustrative, not verified.
import type { ProcedureInput } from '../procedure/types';

/**
 * First-time land registration and certificate ("sổ đỏ lần đầu") for a household: commune confirms
 * land origin and posts it publicly, the district land branch checks the cadastre, the tax office
 * assesses land levy and registration fee, the applicant pays at the treasury, the district People's
 * Committee signs. Real-world basis: Land Law 2024, Decree 101/2024/NĐ-CP (20 working days).
 */
export const FIRST_LAND_CERTIFICATE: ProcedureInput = {
  code: '1.004227',
  name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu',
  field: 'Đất đai',
  level: 'DISTRICT',
  onlineLevel: 'PARTIAL',
  feeVnd: 100_000,
  totalWorkingDays: 20,
  receivingAgencyCode: 'UBND_XA_PHU_HOA',
  components: [
    {
      code: 'don-dang-ky',
      name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)',
      originals: 1,
    },
    {
      code: 'giay-to-nguon-goc',
      name: 'Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai',
      certifiedCopies: 1,
    },
    { code: 'cccd', name: 'Căn cước công dân của người sử dụng đất', photocopies: 1 },
    { code: 'ban-ve-tai-san', name: 'Sơ đồ nhà ở, công trình xây dựng', required: false, originals: 1 },
  ],
  steps: [
    {
      key: 'xac-nhan-hien-trang',
      name: 'Xác nhận hiện trạng, nguồn gốc sử dụng đất và niêm yết công khai',
      agencyCode: 'UBND_XA_PHU_HOA',
      workingDays: 5,
      mode: 'MANUAL',
    },
    {
      key: 'kiem-tra-dia-chinh',
      name: 'Kiểm tra hồ sơ, trích lục bản đồ địa chính',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 3,
      mode: 'MANUAL',
      after: ['xac-nhan-hien-trang'],
    },
    {
      key: 'xac-dinh-nghia-vu-tai-chinh',
      name: 'Xác định nghĩa vụ tài chính (tiền sử dụng đất, lệ phí trước bạ)',
      agencyCode: 'CCT_AN_PHU',
      workingDays: 3,
      mode: 'SYSTEM',
      after: ['kiem-tra-dia-chinh'],
    },
    {
      key: 'nop-nghia-vu-tai-chinh',
      name: 'Người sử dụng đất nộp tiền sử dụng đất, lệ phí trước bạ vào Kho bạc',
      agencyCode: 'KBNN_AN_PHU',
      workingDays: 1,
      mode: 'SYSTEM',
      kind: 'FEE_PAYMENT',
      after: ['xac-dinh-nghia-vu-tai-chinh'],
    },
    {
      key: 'in-giay-chung-nhan',
      name: 'Chuẩn bị hồ sơ, in Giấy chứng nhận',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['nop-nghia-vu-tai-chinh'],
    },
    {
      key: 'ky-giay-chung-nhan',
      name: 'Ký cấp Giấy chứng nhận',
      agencyCode: 'UBND_H_AN_PHU',
      workingDays: 3,
      mode: 'MANUAL',
      after: ['in-giay-chung-nhan'],
    },
    {
      key: 'cap-nhat-co-so-du-lieu',
      name: 'Cập nhật cơ sở dữ liệu đất đai, chuyển kết quả về xã',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 0.5,
      mode: 'SYSTEM',
      after: ['ky-giay-chung-nhan'],
    },
  ],
};

/**
 * Transfer of land-use rights (sang tên): after the branch checks the dossier, the tax assessment and
 * the cadastral update run in parallel and join before the certificate is endorsed. Basis: Decree
 * 101/2024/NĐ-CP (10 working days).
 */
export const LAND_TRANSFER: ProcedureInput = {
  code: '1.004203',
  name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng',
  field: 'Đất đai',
  level: 'DISTRICT',
  onlineLevel: 'PARTIAL',
  feeVnd: 50_000,
  totalWorkingDays: 10,
  receivingAgencyCode: 'CNDKDD_AN_PHU',
  components: [
    {
      code: 'don-dang-ky-bien-dong',
      name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)',
      originals: 1,
    },
    {
      code: 'hop-dong-chuyen-nhuong',
      name: 'Hợp đồng chuyển nhượng quyền sử dụng đất đã công chứng',
      originals: 1,
    },
    { code: 'giay-chung-nhan', name: 'Bản gốc Giấy chứng nhận quyền sử dụng đất đã cấp', originals: 1 },
    {
      code: 'cccd',
      name: 'Căn cước công dân của bên chuyển nhượng và bên nhận chuyển nhượng',
      certifiedCopies: 2,
    },
    { code: 'to-khai-thue', name: 'Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ', originals: 1 },
    {
      code: 'giay-mien-thue',
      name: 'Giấy tờ chứng minh thuộc diện miễn thuế, lệ phí',
      required: false,
      certifiedCopies: 1,
    },
  ],
  steps: [
    {
      key: 'kiem-tra-ho-so',
      name: 'Kiểm tra hồ sơ, hợp đồng chuyển nhượng',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 0.5,
      mode: 'MANUAL',
    },
    {
      key: 'xac-dinh-thue',
      name: 'Xác định thuế thu nhập cá nhân, lệ phí trước bạ',
      agencyCode: 'CCT_AN_PHU',
      workingDays: 3,
      mode: 'SYSTEM',
      after: ['kiem-tra-ho-so'],
    },
    {
      key: 'chinh-ly-dia-chinh',
      name: 'Chỉnh lý hồ sơ địa chính, cơ sở dữ liệu đất đai',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['kiem-tra-ho-so'],
    },
    {
      key: 'nop-thue-le-phi',
      name: 'Người nhận chuyển nhượng nộp thuế, lệ phí vào Kho bạc',
      agencyCode: 'KBNN_AN_PHU',
      workingDays: 1,
      mode: 'SYSTEM',
      kind: 'FEE_PAYMENT',
      after: ['xac-dinh-thue'],
    },
    {
      key: 'xac-nhan-bien-dong',
      name: 'Xác nhận biến động trên Giấy chứng nhận',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 2,
      mode: 'MANUAL',
      after: ['nop-thue-le-phi', 'chinh-ly-dia-chinh'],
    },
  ],
};

/** Registration of a mortgage over land-use rights: one agency, done within the working day. */
export const LAND_MORTGAGE_REGISTRATION: ProcedureInput = {
  code: '1.003010',
  name: 'Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
  field: 'Đăng ký biện pháp bảo đảm',
  level: 'DISTRICT',
  onlineLevel: 'FULL',
  feeVnd: 80_000,
  totalWorkingDays: 1,
  receivingAgencyCode: 'CNDKDD_AN_PHU',
  components: [
    { code: 'phieu-yeu-cau', name: 'Phiếu yêu cầu đăng ký thế chấp (Mẫu số 01a)', originals: 1 },
    { code: 'hop-dong-the-chap', name: 'Hợp đồng thế chấp đã công chứng', originals: 1 },
    { code: 'giay-chung-nhan', name: 'Bản gốc Giấy chứng nhận quyền sử dụng đất', originals: 1 },
  ],
  steps: [
    {
      key: 'kiem-tra-ho-so',
      name: 'Kiểm tra hồ sơ đăng ký thế chấp',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 0.5,
      mode: 'SYSTEM',
    },
    {
      key: 'ghi-dang-ky',
      name: 'Ghi nội dung đăng ký thế chấp vào Giấy chứng nhận và sổ địa chính',
      agencyCode: 'CNDKDD_AN_PHU',
      workingDays: 0.5,
      mode: 'MANUAL',
      after: ['kiem-tra-ho-so'],
    },
  ],
};

export const LAND_PROCEDURES: readonly ProcedureInput[] = [
  FIRST_LAND_CERTIFICATE,
  LAND_TRANSFER,
  LAND_MORTGAGE_REGISTRATION,
];
