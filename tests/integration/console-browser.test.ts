// The console in a real Chromium against the real stack (Temporal, PostgreSQL, the API on a socket
// serving the built console): a supervisor sees an escalation appear live when a real step runs late,
// acknowledges it, then resolves it; an agency officer sees a dossier submitted while the inbox is
// open appear without reloading, completes its step and the dossier moves on, and sees an engine refusal as a coded Vietnamese
// message; a person of the wrong role reaches neither another role's page nor its data; axe-core
// finds no serious or critical violation on any page. Screenshots (1366×768) with CONSOLE_SCREENSHOTS=1.
//
// A step late within the test's time: this engine's office hours are one short window of WINDOW_MINUTES
// today (a working day is the sum of the office periods, domain/calendar/working-calendar.ts), so the
// late procedure's half-day step is due WINDOW_MINUTES/2 minutes after the window opens, and the
// workflow's own timer raises STEP_OVERDUE then. Nothing in the engine is faked; only its office hours
// are short. That test runs an engine of its own, started with the window placed just then: placed
// when the file's engine started, a slow start on a loaded machine let the window half pass before the
// submission, and the step was then due the next day.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { launchChromium, requireConsoleBuild } from '../support/browser';
import {
  checkPage,
  consoleContext,
  createPerson,
  graphqlFrom,
  openSignedIn,
} from '../support/console-session';
import type { OfficeHours } from '../../domain/calendar/types';
import { stateOf, submit, waitForState } from '../support/dossier-driver';
import { startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
let browser: Browser;
let origin: string;
const suffix = randomBytes(4).toString('hex').toUpperCase();
const A1 = `CA_${suffix}`; // the officer's agency: first step
const A2 = `CB_${suffix}`; // second step
const P_MANUAL = `T.CONSOLE.${suffix}.1`;
const P_LATE = `T.CONSOLE.${suffix}.2`; // one MANUAL half-day step at A2, left to run late
const WINDOW_MINUTES = 2;
const ZONE = 'Asia/Ho_Chi_Minh';
const PASSWORD = `Mk-${randomBytes(9).toString('base64url')}`;
const people = {
  supervisor: {
    username: `gs_${suffix.toLowerCase()}`,
    name: 'Lê Thị Giám Sát',
    title: 'Phó Chánh Văn phòng',
    role: 'SUPERVISOR',
  },
  officer: {
    username: `cb_${suffix.toLowerCase()}`,
    name: 'Phạm Văn Cán Bộ',
    title: 'Chuyên viên',
    role: 'AGENCY',
    agencyCode: A1,
  },
} as const;

/** Local minutes since midnight in Vietnam (no daylight saving: UTC+7). */
const localMinutes = (ms: number) => Math.floor((((ms / 60_000 + 7 * 60) % (24 * 60)) + 24 * 60) % (24 * 60));
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Office hours: one window opening at the first whole minute at least 20 s from now. */
async function shortOfficeHours(): Promise<OfficeHours> {
  let opening = localMinutes(Date.now() + 20_000) + 1;
  if (opening + WINDOW_MINUTES >= 24 * 60) {
    // Office periods stay within a day: wait for the new local day.
    await new Promise((resolve) => setTimeout(resolve, (24 * 60 - localMinutes(Date.now()) + 1) * 60_000));
    opening = localMinutes(Date.now() + 20_000) + 1;
  }
  return {
    timeZone: ZONE,
    periods: [{ start: hhmm(opening), end: hhmm(opening + WINDOW_MINUTES) }],
    workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
  };
}

beforeAll(async () => {
  requireConsoleBuild();
  engine = await startEngine();
  origin = engine.api.url.replace(/\/graphql$/, '');
  const { prisma } = engine.db;
  await upsertAgency(prisma, {
    code: A1,
    name: `UBND xã Thử Giao Diện ${suffix}`,
    level: 'COMMUNE',
    parentCode: 'UBND_H_AN_PHU',
  });
  await upsertAgency(prisma, {
    code: A2,
    name: `Phòng Thử Giao Diện ${suffix}`,
    level: 'DISTRICT',
    parentCode: 'UBND_H_AN_PHU',
  });
  const manual = (key: string, name: string, agencyCode: string, after?: string[]) => ({
    key,
    name,
    agencyCode,
    workingDays: 2,
    mode: 'MANUAL' as const,
    after,
  });
  await upsertProcedure(prisma, {
    code: P_MANUAL,
    name: 'Thủ tục thử giao diện hai bước',
    onlineLevel: 'FULL',
    totalWorkingDays: 4,
    receivingAgencyCode: A1,
    steps: [
      manual('tiep-nhan', 'Tiếp nhận, kiểm tra', A1),
      manual('tham-dinh', 'Thẩm định', A2, ['tiep-nhan']),
    ],
  });
  await upsertProcedure(prisma, {
    code: P_LATE,
    name: 'Thủ tục thử quá hạn',
    onlineLevel: 'FULL',
    totalWorkingDays: 2,
    receivingAgencyCode: A2,
    steps: [{ key: 'xu-ly', name: 'Xử lý', agencyCode: A2, workingDays: 0.5, mode: 'MANUAL' }],
  });
  for (const person of Object.values(people)) await createPerson(engine, person, PASSWORD);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

/** A person's own browser, signed in at the file's engine unless told another. */
const signedIn = (who: keyof typeof people, at = origin) => openSignedIn(browser, at, people[who], PASSWORD);

test('sign-in: a wrong password is refused in Vietnamese; the page passes axe', async () => {
  const context = await consoleContext(browser);
  const page = await context.newPage();
  await page.goto(origin + '/escalations');
  await page.getByLabel('Tên đăng nhập').fill(people.supervisor.username);
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
  await checkPage(page, 'sign-in');
  await context.close();
});

test('a supervisor sees the escalation of a late step appear live, acknowledges it, then resolves it with a note', async () => {
  // An engine whose office hours are one short window opening in 20 to 80 s (same database and accounts).
  const officeHours = await shortOfficeHours();
  const late = await startEngine({ officeHours });
  const lateOrigin = late.api.url.replace(/\/graphql$/, '');
  try {
    const { context, page } = await signedIn('supervisor', lateOrigin);
    await page.getByRole('heading', { name: 'Cảnh báo, kiến nghị xử lý' }).waitFor();
    await page.getByText('● Tự động cập nhật').waitFor();
    // Submitted with the page open: the step runs late WINDOW_MINUTES/2 minutes later, and the row
    // must arrive without a reload.
    const code = await submit(late, P_LATE);
    // Due today, within the window (submitted before it opens: at its middle), not the next day.
    const [opening, closing] = [officeHours.periods[0].start, officeHours.periods[0].end];
    const started = await waitForState(late, code, (s) => Boolean(s.steps[0].dueAt));
    const dueAt = new Date(started.steps[0].dueAt!);
    expect(localMinutes(dueAt.getTime())).toBeGreaterThanOrEqual(minutesOf(opening));
    expect(localMinutes(dueAt.getTime())).toBeLessThan(minutesOf(closing));
    expect(dueAt.getTime() - Date.now()).toBeLessThan(10 * 60_000);
    const row = page.locator(`tr[data-escalation-id^="${code}:"]`);
    expect(await row.count()).toBe(0);
    // The opening is 20 to 80 s away, the step due half a window later; a minute's slack after that.
    await row.waitFor({ timeout: dueAt.getTime() - Date.now() + 60_000 });
    await expectText(row, 'Chưa tiếp nhận');
    await expectText(row, 'Bước xử lý quá hạn');
    await checkPage(page, 'escalations');

    await row.getByRole('button', { name: 'Tiếp nhận' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Tiếp nhận' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expectText(row, 'Đã tiếp nhận');
    const escalation = await late.db.prisma.escalation.findFirstOrThrow({ where: { dossierCode: code } });
    expect(escalation.status).toBe('ACKNOWLEDGED');

    await row.getByRole('button', { name: 'Xử lý xong' }).click();
    await page.getByRole('dialog').getByLabel('Kết quả xử lý').fill('Đã liên hệ Chi nhánh, gửi lại hồ sơ');
    await page.getByRole('dialog').getByRole('button', { name: 'Xử lý xong' }).click();
    // Resolved escalations leave the default list (open + acknowledged).
    await row.waitFor({ state: 'detached' });
    const resolved = await late.db.prisma.escalation.findFirstOrThrow({ where: { dossierCode: code } });
    expect(resolved).toMatchObject({ status: 'RESOLVED', note: 'Đã liên hệ Chi nhánh, gửi lại hồ sơ' });

    // The other supervisor pages, and the dossier page with its graph and timeline.
    await page.getByRole('link', { name: 'Hồ sơ quá hạn, sắp đến hạn' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ quá hạn và sắp đến hạn' }).waitFor();
    await page.getByText(/trên tổng số/).waitFor();
    await checkPage(page, 'late-dossiers');
    await page.getByRole('link', { name: 'Thống kê' }).click();
    await page.getByRole('heading', { name: 'Thống kê tình hình giải quyết hồ sơ' }).waitFor();
    await page.getByRole('cell', { name: 'Tổng cộng' }).waitFor();
    await page.getByRole('columnheader', { name: 'Kỳ trước chuyển qua' }).waitFor();
    await checkPage(page, 'statistics');
    await page.goto(`${lateOrigin}/dossiers/${code}`);
    await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
    await page.getByText('Cảnh báo đã được xử lý').waitFor();
    // Filed before the office opened: the filing, the engine's handover to the agency at once, then
    // the receipt from which the deadline runs, in that order down the timeline.
    const top = async (text: string | RegExp) => (await page.getByText(text).first().boundingBox())!.y;
    const filed = await top('Nộp hồ sơ (ngoài giờ hành chính)');
    const handedOver = await top(/^Chuyển đến /);
    const receipt = await top(/^Tiếp nhận hồ sơ: bắt đầu tính thời hạn/);
    expect(filed).toBeLessThan(handedOver);
    expect(handedOver).toBeLessThan(receipt);
    await checkPage(page, 'dossier-supervisor');
    expect((await stateOf(late, code)).steps[0]).toMatchObject({ status: 'ACTIVE' });
    await context.close();
  } finally {
    await late.stop();
  }
}, 300_000);

test('an officer sees a dossier submitted while the inbox is open, completes its step and the dossier moves on; a refusal shows its coded message and changes nothing', async () => {
  const { context, page } = await signedIn('officer');
  // The inbox follows its agency's dossiers: the stream is up once its response has started.
  const following = page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('agencyDossiersChanged'),
  );
  await page.getByRole('heading', { name: 'Hồ sơ cần xử lý' }).waitFor();
  await page
    .getByRole('table', { name: 'Hồ sơ cần xử lý' })
    .getByText('Đang tải…')
    .waitFor({ state: 'detached' });
  expect((await following).status()).toBe(200);
  await page.getByRole('status').getByText('● Tự động cập nhật').waitFor();

  // Submitted after the inbox loaded: its step can only appear through a live reload.
  const code = await submit(engine, P_MANUAL);
  const act = page.getByRole('button', { name: `Xử lý ${code}` });
  await act.waitFor();
  await checkPage(page, 'inbox');

  // Refusing without a reason: the engine refuses, the dialog says why, the step stays.
  await act.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Từ chối giải quyết').click();
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.getByRole('alert').getByText('Mã lỗi: VALIDATION_FAILED').waitFor();
  await expectText(dialog.getByRole('alert'), 'Thông tin nhập chưa hợp lệ.');
  await checkPage(page, 'inbox-action-refused');
  expect((await stateOf(engine, code)).status).toBe('IN_PROGRESS');

  await dialog.getByText('Hoàn thành bước').click();
  await dialog.getByLabel('Số văn bản kết quả').fill('123/UBND-TP');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByText('Đã ghi nhận. Hồ sơ được chuyển sang bước tiếp theo.').waitFor();
  await act.waitFor({ state: 'detached' });
  const state = await stateOf(engine, code);
  expect(state.steps.map((s) => [s.key, s.status])).toEqual([
    ['tiep-nhan', 'DONE'],
    ['tham-dinh', 'ACTIVE'],
  ]);

  await page.goto(`${origin}/dossiers/${code}`);
  await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
  await page.getByText(/hoàn thành: Tiếp nhận, kiểm tra/).waitFor();
  await checkPage(page, 'dossier-officer');
  await context.close();
});

test("a wrong role reaches neither another role's page nor its data", async () => {
  const officer = await signedIn('officer');
  await officer.page.goto(`${origin}/escalations`);
  await officer.page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
  await checkPage(officer.page, 'forbidden');
  // The data too: a province-wide statistic by procedure is refused to an agency's officer.
  const officerAnswer = await graphqlFrom(
    officer.page,
    '{ performanceStats(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: PROCEDURE) { totals { received } } }',
  );
  expect(officerAnswer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  await officer.context.close();

  const supervisor = await signedIn('supervisor');
  await supervisor.page.goto(`${origin}/inbox`);
  await supervisor.page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
  const supervisorAnswer = await graphqlFrom(supervisor.page, '{ agencyInbox(first: 1) { totalCount } }');
  expect(supervisorAnswer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  await supervisor.context.close();
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.getByText(text, { exact: false }).first().waitFor();
}
