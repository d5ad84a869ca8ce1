// The one-stop desk and the citizen in a real Chromium against the real stack (issue 18): a desk
// officer signed in with an account receives a dossier at the counter (procedure found by a search
// without diacritics, applicant, components with copies by kind), is refused with the missing
// component named and nothing registered, then receives it and downloads the receipt PDF, which
// carries the dossier's code and a QR code; a citizen on a phone (390×844) opens that QR link without
// signing in and sees where the dossier is, with no personal data on the page, is told plainly when
// the key is wrong, and says a supplement was provided; the officer hands a result back and finds it
// in the register. axe-core finds no serious or critical violation on any page. Screenshots in
// docs/console/ with CONSOLE_SCREENSHOTS=1.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { requestSupplementUpdate } from '../../domain/contract/dossier-workflow';
import { launchChromium, requireConsoleBuild } from '../support/browser';
import { checkPage as checkConsolePage, createPerson, openSignedIn } from '../support/console-session';
import {
  act,
  agencyActor,
  driveToCompletion,
  stateOf,
  submit,
  waitForState,
} from '../support/dossier-driver';
import {
  eventually,
  OPEN_AROUND_THE_CLOCK,
  startEngine,
  type EngineHarness,
} from '../support/engine-harness';
import { decodeQr, pdfText } from '../support/pdf-reader';

const DESK = 'UBND_XA_PHU_HOA';
/** Birth registration: five document components, all required; the commune's step first. */
const BIRTH = { code: '1.012697', firstStep: 'dang-ky-khai-sinh' };
/** Certified copies: one MANUAL step at the commune, done the same day. */
const COPY = '2.000815';
/** A table's one row until its first answer (vi.common.loading). */
const LOADING = 'Đang tải…';
const APPLICANT = { name: 'Hoàng Thị Mai Lan', idNumber: '079188004321', phone: '0903123456' };
const PASSWORD = `Mk-${randomBytes(9).toString('base64url')}`;
const OFFICER = {
  username: `motcua_${randomBytes(3).toString('hex')}`,
  name: 'Đặng Thu Hằng',
  title: 'Công chức Bộ phận Một cửa',
  role: 'DESK',
  agencyCode: DESK,
};

let engine: EngineHarness;
let browser: Browser;
let origin: string;
/** What the first test received, for the citizen's test. */
const received = { code: '', trackingPath: '' };

beforeAll(async () => {
  requireConsoleBuild();
  // Today's register and this month's figures hold what the test receives, whatever the hour.
  engine = await startEngine({ officeHours: OPEN_AROUND_THE_CLOCK });
  origin = engine.api.url.replace(/\/graphql$/, '');
  await createPerson(engine, OFFICER, PASSWORD);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

// The phone page whole; the console's pages as the 1366×768 screen shows them (its header is fixed).
const checkPage = (page: Page, name: string) =>
  checkConsolePage(page, name, { fullPage: name.startsWith('tracking') });

const expectText = async (locator: Locator, text: string) =>
  expect(await locator.innerText()).toContain(text);

/** The desk officer's own browser, signed in; it downloads the receipt PDF. */
const deskOfficer = (options: { locale?: string } = {}) =>
  openSignedIn(browser, origin, OFFICER, PASSWORD, { acceptDownloads: true, ...options });

/** The citizen's phone: no account, no cookie. */
async function citizenPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    bypassCSP: true,
    locale: 'vi-VN',
  });
  return { context, page: await context.newPage() };
}

/** The text of the PDF a console link opens, fetched with the browser's own cookies. */
async function pdfBehind(context: BrowserContext, link: Locator): Promise<string> {
  const href = await link.getAttribute('href');
  const response = await context.request.get(new URL(href!, origin).href);
  expect([response.status(), response.headers()['content-type']]).toEqual([200, 'application/pdf']);
  return pdfText(await response.body());
}

const componentBox = (page: Page, name: string) => page.getByRole('checkbox', { name: `Đã nhận: ${name}` });

