// The console's administrator pages in a real Chromium against the real stack (Temporal, PostgreSQL,
// the API serving the built console): an administrator publishes a procedure version with a parallel
// branch, after the engine found a cycle at the field that made it ("Kiểm tra", then a refused
// publication; nothing published, and the mark gone once the field is right); keeps
// the working calendar (a day off, an official schedule file); adds an agency to the tree; creates an
// account and locks it; creates an API key, sees its last use, revokes it. axe-core finds no serious or critical
// violation on any page. Screenshots (1366×768) with CONSOLE_SCREENSHOTS=1 into docs/console/admin-*.png.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { upsertAgency } from '../../services/catalog/agencies';
import { launchChromium, requireConsoleBuild } from '../support/browser';
import {
  checkPage as checkConsolePage,
  consoleContext,
  createPerson,
  signIn,
} from '../support/console-session';
import { startEngine, type EngineHarness } from '../support/engine-harness';
import { waitFor } from '../support/waiting';

let engine: EngineHarness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
const suffix = randomBytes(4).toString('hex').toUpperCase();
const A1 = `QA_${suffix}`; // receives dossiers and does most steps
const A2 = `QB_${suffix}`; // the tax branch
const A1_NAME = `UBND xã Thử Quản Trị ${suffix}`;
const A2_NAME = `Chi cục Thuế Thử Quản Trị ${suffix}`;
const PROCEDURE = `T.ADMIN.${suffix}`;
const PASSWORD = `Qt-${randomBytes(9).toString('base64url')}`;
const admin = {
  username: `qt_${suffix.toLowerCase()}`,
  name: 'Trần Văn Quản Trị',
  title: 'Chuyên viên Sở Nội vụ',
  role: 'ADMIN',
};
/**
 * Two years ahead: no other test file sets days in it, and no dossier of the run (which shares this
 * database) lasts into it, so the days set here move nobody's deadline. The page offers it.
 */
const YEAR = new Date().getUTCFullYear() + 2;

beforeAll(async () => {
  requireConsoleBuild();
  engine = await startEngine();
  origin = engine.api.url.replace(/\/graphql$/, '');
  const { prisma } = engine.db;
  await upsertAgency(prisma, { code: A1, name: A1_NAME, level: 'COMMUNE', parentCode: 'UBND_H_AN_PHU' });
  await upsertAgency(prisma, { code: A2, name: A2_NAME, level: 'DISTRICT', parentCode: 'UBND_H_AN_PHU' });
  await createPerson(engine, admin, PASSWORD);
  browser = await launchChromium();
  context = await consoleContext(browser, { locale: 'vi-VN' });
  page = await context.newPage();
  await signIn(page, origin, admin, PASSWORD);
}, 120_000);

// Each test starts from the home page, whatever the one before left open.
beforeEach(async () => {
  await page.goto(origin + '/');
  await page.getByText(admin.name).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await engine?.stop();
});

/** The file's one signed-in page; its screenshots are docs/console/admin-*.png. */
const checkPage = (name: string) => checkConsolePage(page, `admin-${name}`);

