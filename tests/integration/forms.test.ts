// The printed forms of a real dossier: a land transfer (1.004203) received at the counter with its
// document components, a supplement request naming components, an apology, a parallel branch (the
// tax office's SYSTEM step beside the cadastral update) and completion, submitted by a desk officer
// and apologised for by an agency officer signed in with their accounts (their names and titles are
// printed in the signature blocks); then each paper fetched over
// HTTP as the citizen, the agencies and a supervisor would, read back with pdfjs-dist, the receipt's
// QR code decoded from the page rendered by pdftoppm, and the access rules checked.
import { randomUUID } from 'node:crypto';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { JUDGEMENT_TEXT } from '../../forms/control-sheet-rows';
import { vietnameseTime } from '../../forms/format';
import { trackingUrlOf } from '../../services/forms/dossier-facts';
import { decodeQr, pdfLines } from '../support/pdf-reader';
import { driveToCompletion, readModel, services, waitForState } from '../support/dossier-driver';
import { startEngine, type EngineHarness } from '../support/engine-harness';
import { signInAs, type Session } from '../support/session-client';

let engine: EngineHarness;
const keys: Record<string, string> = {};
const sessions: Record<string, Session> = {};
const PASSWORD = `Mk-${randomUUID()}`;
const people = {
  desk: { name: 'Nguyễn Thị Thu Trang', title: 'Chuyên viên Bộ phận Một cửa', role: 'DESK' },
  officer: { name: 'Võ Minh Đức', title: 'Phó Giám đốc Chi nhánh', role: 'AGENCY' },
} as const;

async function key(role: string, agencyCode: string | null, label: string): Promise<string> {
  const created = await engine.graphql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input: { role, agencyCode, label } },
    engine.adminKey,
  );
  return created.data.createApiKey.key;
}

beforeAll(async () => {
  engine = await startEngine();
  keys.desk = await key('AGENCY', 'CNDKDD_AN_PHU', 'Một cửa CN VPĐKĐĐ An Phú');
  keys.tax = await key('AGENCY', 'CCT_AN_PHU', 'Đội kiểm tra thuế');
  keys.stranger = await key('AGENCY', 'UBND_XA_TAN_LAP', 'Xã Tân Lập');
  keys.supervisor = await key('SUPERVISOR', null, 'Văn phòng UBND tỉnh');
  for (const [who, person] of Object.entries(people)) {
    const username = `${who}.${randomUUID().slice(0, 8)}`;
    const created = await engine.graphql(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { ...person, username, agencyCode: 'CNDKDD_AN_PHU', password: PASSWORD } },
      engine.adminKey,
    );
    expect(created.errors).toBeUndefined();
    sessions[who] = await signInAs(engine.api.url, username, PASSWORD);
  }
});
afterAll(async () => {
  await engine?.stop();
});

