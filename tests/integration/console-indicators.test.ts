// The console's Decision 766 indicators page in a real Chromium against the real stack (Temporal,
// PostgreSQL, the agency simulators, the API serving the built console), with the dossiers' statuses
// delivered over real HTTP to the simulated national portal, which refuses one dossier. A supervisor
// sees, for this month, the figures the decision766Indicators query answers for the same period and
// unit, and for an agency the figures counted by hand here; switching agency changes them as it
// should; a procedure with no dossier shows the empty state. The refused dossier is listed as out of
// sync and, once the portal takes it again, its resend button gets it delivered, which the SYNCED
// indicator then shows. An agency officer reaches neither the page nor its data. axe-core: no serious
// violations; screenshot docs/console/indicators-766.png with CONSOLE_SCREENSHOTS=1.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createNationalPortalDelivery } from '../../activities/national-portal-delivery';
import { createNationalPortalClient } from '../../integrations/national-portal/client';
import { nationalSyncState } from '../../prisma/read-model/national-sync';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { submitDossier } from '../../services/reception/submit-dossier';
import {
  createNationalPortalSimulator,
  type NationalPortalSimulator,
} from '../../simulators/national-portal/simulator';
import { startNationalSyncLoop, type NationalSyncLoop } from '../../worker/national-sync-loop';
import { launchChromium, requireConsoleBuild } from '../support/browser';
import {
  checkPage as checkConsolePage,
  createPerson,
  graphqlFrom,
  ok,
  openSignedIn,
} from '../support/console-session';
import { driveToCompletion, waitForState } from '../support/dossier-driver';
import {
  eventually,
  OPEN_AROUND_THE_CLOCK,
  startEngine,
  type EngineHarness,
} from '../support/engine-harness';

let engine: EngineHarness;
let browser: Browser;
let origin: string;
let portal: NationalPortalSimulator;
let loop: NationalSyncLoop;
const suffix = randomBytes(4).toString('hex').toUpperCase();
const A1 = `CS_${suffix}`; // receives P_FULL: three dossiers, two resolved, one refused by the portal
const A2 = `CT_${suffix}`; // receives P_PARTIAL (one open counter dossier) and P_EMPTY (none)
const A1_NAME = `UBND xã Thử Chỉ Số ${suffix}`;
const A2_NAME = `Phòng Thử Chỉ Số ${suffix}`;
const P_FULL = `T.766.${suffix}.1`;
const P_PARTIAL = `T.766.${suffix}.2`;
const P_EMPTY = `T.766.${suffix}.3`;
const PASSWORD = `Mk-${randomBytes(9).toString('base64url')}`;
const people = {
  supervisor: {
    username: `gs766_${suffix.toLowerCase()}`,
    name: 'Nguyễn Thị Giám Sát',
    title: 'Phó Chánh Văn phòng',
    role: 'SUPERVISOR',
  },
  officer: {
    username: `cb766_${suffix.toLowerCase()}`,
    name: 'Trần Văn Cán Bộ',
    title: 'Chuyên viên',
    role: 'AGENCY',
    agencyCode: A1,
  },
} as const;
/** Every dossier of this file, for the delivery loop's scope. */
const codes: string[] = [];
let refusedCode: string;

async function submit(procedureCode: string, channel: 'ONLINE' | 'COUNTER'): Promise<string> {
  const { dossier } = await submitDossier(engine.services, {
    procedureCode,
    applicant: { name: 'Lê Văn Chỉ Số', idNumber: '079190004321' },
    channel,
    formData: { test: 'console-indicators' },
    idempotencyKey: randomUUID(),
  });
  codes.push(dossier.code);
  return dossier.code;
}