/** Picks an option of a Mantine Select (or MultiSelect) by typing part of its label. */
async function choose(field: Locator, typed: string, option: string | RegExp): Promise<void> {
  // force: a MultiSelect's wrapper takes the click meant for its input, and opens it just the same.
  await field.click({ force: true });
  if (typed) await field.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

const step = (n: number) => page.getByRole('group', { name: `Bước ${n}` });
const afterField = (n: number) => step(n).getByRole('textbox', { name: 'Làm sau các bước' });

async function fillStep(
  n: number,
  s: { key: string; name: string; agency: string; days: string; after: string[] },
): Promise<void> {
  const card = step(n);
  await card.getByLabel('Mã bước').fill(s.key);
  await card.getByLabel('Tên bước').fill(s.name);
  await choose(card.getByRole('textbox', { name: 'Cơ quan thực hiện' }), s.agency, new RegExp(s.agency));
  await card.getByLabel('Số ngày làm việc').fill(s.days);
  for (const key of s.after) {
    await choose(afterField(n), '', key);
    await page.keyboard.press('Escape'); // a MultiSelect stays open after a pick
  }
}

test('an administrator publishes a version with a parallel branch; a cycle is refused at its field and nothing is published', async () => {
  await page.getByRole('link', { name: 'Thủ tục hành chính' }).click();
  await page.getByRole('heading', { name: 'Thủ tục hành chính' }).waitFor();
  await page.getByRole('cell').first().waitFor();
  await checkPage('procedures');

  await page.getByRole('link', { name: 'Thêm thủ tục mới' }).click();
  await page.getByRole('heading', { name: 'Thêm thủ tục mới' }).waitFor();
  await page.getByLabel('Mã thủ tục').fill(PROCEDURE);
  await page.getByLabel('Tên thủ tục').fill('Cấp giấy chứng nhận thử nghiệm liên thông');
  await choose(page.getByRole('textbox', { name: 'Nơi tiếp nhận' }), A1, new RegExp(A1));
  await page.getByLabel('Thời hạn giải quyết (ngày làm việc)').fill('10');
  // A supplement awaited ten working days instead of the default thirty; the rest left to default.
  await page.getByLabel('Chờ bổ sung tối đa (ngày làm việc)').fill('10');

  // tiếp nhận → (thẩm định thuế ‖ thẩm định đất) → trả kết quả
  await fillStep(1, { key: 'tiep-nhan', name: 'Tiếp nhận', agency: A1, days: '1', after: [] });
  for (let n = 2; n <= 4; n++) await page.getByRole('button', { name: 'Thêm bước' }).click();
  await fillStep(2, {
    key: 'tham-dinh-thue',
    name: 'Xác định nghĩa vụ thuế',
    agency: A2,
    days: '3',
    after: ['tiep-nhan'],
  });
  await fillStep(3, {
    key: 'tham-dinh-dat',
    name: 'Thẩm định hồ sơ đất',
    agency: A1,
    days: '2',
    after: ['tiep-nhan'],
  });
  await fillStep(4, {
    key: 'tra-ket-qua',
    name: 'Trả kết quả',
    agency: A1,
    days: '1',
    after: ['tham-dinh-thue', 'tham-dinh-dat'],
  });
  // The graph is drawn from the draft as it stands: four steps, four arrows.
  await settles('four arrows', countOf(page.locator('.react-flow__edge')), 4);
  await settles('four steps', countOf(page.locator('.react-flow__node')), 4);

  // "New" means new: a code already in the catalog is refused at the code, before anything is sent.
  const codeField = page.getByLabel('Mã thủ tục');
  await codeField.fill('1.004227');
  await page.getByRole('button', { name: 'Ban hành phiên bản' }).click();
  await page.getByText('Mã thủ tục đã có trong danh mục').waitFor();
  expect(await codeField.getAttribute('aria-invalid')).toBe('true');
  expect(await engine.db.prisma.procedure.findUniqueOrThrow({ where: { code: '1.004227' } })).toMatchObject({
    currentVersion: 1,
  });
  await codeField.fill(PROCEDURE);

  // A cycle: the first step now waits for the last. "Kiểm tra" finds it and publishes nothing.
  await choose(afterField(1), '', 'tra-ket-qua');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.getByText(/^Có \d+ lỗi cần sửa/).waitFor();
  expect(await afterField(1).getAttribute('aria-invalid')).toBe('true');
  expect(await engine.db.prisma.procedure.findUnique({ where: { code: PROCEDURE } })).toBeNull();
  // Publishing it anyway: refused by the engine, at the same field.
  await page.getByRole('button', { name: 'Ban hành phiên bản' }).click();
  await page.getByText(/Chưa ban hành: có \d+ lỗi cần sửa/).waitFor();
  // At the field that made the cycle (the engine's path steps[0].after[…]), and only there.
  expect(await afterField(1).getAttribute('aria-invalid')).toBe('true');
  for (const n of [2, 3, 4]) expect(await afterField(n).getAttribute('aria-invalid')).not.toBe('true');
  await step(1).getByText('Các bước chờ nhau thành vòng tròn').waitFor();
  expect(await engine.db.prisma.procedure.findUnique({ where: { code: PROCEDURE } })).toBeNull();
  await afterField(1).scrollIntoViewIfNeeded();
  await checkPage('procedure-editor');
  // The graph as it is edited: the step whose field made the cycle drawn in red.
  await page
    .getByRole('heading', { name: 'Sơ đồ quy trình (cập nhật theo nội dung đang soạn)' })
    .scrollIntoViewIfNeeded();
  await checkPage('procedure-editor-graph');

  // Undo the cycle (the last chosen step comes off): checked again as it changes, the mark goes
  // before anything is published; then publish.
  await afterField(1).focus();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');
  await page.getByText('Không có lỗi: có thể ban hành phiên bản này.').waitFor();
  expect(await afterField(1).getAttribute('aria-invalid')).not.toBe('true');
  await page.getByRole('button', { name: 'Ban hành phiên bản' }).click();
  await page.getByText(`Đã ban hành thủ tục ${PROCEDURE}, phiên bản 1.`).waitFor();
  const saved = await engine.db.prisma.procedureVersion.findUniqueOrThrow({
    where: { procedureCode_version: { procedureCode: PROCEDURE, version: 1 } },
  });
  const definition = saved.definition as {
    steps: { key: string; agencyCode: string; after: string[] }[];
    policy: Record<string, number>;
  };
  expect(definition.policy).toEqual({
    warningBeforeWorkingDays: 1,
    escalationLevel2AfterWorkingDays: 1,
    maxSupplementWaitWorkingDays: 10,
  });
  const steps = definition.steps;
  expect(steps.map((s) => [s.key, s.agencyCode, s.after])).toEqual([
    ['tiep-nhan', A1, []],
    ['tham-dinh-thue', A2, ['tiep-nhan']],
    ['tham-dinh-dat', A1, ['tiep-nhan']],
    ['tra-ket-qua', A1, ['tham-dinh-thue', 'tham-dinh-dat']],
  ]);
  // The procedure's page: its version, the critical path through the longer branch, the graph.
  await page.getByRole('heading', { name: 'Cấp giấy chứng nhận thử nghiệm liên thông' }).waitFor();
  await page.getByText('5 ngày làm việc').waitFor();
  await settles('the graph drawn', countOf(page.locator('.react-flow__edge')), 4);
  await checkPage('procedure');

  // ...and the catalog finds it by a part of its name without tone marks.
  await page.getByRole('link', { name: 'Thủ tục hành chính' }).click();
  await page.getByLabel('Tìm theo mã hoặc tên thủ tục').fill('chung nhan thu nghiem');
  await page.getByRole('link', { name: PROCEDURE }).waitFor();
  await settles('one procedure found', countOf(page.getByRole('row')), 2);
}, 180_000);

test('the calendar shows the year: a day off set by hand, and an official schedule file adds its days', async () => {
  await page.getByRole('link', { name: 'Lịch làm việc' }).click();
  await page.getByRole('heading', { name: 'Lịch làm việc' }).waitFor();
  await choose(page.getByRole('textbox', { name: 'Năm' }), '', String(YEAR));
  const day = (ddmm: string) => page.getByRole('button', { name: new RegExp(`^${ddmm}/${YEAR}:`) });
  // New Year's Day is a holiday by the rules; a plain Monday in March is a working day.
  await settles('01/01', kindOf(day('01/01')), 'holiday');
  const monday = firstWeekday(YEAR, 2, 1); // a Monday in March
  await settles(monday, kindOf(day(monday)), 'working');

  await day(monday).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Ngày nghỉ', { exact: true }).click();
  // Too long a reason: the server's problem, by its code, in Vietnamese.
  const reason = dialog.getByRole('textbox', { name: 'Lý do' });
  await reason.fill('x'.repeat(301));
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await dialog.getByRole('alert').getByText('Lý do quá dài (tối đa 300 ký tự).').waitFor();
  await reason.fill('Thử nghiệm: nghỉ theo quyết định của UBND tỉnh');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText(`Đã lưu ngày ${monday}/${YEAR}.`).waitFor();
  await settles(monday, kindOf(day(monday)), 'dayOff');
  await page
    .getByRole('cell', { name: 'Thử nghiệm: nghỉ theo quyết định của UBND tỉnh', exact: true })
    .waitFor();

  // A schedule file with a day of the next year and a day listed twice is refused, each problem named
  // in Vietnamese where it is in the file, nothing saved.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'schedule-'));
  const bad = path.join(dir, 'sai-nam.json');
  const wrongYear = `${YEAR + 1}-05-03`;
  await writeFile(
    bad,
    JSON.stringify({
      year: YEAR,
      source: 'Sai',
      days: [
        { date: wrongYear, working: false },
        { date: isoOf(firstWeekday(YEAR, 4, 1)), working: false },
        { date: isoOf(firstWeekday(YEAR, 4, 1)), working: true },
      ],
    }),
  );
  await page.locator('input[type=file]').setInputFiles(bad);
  await page.getByRole('button', { name: 'Nạp lịch' }).click();
  await page
    .getByRole('alert')
    .getByText('Tệp lịch có 2 lỗi, chưa nạp ngày nào.', { exact: false })
    .waitFor();
  const problems = page.getByRole('list', { name: 'Các lỗi trong tệp lịch' }).getByRole('listitem');
  expect(await problems.allInnerTexts()).toEqual([
    'days[0].date: Ngày không thuộc năm ghi ở mục "year" của tệp.',
    'days[2].date: Ngày này đã có ở một dòng trước trong danh sách.',
  ]);
  expect(await page.getByText(/must be|expected/).count()).toBe(0);
  expect(await engine.db.prisma.calendarDay.findUnique({ where: { date: wrongYear } })).toBeNull();
  await checkPage('calendar-refused');

  const offDay = firstWeekday(YEAR, 5, 1); // a Monday in June
  const makeUp = firstWeekday(YEAR, 5, 6); // a Saturday in June
  const file = path.join(dir, `${YEAR}.json`);
  await writeFile(
    file,
    JSON.stringify({
      year: YEAR,
      source: `Thông báo thử nghiệm lịch nghỉ năm ${YEAR}`,
      days: [
        { date: isoOf(offDay), working: false, reason: 'Nghỉ hoán đổi (thử nghiệm)' },
        { date: isoOf(makeUp), working: true },
      ],
    }),
  );
  await settles(offDay, kindOf(day(offDay)), 'working');
  await settles(makeUp, kindOf(day(makeUp)), 'weeklyRest');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: 'Nạp lịch' }).click();
  await page.getByText(/Đã nạp 2 ngày/).waitFor();
  await settles(offDay, kindOf(day(offDay)), 'dayOff');
  await settles(makeUp, kindOf(day(makeUp)), 'makeUp');
  await page.getByRole('cell', { name: `Thông báo thử nghiệm lịch nghỉ năm ${YEAR}`, exact: true }).waitFor();
  await checkPage('calendar');

  /** "dd/mm" of the first given weekday (1 Monday … 6 Saturday) of a month (0-based). */
  function firstWeekday(year: number, month: number, weekday: number): string {
    const first = new Date(Date.UTC(year, month, 1));
    const date = 1 + ((weekday - first.getUTCDay() + 7) % 7);
    return `${String(date).padStart(2, '0')}/${String(month + 1).padStart(2, '0')}`;
  }
  function isoOf(ddmm: string): string {
    return `${YEAR}-${ddmm.slice(3, 5)}-${ddmm.slice(0, 2)}`;
  }
}, 120_000);

