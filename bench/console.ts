// 6. The console: its initial JavaScript (what the browser must fetch before the first page,
// gzipped as a server would send it) and the time to first render of the supervisors' escalation
// page with N open escalations (10,000 by default) on loopback, in Debian's Chromium.
//
// Time to first render: from navigation start to the first escalation row in the DOM
// (performance.now() in the page), for a signed-in supervisor; the baseline, measured side by side
// in the same browser and run, is the sign-in page's first render (the same bundle with no data), so
// the ratio is what the data costs. Escalations are rows written straight into the read model
// (bench/bulk-data.ts's dossiers, one OPEN escalation each): the page reads the read model only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, requireConsoleBuild } from '../tests/support/browser';
import { BULK_PREFIX, generateDossiers } from './bulk-data';
import { withStack } from './stack';
import { median, printTable, round, type BenchContext, type BenchResult, type Row } from './stats';

const DIST = path.join(__dirname, '..', 'console', 'dist');

/** The scripts index.html loads at once (its module and the modulepreloads), raw and gzipped. */
export function initialJavaScript(): { files: string[]; bytes: number; gzipBytes: number } {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1]);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of new Set(files)) {
    const content = readFileSync(path.join(DIST, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 6 }).length;
  }
  return { files: [...new Set(files)], bytes, gzipBytes };
}

export async function consoleBench(ctx: BenchContext): Promise<BenchResult> {
  requireConsoleBuild();
  const n = ctx.quick ? 500 : Number(process.env.BENCH_CONSOLE_ESCALATIONS ?? 10_000);
  const samples = ctx.quick ? 3 : 7;
  const js = initialJavaScript();
  return withStack({ log: ctx.log }, async (stack) => {
    await generateDossiers(stack, n, ctx.log);
    await stack.db.sql.query(
      `INSERT INTO escalation (id, dossier_code, step_key, reason, agency_code, target_agency_code, level, status, raised_at)
       SELECT d.code || ':E1', d.code, NULL, 'DOSSIER_OVERDUE', d.receiving_agency_code, d.receiving_agency_code, 1, 'OPEN',
              now() - (row_number() OVER (ORDER BY d.code)) * interval '1 minute'
         FROM dossier d WHERE d.code LIKE '${BULK_PREFIX}%' ORDER BY d.code LIMIT $1`,
      [n],
    );
    const password = 'bench-Console-1';
    const created = await stack.graphql(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename } }`,
      {
        input: {
          username: 'bench_supervisor',
          password,
          name: 'Bench Supervisor',
          title: 'Bench',
          role: 'SUPERVISOR',
        },
      },
      stack.adminKey,
    );
    if (created.errors) throw new Error(`createAccount: ${JSON.stringify(created.errors)}`);
    const origin = stack.api.url.replace(/\/graphql$/, '');
    const browser = await launchChromium();
    try {
      const runs: Array<{ signInMs: number; escalationsMs: number }> = [];
      for (let i = 0; i < samples * ctx.runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(origin + '/');
        await page.getByLabel('Mật khẩu').waitFor();
        const signInMs = await page.evaluate(() => performance.now());
        await page.getByLabel('Tên đăng nhập').fill('bench_supervisor');
        await page.getByLabel('Mật khẩu').fill(password);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByText('Bench Supervisor').waitFor();
        // A fresh navigation with the session cookie, as a supervisor opening the page.
        await page.goto(origin + '/escalations');
        await page.locator('tr[data-escalation-id]').first().waitFor({ timeout: 60_000 });
        const escalationsMs = await page.evaluate(() => performance.now());
        runs.push({ signInMs, escalationsMs });
        await context.close();
      }
      const signIn = median(runs.map((r) => r.signInMs));
      const escalations = median(runs.map((r) => r.escalationsMs));
      const summary: Row[] = [
        {
          measure: 'initial JS (gzip)',
          value: `${round(js.gzipBytes / 1024, 1)} KiB (${round(js.bytes / 1024, 1)} KiB raw, ${js.files.length} file(s))`,
        },
        { measure: `escalation page, first row (${n} open), median ms`, value: round(escalations, 0) },
        { measure: 'sign-in page, first render (baseline), median ms', value: round(signIn, 0) },
        { measure: 'ratio escalation page / sign-in page', value: round(escalations / signIn, 2) },
      ];
      printTable('Console: initial JavaScript and time to first render', summary);
      return {
        name: 'console',
        summary,
        runs,
        notes: [
          `${samples * ctx.runs} page loads, each in a fresh browser context; Chromium ${browser.version()}`,
        ],
      };
    } finally {
      await browser.close();
    }
  });
}