test('a desk officer receives a dossier: a missing component is named and nothing is registered; then the receipt PDF downloads with its code', async () => {
  const { context, page } = await deskOfficer();
  // The desk's home is reception.
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa' }).waitFor();
  await page.getByText(/thủ tục do cơ quan tiếp nhận/).waitFor();

  // Found by words typed without diacritics, as at a counter.
  await page.getByRole('textbox', { name: 'Thủ tục hành chính' }).fill('dang ky khai sinh');
  await page.getByRole('option', { name: new RegExp(`^${BIRTH.code.replace('.', '\\.')}`) }).click();
  await page.getByRole('table', { name: 'Thành phần hồ sơ' }).waitFor();
  await page.getByLabel('Họ và tên').fill(APPLICANT.name);
  await page.getByLabel('Số CCCD / mã số doanh nghiệp').fill(APPLICANT.idNumber);
  await page.getByLabel('Số điện thoại').fill(APPLICANT.phone);
  for (const name of [
    'Tờ khai đăng ký khai sinh',
    'Căn cước công dân của cha hoặc mẹ',
    'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)',
    'Tờ khai tham gia bảo hiểm y tế (Mẫu TK1-TS)',
  ])
    await componentBox(page, name).check();
  // Two certified copies of the parent's card instead of the photocopy asked for.
  await page
    .getByRole('textbox', { name: 'Bản sao chứng thực: Căn cước công dân của cha hoặc mẹ' })
    .fill('2');

  // The birth certificate is missing: the engine refuses, the page names it, nothing is registered.
  const before = await engine.db.prisma.dossier.count({ where: { applicantIdNumber: APPLICANT.idNumber } });
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  const refusal = page.getByRole('alert');
  await refusal
    .getByText('Thiếu thành phần hồ sơ bắt buộc: Giấy chứng sinh do cơ sở y tế cấp.', { exact: false })
    .waitFor();
  await expectText(refusal, 'Mã lỗi: COMPONENT_MISSING');
  await refusal.scrollIntoViewIfNeeded();
  expect(await engine.db.prisma.dossier.count({ where: { applicantIdNumber: APPLICANT.idNumber } })).toBe(
    before,
  );
  await checkPage(page, 'desk-receive-refused');

  await componentBox(page, 'Giấy chứng sinh do cơ sở y tế cấp').check();
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  const done = page.getByRole('status');
  await done.getByText(/^Đã tiếp nhận hồ sơ /).waitFor();
  const dossier = await engine.db.prisma.dossier.findFirstOrThrow({
    where: { applicantIdNumber: APPLICANT.idNumber },
  });
  expect(dossier).toMatchObject({ procedureCode: BIRTH.code, channel: 'COUNTER', receivingAgencyCode: DESK });
  expect(dossier.components).toContainEqual(
    expect.objectContaining({ code: 'cccd-cha-me', certifiedCopies: 2, photocopies: 1 }),
  );
  await expectText(done, dossier.code);
  await checkPage(page, 'desk-receipt-ready');

  // The receipt, straight away: a PDF with the dossier's code and the QR code to public tracking.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'In giấy tiếp nhận và hẹn trả kết quả' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${dossier.code}-receipt.pdf`);
  const pdf = await readFile((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = await pdfText(pdf);
  expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  expect(text).toContain(dossier.code);
  const qr = new URL((await decodeQr(pdf))!);
  expect([qr.pathname, qr.searchParams.get('code')]).toEqual(['/tra-cuu', dossier.code]);
  received.code = dossier.code;
  received.trackingPath = `${qr.pathname}${qr.search}`;
  await context.close();
}, 120_000);

test('a citizen opens the receipt’s QR link on a phone: the status without personal data, a wrong key said plainly, a supplement provided', async () => {
  expect(received.code).not.toBe('');
  const { context, page } = await citizenPhone();
  // The QR code names PUBLIC_BASE_URL; the test's server is at its own address.
  await page.goto(origin + received.trackingPath);
  await page.getByRole('heading', { name: 'Tra cứu hồ sơ' }).waitFor();
  await page.getByText(received.code).waitFor();
  await page.getByText('Đang giải quyết', { exact: true }).waitFor();
  await page.getByText('Liên thông đăng ký khai sinh', { exact: false }).first().waitFor();
  const body = await page.locator('body').innerText();
  for (const personal of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, OFFICER.name])
    expect([personal, body.includes(personal)]).toEqual([personal, false]);
  // Phone-sized: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await page.getByRole('textbox', { name: 'Tên đăng nhập' }).count()).toBe(0);
  await checkPage(page, 'tracking-phone');

  // A wrong key: the same plain message as an unknown code, and no data.
  await page.goto(`${origin}/tra-cuu?code=${encodeURIComponent(received.code)}&key=SAIMATRACU`);
  const wrong = page.getByRole('alert');
  await wrong.getByText('Mã hồ sơ hoặc mã tra cứu không đúng.', { exact: false }).waitFor();
  expect(await page.getByText('Các bước giải quyết').count()).toBe(0);
  await checkPage(page, 'tracking-wrong-key');

  // The commune asks for a supplement; the citizen sees what and says it was provided.
  await waitForState(engine, received.code, (s) =>
    s.steps.some((x) => x.key === BIRTH.firstStep && x.status === 'ACTIVE'),
  );
  await act(engine, received.code, requestSupplementUpdate, {
    actor: agencyActor(DESK),
    stepKey: BIRTH.firstStep,
    items: ['Bản chính Giấy chứng sinh (bản đã nộp bị mờ)'],
  });
  await eventually(
    async () =>
      (await engine.db.prisma.dossier.findFirst({
        where: { code: received.code, status: 'WAITING_SUPPLEMENT' },
      })) ?? undefined,
  );
  await page.goto(origin + received.trackingPath);
  await page.getByText('Bản chính Giấy chứng sinh (bản đã nộp bị mờ)').waitFor();
  await checkPage(page, 'tracking-supplement');
  await page.getByRole('button', { name: 'Tôi đã nộp bổ sung' }).click();
  await page.getByRole('status').getByText('Đã ghi nhận bạn nộp bổ sung.', { exact: false }).waitFor();
  expect((await stateOf(engine, received.code)).status).toBe('IN_PROGRESS');
  await context.close();
}, 120_000);

test('the desk hands a result back and finds it in the day’s register and the dossier’s timeline', async () => {
  // An officer on an English Windows: the hand-back time is still dd/mm/yyyy and 24-hour.
  const { context, page } = await deskOfficer({ locale: 'en-US' });
  const sentReturnedAt: (string | undefined)[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { query?: string; variables?: any } | null;
    if (body?.query?.includes('mutation DeskHandBack')) sentReturnedAt.push(body.variables.input.returnedAt);
  });
  // The page follows its agency's dossiers: the stream is up once its response has started.
  const following = page.waitForResponse(
    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('agencyDossiersChanged'),
  );
  await page.getByRole('link', { name: 'Trả kết quả' }).click();
  await page.getByRole('heading', { name: 'Trả kết quả giải quyết' }).waitFor();
  // Loaded before the dossier exists: the row can only come from a live reload.
  await page
    .getByRole('table', { name: 'Trả kết quả giải quyết' })
    .getByText(LOADING)
    .waitFor({ state: 'detached' });
  expect((await following).status()).toBe(200);
  await page.getByRole('status').getByText('● Tự động cập nhật').waitFor();

  // A dossier completed while the page is open appears without reloading it.
  const code = await submit(engine, COPY);
  await driveToCompletion(engine, code);
  const handBack = page.getByRole('button', { name: `Trả kết quả ${code}` });
  await handBack.waitFor();
  await checkPage(page, 'desk-hand-back');
  await handBack.click();
  const dialog = page.getByRole('dialog');
  // Prefilled with the applicant; someone they sent is written in instead.
  expect(await dialog.getByLabel('Người nhận kết quả').inputValue()).toBe('Trần Thị Bình');
  await dialog.getByLabel('Người nhận kết quả').fill('Trần Văn Cường (được ủy quyền)');
  const when = dialog.getByRole('group', { name: 'Thời điểm trả kết quả' });
  const day = when.getByRole('textbox', { name: 'Ngày trả' });
  const time = when.getByRole('textbox', { name: 'Giờ trả (24 giờ)' });
  expect([await day.getAttribute('placeholder'), await time.getAttribute('placeholder')]).toEqual([
    'dd/mm/yyyy',
    'hh:mm',
  ]);
  // Not a time of day: said at the field, nothing sent.
  await day.fill('01/01/2099');
  await time.fill('25:00');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await time.and(page.locator('[aria-invalid="true"]')).waitFor();
  await dialog.getByText('Giờ không hợp lệ: ghi theo 24 giờ (hh:mm), ví dụ 14:30.').waitFor();
  // A day without its time: asked for, not guessed.
  await time.fill('');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.getByText('Ghi giờ trả kết quả (hh:mm), ví dụ 14:30.').waitFor();
  expect(sentReturnedAt).toEqual([]);
  // A time in the future is refused by the engine, and nothing is recorded. 9 in the morning in
  // Vietnam is 02:00 UTC, whatever the browser's zone.
  await time.fill('900');
  await time.blur();
  expect(await time.inputValue()).toBe('09:00');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.getByRole('alert').getByText('Mã lỗi: VALIDATION_FAILED').waitFor();
  await expectText(dialog.getByRole('alert'), 'Thời điểm trả kết quả không được sau thời điểm hiện tại.');
  expect(sentReturnedAt).toEqual(['2099-01-01T02:00:00.000Z']);
  expect((await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } })).resultReturnedAt).toBeNull();
  await checkPage(page, 'desk-hand-back-refused');
  // Both emptied: now.
  await day.fill('');
  await time.fill('');
  await checkPage(page, 'desk-hand-back-dialog');
  const clicked = Date.now();
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await page
    .getByRole('status')
    .getByText(`Đã ghi nhận trả kết quả hồ sơ ${code}`, { exact: false })
    .waitFor();
  await handBack.waitFor({ state: 'detached' });
  const row = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } });
  expect([row.resultReturnedTo, row.resultReturnedBy]).toEqual([
    'Trần Văn Cường (được ủy quyền)',
    OFFICER.name,
  ]);
  expect(sentReturnedAt).toEqual(['2099-01-01T02:00:00.000Z', undefined]);
  expect(Math.abs(row.resultReturnedAt!.getTime() - clicked)).toBeLessThan(60_000);

  await page.getByRole('link', { name: 'Sổ theo dõi hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Sổ theo dõi hồ sơ' }).waitFor();
  const register = page.getByRole('table', { name: 'Sổ theo dõi hồ sơ' });
  const line = register.getByRole('row').filter({ hasText: code });
  await line.waitFor();
  await expectText(line, 'Trần Văn Cường (được ủy quyền)');
  if (received.code) await register.getByRole('row').filter({ hasText: received.code }).waitFor();
  await checkPage(page, 'desk-register');
  // The printed register of the same period, opened by its link with nothing but the session.
  const registerPdf = await pdfBehind(context, page.getByRole('link', { name: 'In sổ theo dõi (PDF)' }));
  expect(registerPdf).toContain('SỔ THEO DÕI HỒ SƠ');
  expect(registerPdf).toContain(code);

  await line.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
  await page.getByText('Đã trả kết quả cho người nộp').waitFor();
  // The dossier's papers: the control sheet opens; a refusal, which never happened, cannot.
  const sheet = await pdfBehind(
    context,
    page.getByRole('link', { name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)' }),
  );
  expect(sheet).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  expect(sheet).toContain(code);
  expect(await page.getByRole('link', { name: /Phiếu từ chối/ }).count()).toBe(0);
  await checkPage(page, 'dossier-desk');
  await context.close();
}, 120_000);