const base = () => engine.api.url.replace('/graphql', '');
/** GET with an API key, or with a person's session cookie alone, as the console's links send it. */
async function get(path: string, credential?: string | { cookie: string }) {
  const response = await fetch(`${base()}${path}`, {
    headers:
      typeof credential === 'string'
        ? { authorization: `Bearer ${credential}` }
        : credential
          ? { cookie: credential.cookie }
          : {},
  });
  const body = Buffer.from(await response.arrayBuffer());
  const error =
    response.headers.get('content-type') === 'application/json'
      ? JSON.parse(body.toString()).error
      : undefined;
  return { status: response.status, type: response.headers.get('content-type'), body, error };
}
const text = async (pdf: Buffer) => (await pdfLines(pdf)).flat().join(' ');

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code registerVolume registerNumber } } }`;
const HANDED_IN = [
  { code: 'don-dang-ky-bien-dong', originals: 1 },
  { code: 'hop-dong-chuyen-nhuong', originals: 1 },
  { code: 'giay-chung-nhan', originals: 1 },
  { code: 'cccd', certifiedCopies: 2 },
  { code: 'to-khai-thue', originals: 1 },
];
const submission = (components: unknown) => ({
  procedureCode: '1.004203',
  applicant: { name: 'Phạm Thị Ngọc Ánh', idNumber: '079190004321', phone: '0909 111 222' },
  channel: 'COUNTER',
  components,
  idempotencyKey: randomUUID(),
});

test('reception refuses a missing required component or an unknown one, naming it, and registers nothing', async () => {
  const before = await engine.db.prisma.dossier.count();
  const missing = await engine.graphql(
    SUBMIT,
    { input: submission(HANDED_IN.filter((c) => c.code !== 'giay-chung-nhan')) },
    keys.desk,
  );
  expect(missing.errors?.[0].extensions).toMatchObject({
    code: 'COMPONENT_MISSING',
    details: { component: 'giay-chung-nhan' },
  });
  const unknown = await engine.graphql(
    SUBMIT,
    { input: submission([...HANDED_IN, { code: 'so-ho-khau', originals: 1 }]) },
    keys.desk,
  );
  expect(unknown.errors?.[0].extensions).toMatchObject({
    code: 'UNKNOWN_COMPONENT',
    details: { component: 'so-ho-khau' },
  });
  expect(await engine.db.prisma.dossier.count()).toBe(before);
});

test('a land transfer through supplement, apology and a parallel branch prints each paper for who may have it', async () => {
  // At the counter, by a desk officer signed in with an account (cookie and CSRF token).
  const submitted = await engine.graphql(SUBMIT, { input: submission(HANDED_IN) }, sessions.desk);
  expect(submitted.errors).toBeUndefined();
  const { lookupKey, dossier } = submitted.data.submitDossier;
  const code: string = dossier.code;
  expect(dossier.registerVolume).toMatch(/^01\/20\d\d$/);
  expect(dossier.registerNumber).toBeGreaterThan(0);
  const citizen = (form: string, k = lookupKey) => get(`/forms/${code}/${form}.pdf?key=${k}`);

  // Receipt: the citizen's, with the components and the QR code to public tracking.
  const receipt = await citizen('receipt');
  expect(receipt.status).toBe(200);
  expect(receipt.type).toBe('application/pdf');
  const receiptText = await text(receipt.body);
  expect(receiptText).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  expect(receiptText).toContain('Ông/Bà: Phạm Thị Ngọc Ánh');
  expect(receiptText).toContain(`Mã hồ sơ: ${code}`);
  expect(receiptText).toContain(
    `Vào Sổ theo dõi hồ sơ: Quyển số ${dossier.registerVolume}, Số thứ tự ${dossier.registerNumber}.`,
  );
  expect(receiptText).toContain('3. Thời gian giải quyết hồ sơ theo quy định là: 10 ngày làm việc.');
  expect(receiptText).toContain('5 Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ 01');
  expect(receiptText).toContain(`Mã tra cứu: ${lookupKey}`);
  // The receiver's block: the officer who received it, from the audit trail of the submission.
  expect(receiptText).toContain(`NGƯỜI TIẾP NHẬN HỒ SƠ`);
  expect(receiptText).toContain(people.desk.name);
  expect(receiptText).toContain(people.desk.title);
  expect(await decodeQr(receipt.body)).toBe(trackingUrlOf('http://localhost:4000', code, lookupKey));
  // Same facts, same bytes.
  expect((await citizen('receipt')).body.equals(receipt.body)).toBe(true);

  // Not yet: coded, no empty page.
  for (const form of ['supplement-request', 'apology', 'refusal', 'stop-notice']) {
    const early = await get(`/forms/${code}/${form}.pdf`, keys.supervisor);
    expect([early.status, early.error?.code]).toEqual([409, 'FORM_NOT_APPLICABLE']);
  }

  const requested = await engine.graphql(
    `mutation($input: RequestSupplementInput!) { requestSupplement(input: $input) { status } }`,
    {
      input: {
        dossierCode: code,
        stepKey: 'kiem-tra-ho-so',
        items: ['Trích lục thửa đất có xác nhận của xã'],
        components: [{ code: 'cccd', certifiedCopies: 1 }],
        note: 'Bản sao căn cước của bên nhận chuyển nhượng đã hết hạn.',
      },
    },
    keys.desk,
  );
  expect(requested.data?.requestSupplement.status).toBe('WAITING_SUPPLEMENT');
  const supplement = await citizen('supplement-request');
  expect(supplement.status).toBe(200);
  const supplementText = await text(supplement.body);
  expect(supplementText).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  expect(supplementText).toContain('1 Căn cước công dân của bên chuyển nhượng và bên 01');
  expect(supplementText).toContain('2 Trích lục thửa đất có xác nhận của xã');
  expect(supplementText).toContain('Lý do: Bản sao căn cước của bên nhận chuyển nhượng đã hết hạn.');
  expect(supplementText).toContain('Một cửa CN VPĐKĐĐ An Phú'); // the signer: the acting key's label

  const provided = await engine.graphql(
    `mutation($input: ProvideSupplementInput!) { provideSupplement(input: $input) { status dueAt } }`,
    { input: { dossierCode: code, lookupKey, note: 'Đã nộp bản sao mới' } },
  );
  expect(provided.data?.provideSupplement.status).toBe('IN_PROGRESS');
  const newDueAt = new Date(new Date(provided.data.provideSupplement.dueAt).getTime() + 3 * 86_400_000);
  const apologised = await engine.graphql(
    `mutation($input: IssueApologyInput!) { issueApology(input: $input) { dueAt } }`,
    {
      input: {
        dossierCode: code,
        stepKey: 'kiem-tra-ho-so',
        reason: 'Phải xác minh lại chữ ký trên hợp đồng chuyển nhượng.',
        newDueAt: newDueAt.toISOString(),
      },
    },
    sessions.officer,
  );
  expect(apologised.errors).toBeUndefined();
  const apology = await citizen('apology');
  expect(apology.status).toBe(200);
  const apologyText = await text(apology.body);
  expect(apologyText).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
  expect(apologyText).toContain('Lý do: Phải xác minh lại chữ ký trên hợp đồng chuyển nhượng.');
  expect(apologyText).toContain(vietnameseTime(newDueAt));
  // Signed by the officer who issued it (payload.by), not the agency or a key.
  expect(apologyText).toContain(people.officer.name);
  expect(apologyText).toContain(people.officer.title);

  await driveToCompletion(engine, code, { timeoutMs: 60_000 });
  await waitForState(engine, code, (s) => s.status === 'COMPLETED');
  const { dossier: row, steps } = await readModel(engine, code);

  // The control sheet: eight handovers for this graph, each at max(actual, received), each step
  // judged against its own deadline on the working calendar.
  const sheet = await get(`/forms/${code}/control-sheet.pdf`, keys.supervisor);
  expect(sheet.status).toBe(200);
  const calendar = new WorkingCalendar(await services(engine).calendar());
  const step = (k: string) => steps.find((s) => s.key === k)!;
  const printed = (t: Date) => vietnameseTime(t < row.receivedAt ? row.receivedAt : t).split(',')[0];
  const judged = (k: string) =>
    JUDGEMENT_TEXT[calendar.classifyCompletion(step(k).completedAt!, step(k).dueAt!)];
  const firstLines = (await pdfLines(sheet.body))
    .flat()
    .filter((line) => /^\d+ Giao: /.test(line))
    .map((line) =>
      /^(\d+) Giao: .*?(\d\d giờ \d\d phút), ngày ?(Trước hạn|Đúng hạn|Quá hạn)?/.exec(line)!.slice(2, 4),
    );
  const joins = ['nop-thue-le-phi', 'chinh-ly-dia-chinh'].sort(
    (a, b) => step(a).completedAt!.getTime() - step(b).completedAt!.getTime(),
  );
  const expected = [
    [printed(step('kiem-tra-ho-so').startedAt!), undefined],
    [printed(step('kiem-tra-ho-so').completedAt!), judged('kiem-tra-ho-so')],
    [printed(step('kiem-tra-ho-so').completedAt!), judged('kiem-tra-ho-so')],
    ...['xac-dinh-thue', ...joins, 'xac-nhan-bien-dong'].map((k) => [
      printed(step(k).completedAt!),
      judged(k),
    ]),
    [printed(row.completedAt!), JUDGEMENT_TEXT[row.outcome!]],
  ];
  // Rows are ordered by printed time; the tax office's and the treasury's may interleave with the
  // cadastral update, so compare as sets of (time, judgement) with their counts.
  const sorted = (rows: (string | undefined)[][]) => rows.map((r) => r.join('|')).sort();
  expect(sorted(firstLines)).toEqual(sorted(expected));
  const sheetText = await text(sheet.body);
  // Cells wrap in the table: their first words are on the row's lines.
  expect(sheetText).toContain('Nhận: Chi cục Thuế huyện');
  expect(sheetText).toContain('Nhận: Kho bạc Nhà nước');
  expect(sheetText).toContain('Nhận: Tổ chức, cá nhân');

  // Access: the citizen gets the applicant's papers only; a wrong key is not found; the tax office
  // gets the sheet of a dossier it worked on but not the receipt; an agency with no part sees nothing.
  expect((await citizen('control-sheet')).error?.code).toBe('FORBIDDEN');
  expect(await citizen('receipt', 'WRONGKEY00')).toMatchObject({
    status: 404,
    error: { code: 'DOSSIER_NOT_FOUND' },
  });
  expect((await get(`/forms/${code}/control-sheet.pdf`, keys.tax)).status).toBe(200);
  expect(await get(`/forms/${code}/receipt.pdf`, keys.tax)).toMatchObject({
    status: 403,
    error: { code: 'FORBIDDEN' },
  });
  expect(await get(`/forms/${code}/receipt.pdf`, keys.stranger)).toMatchObject({
    status: 404,
    error: { code: 'DOSSIER_NOT_FOUND' },
  });
  expect(await get(`/forms/${code}/refusal.pdf`, keys.desk)).toMatchObject({
    status: 409,
    error: { code: 'FORM_NOT_APPLICABLE' },
  });
  expect((await get(`/forms/${code}/nonsense.pdf`, keys.desk)).status).toBe(404);

  // The register: the supervisor's and the desk's own; not another agency's.
  const day = calendar.localDate(row.receivedAt);
  const register = await get(
    `/forms/register.pdf?agency=CNDKDD_AN_PHU&from=${day}&to=${day}`,
    keys.supervisor,
  );
  expect(register.status).toBe(200);
  expect(await text(register.body)).toContain(code);
  expect(
    (await get(`/forms/register.pdf?agency=CNDKDD_AN_PHU&from=${day}&to=${day}`, keys.desk)).status,
  ).toBe(200);
  expect((await get(`/forms/register.pdf?agency=CNDKDD_AN_PHU&from=${day}&to=${day}`, keys.tax)).status).toBe(
    403,
  );
  expect((await get(`/forms/register.pdf?agency=CNDKDD_AN_PHU&from=${day}&to=${day}`)).status).toBe(401);

  // The console opens the papers as links: the session cookie without a CSRF token, the person's
  // own rules (the desk officer: the register and the receipt of its desk; not another agency's).
  const deskSession = { cookie: sessions.desk.cookie };
  const byLink = await get(`/forms/register.pdf?agency=CNDKDD_AN_PHU&from=${day}&to=${day}`, deskSession);
  expect(byLink).toMatchObject({ status: 200, type: 'application/pdf' });
  expect(await text(byLink.body)).toContain(code);
  expect((await get(`/forms/${code}/receipt.pdf`, deskSession)).status).toBe(200);
  expect(await get(`/forms/register.pdf?agency=CCT_AN_PHU&from=${day}&to=${day}`, deskSession)).toMatchObject(
    { status: 403, error: { code: 'FORBIDDEN' } },
  );
  expect(await get(`/forms/${code}/receipt.pdf`, { cookie: `lt_session=${'A'.repeat(43)}` })).toMatchObject({
    status: 401,
    error: { code: 'UNAUTHENTICATED' },
  });

  // GraphQL names the forms with their URLs and whether each applies.
  const listed = await engine.graphql(
    `query($code: String!) { dossier(code: $code) { forms { kind url available } } }`,
    { code },
    keys.supervisor,
  );
  expect(listed.data.dossier.forms).toEqual([
    { kind: 'receipt', url: `/forms/${code}/receipt.pdf`, available: true },
    { kind: 'supplement-request', url: `/forms/${code}/supplement-request.pdf`, available: true },
    { kind: 'refusal', url: `/forms/${code}/refusal.pdf`, available: false },
    { kind: 'apology', url: `/forms/${code}/apology.pdf`, available: true },
    { kind: 'stop-notice', url: `/forms/${code}/stop-notice.pdf`, available: false },
    { kind: 'control-sheet', url: `/forms/${code}/control-sheet.pdf`, available: true },
  ]);
  const taxView = await engine.graphql(
    `query($code: String!) { dossier(code: $code) { forms { kind } } }`,
    { code },
    keys.tax,
  );
  expect(taxView.data.dossier.forms.map((f: { kind: string }) => f.kind)).toEqual(['control-sheet']);
}, 300_000); // a dozen workflow round trips and eight PDFs: slow only on a loaded machine