test('agencies as a tree: a new agency appears under its supervising agency', async () => {
  await page.getByRole('link', { name: 'Cơ quan, đơn vị' }).click();
  await page.getByRole('heading', { name: 'Cơ quan, đơn vị' }).waitFor();
  const district = page.getByRole('listitem', { name: 'Ủy ban nhân dân huyện An Phú' });
  await district.getByRole('listitem', { name: A1_NAME }).waitFor();

  await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
  const dialog = page.getByRole('dialog');
  const code = `QC_${suffix}`;
  const name = `Phòng Tài nguyên Thử Quản Trị ${suffix}`;
  await dialog.getByLabel('Mã cơ quan').fill(code);
  await dialog.getByLabel('Tên cơ quan').fill(name);
  await choose(dialog.getByRole('textbox', { name: 'Cấp', exact: true }), '', 'Cấp huyện');
  await choose(dialog.getByRole('textbox', { name: 'Cơ quan cấp trên' }), 'UBND_H_AN_PHU', /UBND_H_AN_PHU/);
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText(`Đã lưu ${name}.`).waitFor();
  await district.getByRole('listitem', { name }).waitFor();
  expect(await engine.db.prisma.agency.findUnique({ where: { code } })).toMatchObject({
    level: 'DISTRICT',
    parentCode: 'UBND_H_AN_PHU',
  });
  await checkPage('agencies');
});

