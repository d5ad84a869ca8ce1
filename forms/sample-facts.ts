// Facts of one land-transfer dossier written by hand, as the engine would record them: filed online
// at 21:30 (received 07:30 the next working day), a parallel branch (tax assessment beside the
// cadastral update), a late step with an apology. The unit tests, the pictures in docs/forms/ and
// the benchmark print from these.
import type { AgencyFacts, DossierFacts, RegisterFacts, StepFacts } from './facts';

const t = (local: string) => new Date(`${local}+07:00`);

const BRANCH: AgencyFacts = {
  code: 'CNDKDD_AN_PHU',
  name: 'Chi nhánh Văn phòng Đăng ký đất đai huyện An Phú',
  parentName: 'Văn phòng Đăng ký đất đai tỉnh Bình An',
};
const TAX: AgencyFacts = {
  code: 'CCT_AN_PHU',
  name: 'Chi cục Thuế huyện An Phú',
  parentName: 'Cục Thuế tỉnh Bình An',
};
const TREASURY: AgencyFacts = {
  code: 'KBNN_AN_PHU',
  name: 'Kho bạc Nhà nước huyện An Phú',
  parentName: 'Kho bạc Nhà nước tỉnh Bình An',
};

const steps: StepFacts[] = [
  {
    key: 'kiem-tra-ho-so',
    name: 'Kiểm tra hồ sơ, hợp đồng chuyển nhượng',
    agency: BRANCH,
    after: [],
    status: 'DONE',
    startedAt: t('2026-12-02T07:30:00'),
    dueAt: t('2026-12-02T11:30:00'),
    completedAt: t('2026-12-02T10:05:00'),
    judgement: 'ON_TIME',
  },
  {
    key: 'xac-dinh-thue',
    name: 'Xác định thuế thu nhập cá nhân, lệ phí trước bạ',
    agency: TAX,
    after: ['kiem-tra-ho-so'],
    status: 'DONE',
    startedAt: t('2026-12-02T10:05:00'),
    dueAt: t('2026-12-07T10:05:00'),
    completedAt: t('2026-12-04T15:20:00'),
    judgement: 'EARLY',
  },
  {
    key: 'chinh-ly-dia-chinh',
    name: 'Chỉnh lý hồ sơ địa chính, cơ sở dữ liệu đất đai',
    agency: BRANCH,
    after: ['kiem-tra-ho-so'],
    status: 'DONE',
    startedAt: t('2026-12-02T10:05:00'),
    dueAt: t('2026-12-04T10:05:00'),
    completedAt: t('2026-12-08T09:40:00'),
    judgement: 'LATE',
  },
  {
    key: 'nop-thue-le-phi',
    name: 'Người nhận chuyển nhượng nộp thuế, lệ phí vào Kho bạc',
    agency: TREASURY,
    after: ['xac-dinh-thue'],
    status: 'DONE',
    startedAt: t('2026-12-04T15:20:00'),
    dueAt: t('2026-12-07T15:20:00'),
    completedAt: t('2026-12-07T09:00:00'),
    judgement: 'ON_TIME',
  },
  {
    key: 'xac-nhan-bien-dong',
    name: 'Xác nhận biến động trên Giấy chứng nhận',
    agency: BRANCH,
    after: ['nop-thue-le-phi', 'chinh-ly-dia-chinh'],
    status: 'DONE',
    startedAt: t('2026-12-08T09:40:00'),
    dueAt: t('2026-12-10T09:40:00'),
    completedAt: t('2026-12-10T16:10:00'),
    judgement: 'LATE',
  },
];