beforeAll(async () => {
  requireConsoleBuild();
  // Today's register and this month's figures hold what the test receives, whatever the hour.
  engine = await startEngine({ officeHours: OPEN_AROUND_THE_CLOCK });
  origin = engine.api.url.replace(/\/graphql$/, '');
  const { prisma } = engine.db;
  await upsertAgency(prisma, { code: A1, name: A1_NAME, level: 'COMMUNE', parentCode: 'UBND_H_AN_PHU' });
  await upsertAgency(prisma, { code: A2, name: A2_NAME, level: 'DISTRICT', parentCode: 'UBND_H_AN_PHU' });
  const oneStep = (code: string, name: string, onlineLevel: 'FULL' | 'PARTIAL', agencyCode: string) =>
    upsertProcedure(prisma, {
      code,
      name,
      onlineLevel,
      totalWorkingDays: 3,
      receivingAgencyCode: agencyCode,
      steps: [{ key: 'xu-ly', name: 'Xử lý', agencyCode, workingDays: 3, mode: 'MANUAL' }],
    });
  await oneStep(P_FULL, 'Thủ tục thử chỉ số toàn trình', 'FULL', A1);
  await oneStep(P_PARTIAL, 'Thủ tục thử chỉ số một phần', 'PARTIAL', A2);
  await oneStep(P_EMPTY, 'Thủ tục thử chỉ số chưa có hồ sơ', 'PARTIAL', A2);
  for (const person of Object.values(people)) await createPerson(engine, person, PASSWORD);

  // A1: two online dossiers resolved at once (on time), one counter dossier the portal refuses.
  // A2: one counter dossier left open.
  const resolved = [await submit(P_FULL, 'ONLINE'), await submit(P_FULL, 'ONLINE')];
  refusedCode = await submit(P_FULL, 'COUNTER');
  const open = await submit(P_PARTIAL, 'COUNTER');
  for (const code of resolved) await driveToCompletion(engine, code);
  await waitForState(engine, refusedCode, (s) => s.steps[0].status === 'ACTIVE');
  await waitForState(engine, open, (s) => s.steps[0].status === 'ACTIVE');
  for (const code of resolved)
    await eventually(
      async () =>
        (await prisma.dossier.findUniqueOrThrow({ where: { code } })).status === 'COMPLETED' || undefined,
    );

  portal = createNationalPortalSimulator();
  const portalUrl = (await portal.listen()).url;
  portal.setFaults({ refuseDossiers: [refusedCode] });
  loop = startNationalSyncLoop({
    delivery: createNationalPortalDelivery({
      prisma,
      client: createNationalPortalClient({ url: portalUrl, ...portal.credentials, timeoutMs: 2_000 }),
      backoff: { initialMs: 50, maxMs: 400 },
      scope: () => codes,
    }),
    idleMs: 50,
    logger: { warn: () => undefined, error: (o: unknown) => console.error(o) },
  });
  // Settled: every other dossier's statuses all accepted, the refused one held.
  await eventually(async () => {
    const states = await Promise.all(codes.map((code) => nationalSyncState(prisma, code)));
    return states.every((s) => (s!.dossierCode === refusedCode ? s!.refused : s!.pending === 0)) || undefined;
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await loop?.stop();
  await portal?.close();
  await engine?.stop();
});

const signedIn = (who: keyof typeof people) => openSignedIn(browser, origin, people[who], PASSWORD);

const INDICATORS = `query($from: DateTime!, $to: DateTime!, $unit: IndicatorUnit!, $code: String) {
  decision766Indicators(from: $from, to: $to, unit: $unit, code: $code) {
    averageProcessingWorkingDays
    indicators { key numerator denominator rate maxPoints score }
    totalScore
    maxScore
  }
}`;

/** The variables of every indicators query the page sends, in order. */
function recordIndicatorQueries(page: Page): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    const body = request.postData();
    if (request.url().endsWith('/graphql') && body?.includes('ConsoleIndicators766'))
      sent.push((JSON.parse(body) as { variables: Record<string, unknown> }).variables);
  });
  return sent;
}