test('an administrator creates an account', async () => {
  await page.getByRole('link', { name: 'Tài khoản cán bộ' }).click();
  await page.getByRole('heading', { name: 'Tài khoản cán bộ' }).waitFor();
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const dialog = page.getByRole('dialog');
  const username = `mc_${suffix.toLowerCase()}`;
  await dialog.getByLabel('Tên đăng nhập').fill(username);
  await dialog.getByLabel('Họ và tên').fill('Nguyễn Thị Một Cửa');
  await dialog.getByLabel('Chức vụ').fill('Chuyên viên Bộ phận Một cửa');
  await choose(dialog.getByRole('textbox', { name: 'Cơ quan' }), A1, new RegExp(A1));
  await dialog.getByLabel('Mật khẩu', { exact: true }).fill('ngan');
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  // Too short a password: the server's coded refusal, in Vietnamese; nothing created.
  await dialog.getByText('Mật khẩu quá ngắn').waitFor();
  expect(await engine.db.prisma.account.findUnique({ where: { username } })).toBeNull();
  await dialog.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await page.getByText(`Đã tạo tài khoản ${username}.`).waitFor();
  await page.locator(`tr[data-username="${username}"]`).getByText('Đang hoạt động').waitFor();
  expect(await engine.db.prisma.account.findUnique({ where: { username } })).toMatchObject({
    role: 'DESK',
    agencyCode: A1,
    active: true,
  });
  await checkPage('accounts');

  // Locked: the row says so and the person, who could sign in, no longer can.
  const signIn = () =>
    fetch(`${origin}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
  expect((await signIn()).status).toBe(200);
  await page
    .locator(`tr[data-username="${username}"]`)
    .getByRole('button', { name: 'Khóa tài khoản' })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByText(`Đã khóa tài khoản ${username}.`).waitFor();
  await page.locator(`tr[data-username="${username}"]`).getByText('Đã khóa').waitFor();
  const refused = await signIn();
  expect({ status: refused.status, body: await refused.json() }).toMatchObject({
    status: 401,
    body: { error: { code: 'INVALID_CREDENTIALS' } },
  });
});

test('an administrator creates an API key, sees it listed with its last use, and revokes it', async () => {
  await page.getByRole('link', { name: 'Khóa kết nối (API)' }).click();
  await page.getByRole('heading', { name: 'Khóa kết nối (API)' }).waitFor();
  await page.getByRole('button', { name: 'Tạo khóa mới' }).click();
  const dialog = page.getByRole('dialog');
  const label = `Cổng DVC thử nghiệm ${suffix}`;
  await dialog.getByLabel('Tên gợi nhớ').fill(label);
  await dialog.getByRole('button', { name: 'Tạo khóa mới' }).click();
  const plain = (await dialog.getByTestId('plain-key').textContent())!.trim();
  expect(plain).toMatch(/^lt_[0-9A-Za-z]{8}_[0-9A-Za-z]{32,}$/);
  await checkPage('api-key-created');
  await dialog.getByRole('button', { name: 'Đã lưu khóa, đóng' }).click();

  const stored = await engine.db.prisma.apiKey.findFirstOrThrow({ where: { label } });
  const row = page.locator(`tr[data-key-id="${stored.id}"]`);
  await row.getByText('Chưa dùng').waitFor();
  await row.getByText(plain.slice(3, 11)).waitFor();
  // The key is used by its system; the listing shows when.
  expect((await engine.graphql('{ me { id } }', {}, plain)).data.me.id).toBe(stored.id);
  await page.reload();
  await row.getByText('Đang dùng').waitFor();
  expect(await row.getByText('Chưa dùng').count()).toBe(0);
  await checkPage('api-keys');

  await row.getByRole('button', { name: `Thu hồi ${label}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Thu hồi' }).click();
  await page.getByText(`Đã thu hồi khóa ${label}.`).waitFor();
  await row.getByText(/Đã thu hồi/).waitFor();
  const refused = await engine.graphql('{ me { id } }', {}, plain);
  expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

/** Waits until what the page shows settles on `wanted` (the page re-renders after a request). */
async function settles<T>(what: string, probe: () => Promise<T>, wanted: T): Promise<void> {
  let seen: T | undefined;
  await waitFor(
    `${what} to be ${String(wanted)}`,
    10_000,
    async () => {
      seen = await probe();
      return seen === wanted ? true : undefined;
    },
    100,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (last seen: ${String(seen)})`);
  });
}
const countOf = (locator: Locator) => () => locator.count();
const kindOf = (locator: Locator) => () => locator.getAttribute('data-kind');