export const SAMPLE_DOSSIER_FACTS: DossierFacts = {
  code: 'CNDKDD_AN_PHU-261201-0007',
  timeZone: 'Asia/Ho_Chi_Minh',
  procedure: {
    code: '1.004203',
    name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng',
    totalWorkingDays: 10,
    feeVnd: 50_000,
  },
  applicant: {
    name: 'Nguyễn Thị Hồng Nhung',
    idNumber: '079185012345',
    phone: '0912 345 678',
    address: 'Số 12 đường Lê Lợi, ấp Phú Thạnh, xã Phú Hòa, huyện An Phú, tỉnh Bình An',
  },
  channel: 'ONLINE',
  desk: BRANCH,
  submittedAt: t('2026-12-01T21:30:00'),
  receivedAt: t('2026-12-02T07:30:00'),
  dueAt: t('2026-12-18T17:00:00'),
  originalDueAt: t('2026-12-16T07:30:00'),
  completedAt: t('2026-12-11T08:15:00'),
  status: 'COMPLETED',
  outcome: 'EARLY',
  register: { volume: '01/2026', number: 1042 },
  components: [
    {
      code: 'don-dang-ky-bien-dong',
      name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)',
      originals: 1,
      certifiedCopies: 0,
      photocopies: 0,
    },
    {
      code: 'hop-dong-chuyen-nhuong',
      name: 'Hợp đồng chuyển nhượng quyền sử dụng đất đã công chứng',
      originals: 1,
      certifiedCopies: 0,
      photocopies: 0,
    },
    {
      code: 'giay-chung-nhan',
      name: 'Bản gốc Giấy chứng nhận quyền sử dụng đất đã cấp',
      originals: 1,
      certifiedCopies: 0,
      photocopies: 0,
    },
    {
      code: 'cccd',
      name: 'Căn cước công dân của bên chuyển nhượng và bên nhận chuyển nhượng',
      originals: 0,
      certifiedCopies: 2,
      photocopies: 0,
    },
  ],
  steps,
  supplement: {
    step: { key: 'kiem-tra-ho-so', name: 'Kiểm tra hồ sơ, hợp đồng chuyển nhượng' },
    agency: BRANCH,
    items: ['Trích lục thửa đất có xác nhận của xã Phú Hòa'],
    components: [
      {
        code: 'to-khai-thue',
        name: 'Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ',
        originals: 1,
        certifiedCopies: 0,
        photocopies: 0,
      },
    ],
    note: 'Thiếu tờ khai thuế; hợp đồng chưa ghi rõ diện tích đất ở.',
    requestedAt: t('2026-12-02T09:15:00'),
    expiresAt: t('2027-01-14T09:15:00'),
    signer: { role: 'NGƯỜI YÊU CẦU', name: 'Một cửa CN VPĐKĐĐ An Phú', title: BRANCH.name },
  },
  refusal: {
    step: { key: 'kiem-tra-ho-so', name: 'Kiểm tra hồ sơ, hợp đồng chuyển nhượng' },
    agency: BRANCH,
    reason: 'Thửa đất đang có tranh chấp, đã được Tòa án nhân dân huyện An Phú thụ lý.',
    at: t('2026-12-02T10:05:00'),
    signer: { role: 'NGƯỜI TỪ CHỐI', name: 'Một cửa CN VPĐKĐĐ An Phú', title: BRANCH.name },
  },
  apologies: [
    {
      number: 1,
      step: { key: 'chinh-ly-dia-chinh', name: 'Chỉnh lý hồ sơ địa chính, cơ sở dữ liệu đất đai' },
      agency: BRANCH,
      reason: 'Cần đo đạc lại ranh giới thửa đất do sai lệch với bản đồ địa chính.',
      previousDueAt: t('2026-12-16T07:30:00'),
      newDueAt: t('2026-12-18T17:00:00'),
      legalDueAt: t('2026-12-16T07:30:00'),
      issuedAt: t('2026-12-07T14:00:00'),
      signer: { role: 'THỦ TRƯỞNG CƠ QUAN', name: 'Phòng Địa chính', title: BRANCH.name },
    },
  ],
  stop: {
    kind: 'STOPPED',
    reason: 'Hết thời hạn bổ sung hồ sơ mà Ông/Bà chưa bổ sung tờ khai thuế.',
    at: t('2027-01-14T09:15:00'),
    signer: { role: 'NGƯỜI THÔNG BÁO', name: 'Bộ phận Một cửa', title: BRANCH.name },
  },
  trackingUrl: 'http://localhost:4000/tra-cuu?code=CNDKDD_AN_PHU-261201-0007&key=K3NP937BHQ',
  lookupKey: 'K3NP937BHQ',
  receiver: { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: 'Cổng dịch vụ công tỉnh', title: BRANCH.name },
};

/** A 12-step control sheet (a chain with a parallel pair), for the benchmark. */
export function sampleFactsWithSteps(count: number): DossierFacts {
  const start = SAMPLE_DOSSIER_FACTS.receivedAt.getTime();
  const hour = 3_600_000;
  const many: StepFacts[] = Array.from({ length: count }, (_, i) => ({
    key: `buoc-${i + 1}`,
    name: `Bước ${i + 1}: thẩm định, xử lý hồ sơ tại cơ quan phối hợp`,
    agency: [BRANCH, TAX, TREASURY][i % 3],
    after: i === 0 ? [] : i % 4 === 2 ? [`buoc-${i - 1}`] : [`buoc-${i}`],
    status: 'DONE',
    startedAt: new Date(start + i * 5 * hour),
    dueAt: new Date(start + (i + 1) * 5 * hour),
    completedAt: new Date(start + (i + 1) * 5 * hour - (i % 3) * hour),
    judgement: (['ON_TIME', 'EARLY', 'LATE'] as const)[i % 3],
  }));
  return { ...SAMPLE_DOSSIER_FACTS, steps: many };
}

export const SAMPLE_REGISTER_FACTS: RegisterFacts = {
  desk: BRANCH,
  timeZone: 'Asia/Ho_Chi_Minh',
  from: t('2026-12-01T00:00:00'),
  to: t('2027-01-01T00:00:00'),
  printedAt: t('2026-12-11T14:30:00'),
  rows: [
    {
      code: 'CNDKDD_AN_PHU-261201-0007',
      register: { volume: '01/2026', number: 1042 },
      applicantName: 'Nguyễn Thị Hồng Nhung',
      procedureName: 'Đăng ký biến động quyền sử dụng đất do chuyển nhượng',
      receivedAt: t('2026-12-02T07:30:00'),
      dueAt: t('2026-12-18T17:00:00'),
      originalDueAt: t('2026-12-16T07:30:00'),
      completedAt: t('2026-12-11T08:15:00'),
      resultReturnedAt: t('2026-12-11T14:30:00'),
      status: 'COMPLETED',
      outcome: 'EARLY',
    },
    {
      code: 'CNDKDD_AN_PHU-261202-0001',
      register: { volume: '01/2026', number: 1043 },
      applicantName: 'Lê Văn Đức',
      procedureName: 'Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất',
      receivedAt: t('2026-12-02T08:10:00'),
      dueAt: t('2026-12-03T08:10:00'),
      originalDueAt: t('2026-12-03T08:10:00'),
      status: 'IN_PROGRESS',
    },
  ],
};