// The page's own formats (console/src/lib/format.ts, text/vi.ts), written out again here.
const percent = (rate: number | null) =>
  rate === null ? '–' : `${(rate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
const points = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
const UNITS: Record<string, string> = {
  SYNCED: 'hồ sơ',
  ON_TIME: 'hồ sơ',
  ONLINE_SUBMISSION: 'hồ sơ',
  FULLY_ONLINE_PROCEDURES: 'thủ tục',
};

interface Shown {
  rate: Record<string, string>;
  points: Record<string, string>;
  averageTime: string;
  total: string;
}

/** What the page should show for an answer of decision766Indicators. */
function expectedFor(answer: any): Shown {
  const days: number | null = answer.averageProcessingWorkingDays;
  const shown: Shown = {
    rate: {},
    points: {},
    averageTime:
      days === null
        ? '–'
        : days > 0 && days < 0.05
          ? 'Dưới 0,1 ngày làm việc'
          : `${days.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ngày làm việc`,
    total: '',
  };
  for (const i of answer.indicators) {
    shown.rate[i.key] = `${percent(i.rate)} ${i.numerator}/${i.denominator} ${UNITS[i.key]}`;
    shown.points[i.key] =
      `${i.score === null ? '–' : points(i.score)} / ${points(i.maxPoints)}` +
      (i.score === null ? ' Chưa có số liệu để chấm' : '');
  }
  shown.total = `${points(answer.totalScore)} / ${points(answer.maxScore)}`;
  return shown;
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).innerText()) ?? '').replace(/\s+/g, ' ').trim();

async function shownOnPage(page: Page): Promise<Shown> {
  const shown: Shown = {
    rate: {},
    points: {},
    averageTime: await text(page, 'tr[data-indicator="AVERAGE_TIME"] [data-cell="rate"]'),
    total: await text(page, 'tr[data-indicator="TOTAL"] [data-cell="points"]'),
  };
  for (const key of Object.keys(UNITS)) {
    shown.rate[key] = await text(page, `tr[data-indicator="${key}"] [data-cell="rate"]`);
    shown.points[key] = await text(page, `tr[data-indicator="${key}"] [data-cell="points"]`);
  }
  return shown;
}

/**
 * Waits for the page's latest indicators query to be answered and shown, then checks the page shows
 * what the same query answers through the API; returns that answer.
 */
async function expectPageMatchesQuery(
  page: Page,
  sent: Record<string, unknown>[],
  unit: string,
  code?: string,
) {
  const variables = await eventually(async () => {
    const last = sent.at(-1);
    return last && last.unit === unit && (last.code ?? undefined) === code ? last : undefined;
  });
  const answer = ok(await graphqlFrom(page, INDICATORS, variables)).decision766Indicators;
  const expected = expectedFor(answer);
  await page.locator('table[aria-busy="false"]').first().waitFor();
  await eventually(
    async () => JSON.stringify(await shownOnPage(page)) === JSON.stringify(expected) || undefined,
    10_000,
  ).catch(() => undefined);
  expect(await shownOnPage(page)).toEqual(expected);
  return { variables, answer };
}

async function chooseUnit(page: Page, unit: 'Toàn tỉnh' | 'Cơ quan' | 'Thủ tục', option?: string) {
  // The segmented control's radio is hidden under its label: a person clicks the label.
  const id = await page.getByRole('radio', { name: unit, exact: true }).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  if (!option) return;
  await page.getByRole('textbox', { name: unit === 'Cơ quan' ? 'Chọn cơ quan' : 'Chọn thủ tục' }).click();
  await page.getByRole('option', { name: option }).click();
}

/** The indicators page is taller than the screen: its screenshot is the whole page. */
const checkPage = (page: Page, name?: string) => checkConsolePage(page, name, { pauseMs: 0, fullPage: true });

test('a supervisor reads the indicators of this month for the province, an agency and a procedure, as the query computes them', async () => {
  const { context, page } = await signedIn('supervisor');
  const sent = recordIndicatorQueries(page);
  await page.getByRole('link', { name: 'Chỉ số theo QĐ 766' }).click();
  await page.getByRole('heading', { name: 'Chỉ số đánh giá theo Quyết định 766/QĐ-TTg' }).waitFor();

  // The default: the whole province, from the first of this month (Vietnam time) until now.
  const province = await expectPageMatchesQuery(page, sent, 'PROVINCE');
  const firstOfMonth =
    new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 8) + '01';
  expect(province.variables.from).toBe(new Date(`${firstOfMonth}T00:00:00+07:00`).toISOString());
  expect(Date.parse(province.variables.to as string)).toBeLessThanOrEqual(Date.now());
  // ...said in words in the Vietnamese form, whatever the date inputs show.
  const [year, month] = firstOfMonth.split('-');
  await page.getByText(`Kỳ đánh giá: từ ngày 01/${month}/${year} đến`).waitFor();

  // A1, counted by hand: 2 of 3 synced (the portal refuses the third), 2 of 2 on time, 2 of 3 online
  // (target 50%: full points), its one procedure fully online. 6 × 2/3 + 20 + 12 + 10 = 46 of 48.
  await chooseUnit(page, 'Cơ quan', A1_NAME);
  const a1 = await expectPageMatchesQuery(page, sent, 'AGENCY', A1);
  expect(await shownOnPage(page)).toEqual({
    rate: {
      SYNCED: '66,7% 2/3 hồ sơ',
      ON_TIME: '100% 2/2 hồ sơ',
      ONLINE_SUBMISSION: '66,7% 2/3 hồ sơ',
      FULLY_ONLINE_PROCEDURES: '100% 1/1 thủ tục',
    },
    points: {
      SYNCED: '4 / 6',
      ON_TIME: '20 / 20',
      ONLINE_SUBMISSION: '12 / 12',
      FULLY_ONLINE_PROCEDURES: '10 / 10',
    },
    averageTime: expectedFor(a1.answer).averageTime,
    total: '46 / 48',
  });
  expect(a1.variables.from).toBe(province.variables.from);
  // The out-of-sync list holds the refused dossier.
  const outOfSync = page.locator(`tr[data-out-of-sync="${refusedCode}"]`);
  await outOfSync.getByText('Cổng từ chối').waitFor();
  await checkPage(page, 'indicators-766');

  // A2: its one dossier came in at the counter and is still open within its time: nothing to rate on
  // time, 0% online, no procedure fully online.
  await chooseUnit(page, 'Cơ quan', A2_NAME);
  await expectPageMatchesQuery(page, sent, 'AGENCY', A2);
  expect(await text(page, 'tr[data-indicator="ONLINE_SUBMISSION"] [data-cell="rate"]')).toBe('0% 0/1 hồ sơ');
  expect(await text(page, 'tr[data-indicator="ON_TIME"] [data-cell="points"]')).toBe(
    '– / 20 Chưa có số liệu để chấm',
  );

  // A procedure without any dossier: the empty state says so.
  await chooseUnit(page, 'Thủ tục', `${P_EMPTY} · Thủ tục thử chỉ số chưa có hồ sơ`);
  await expectPageMatchesQuery(page, sent, 'PROCEDURE', P_EMPTY);
  await page.getByText('Trong kỳ này đơn vị không tiếp nhận, giải quyết hồ sơ nào').waitFor();
  expect(await text(page, 'tr[data-indicator="SYNCED"] [data-cell="rate"]')).toBe('– 0/0 hồ sơ');
  await checkPage(page);

  // A period ending before it starts, then a cleared date: said on the page, nothing asked.
  const asked = sent.length;
  const lastOfPreviousMonth = new Date(Date.parse(`${firstOfMonth}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  // The date fields take dd/mm/yyyy, whatever the browser's language.
  await page.getByLabel('Đến ngày (hết ngày)').fill(lastOfPreviousMonth.split('-').reverse().join('/'));
  await page.keyboard.press('Escape');
  await page.getByRole('alert').getByText('Ngày bắt đầu phải trước ngày kết thúc').waitFor();
  await page.getByLabel('Từ ngày', { exact: true }).fill('');
  await page.keyboard.press('Escape');
  await page.getByRole('alert').getByText('Chọn ngày bắt đầu và ngày kết thúc').waitFor();
  expect(await page.locator('tr[data-indicator]').count()).toBe(0);
  expect(sent.length).toBe(asked);
  await context.close();
}, 180_000);

test('the refused dossier, resent once the portal takes it again, is delivered and counts as synced', async () => {
  const { context, page } = await signedIn('supervisor');
  const sent = recordIndicatorQueries(page);
  await page.goto(`${origin}/statistics/766`);
  const row = page.locator(`tr[data-out-of-sync="${refusedCode}"]`);
  await row.waitFor();
  portal.setFaults({});
  await row.getByRole('button', { name: `Gửi lại hồ sơ ${refusedCode}` }).click();
  await page.getByText(`Đã đưa hồ sơ ${refusedCode} vào hàng gửi lại.`).waitFor();
  // Queued minutes ago at most and no longer refused: off the list.
  await row.waitFor({ state: 'detached' });
  await eventually(
    async () => (await nationalSyncState(engine.db.prisma, refusedCode))!.pending === 0 || undefined,
  );

  await chooseUnit(page, 'Cơ quan', A1_NAME);
  await expectPageMatchesQuery(page, sent, 'AGENCY', A1);
  expect(await text(page, 'tr[data-indicator="SYNCED"] [data-cell="rate"]')).toBe('100% 3/3 hồ sơ');
  expect(await text(page, 'tr[data-indicator="TOTAL"] [data-cell="points"]')).toBe('48 / 48');
  await context.close();
}, 120_000);

test('an agency officer reaches neither the page nor its data', async () => {
  const { context, page } = await signedIn('officer');
  expect(await page.getByRole('link', { name: 'Chỉ số theo QĐ 766' }).count()).toBe(0);
  await page.goto(`${origin}/statistics/766`);
  await page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
  const now = new Date();
  const answer = await graphqlFrom(page, INDICATORS, {
    from: new Date(now.getTime() - 86_400_000).toISOString(),
    to: now.toISOString(),
    unit: 'AGENCY',
    code: A1,
  });
  expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const outOfSync = await graphqlFrom(page, '{ dossiersOutOfSync { dossierCode } }');
  expect(outOfSync.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  await context.close();
});
