// The operators' side against a running stack, as production runs it: the API (here, on a real
// socket) and `npm run worker` as a process of its own with its /metrics listener and the Temporal
// SDK's exporter; Debian's real Prometheus server scrapes all three with the alert rules of ops/
// loaded. Dossiers go through (deliveries, a callback, actions, a refusal); then every metric the
// rules and the dashboard name must be in what the stack exposes and in what Prometheus stored,
// every rule must evaluate cleanly, and `promtool check metrics` must find nothing to say about our
// metrics' names and types.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT } from '../../platform/config';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { killAndWait, startWorkerProcess, track, type WorkerProcess } from '../support/worker-process';

const RULES = path.join(PROJECT_ROOT, 'ops/prometheus/lien-thong-rules.yml');
const DASHBOARD = path.join(PROJECT_ROOT, 'ops/grafana/lien-thong.json');
// Zero in a fresh run, so without samples (their HELP and TYPE are still served): nothing is late yet.
const EMPTY_IN_A_FRESH_RUN = new Set(['lien_thong_open_escalations', 'lien_thong_open_late_steps']);

let engine: EngineHarness;
let worker: WorkerProcess;
let prometheus: ReturnType<typeof spawn>;
let promUrl: string;
let workerMetricsUrl: string;
let sdkMetricsUrl: string;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-prometheus-'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const hostPort = (url: string) => new URL(url).host;

beforeAll(async () => {
  for (const tool of ['prometheus', 'promtool']) {
    if (spawnSync(tool, ['--version']).error)
      throw new Error(`${tool} is missing: install Debian's prometheus package (apt-get install prometheus)`);
  }
  engine = await startEngine({ worker: false });
  const [workerPort, sdkPort, promPort] = [await freePort(), await freePort(), await freePort()];
  worker = await startWorkerProcess({
    databaseUrl: process.env.DATABASE_URL!,
    temporalAddress: process.env.TEMPORAL_ADDRESS!,
    taskQueue: engine.taskQueue,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    env: {
      WORKER_METRICS_PORT: String(workerPort),
      TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${sdkPort}`,
      CALLBACK_URL: engine.api.url.replace('/graphql', '/agency-callbacks'),
    },
  });
  workerMetricsUrl = `http://127.0.0.1:${workerPort}/metrics`;
  sdkMetricsUrl = `http://127.0.0.1:${sdkPort}/metrics`;
  const apiMetricsUrl = engine.api.url.replace('/graphql', '/metrics');
  writeFileSync(
    path.join(dataDir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${RULES}']`,
      'scrape_configs:',
      `  - { job_name: lien-thong-api, static_configs: [{ targets: ['${hostPort(apiMetricsUrl)}'] }] }`,
      `  - { job_name: lien-thong-worker, static_configs: [{ targets: ['${hostPort(workerMetricsUrl)}'] }] }`,
      `  - { job_name: temporal-sdk, static_configs: [{ targets: ['${hostPort(sdkMetricsUrl)}'] }] }`,
    ].join('\n'),
  );
  promUrl = `http://127.0.0.1:${promPort}`;
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dataDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  track(prometheus);
  await eventually(async () =>
    (await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined,
  );
});

afterAll(async () => {
  if (prometheus) await killAndWait(prometheus, 'SIGTERM');
  await worker?.kill('SIGTERM');
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every metric name an expression of the rules or the dashboard refers to (histogram series folded). */
function namesUsedByOps(): Set<string> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  const text = [
    readFileSync(RULES, 'utf8'),
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
  ].join('\n');
  const names = new Set<string>();
  for (const [name] of text.matchAll(/\b(?:lien_thong|temporal|nodejs|process)_[a-z0-9_]+\b/g)) {
    names.add(name.replace(/_(bucket|sum|count)$/, ''));
  }
  return names;
}

const scrape = async (url: string) => (await fetch(url)).text();
const typed = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
const sampled = (text: string) =>
  new Set([...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? /gm)].map((m) => m[1]));

async function promQuery(query: string): Promise<any[]> {
  const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { status: string; data: { result: any[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

test('a real Prometheus sees every metric the rules and the dashboard use, and the rules evaluate', async () => {
  // Traffic: a SYSTEM-only dossier (deliveries, read-model writes), one whose agency answers later
  // by callback after an officer's action, a refusal, and one transient failure.
  const portal = (
    await engine.graphql(
      `mutation { createApiKey(input: { role: PORTAL, label: "Cổng" }) { key } }`,
      {},
      engine.adminKey,
    )
  ).data.createApiKey.key;
  const officer = (
    await engine.graphql(
      `mutation { createApiKey(input: { role: AGENCY, agencyCode: "SKHDT", label: "ĐKKD" }) { key } }`,
      {},
      engine.adminKey,
    )
  ).data.createApiKey.key;
  engine.fleet.simulators.SKHDT.setBehaviour({
    procedures: { '2.001610': { outcome: 'ACCEPTED', callbackDelayMs: 20 } },
  });
  engine.fleet.simulators.CCT_AN_PHU.setBehaviour({ procedures: { '2.000720': { failFirst: 1 } } });
  const submit = async (procedureCode: string) => {
    const { data, errors } = await engine.graphql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`,
      {
        input: {
          procedureCode,
          applicant: { name: 'Lê Văn Cường', idNumber: '001085099999' },
          channel: 'ONLINE',
          idempotencyKey: randomUUID(),
        },
      },
      portal,
    );
    expect(errors).toBeUndefined();
    return data.submitDossier.dossier.code as string;
  };
  const statusOf = async (code: string, key: string) =>
    (await engine.graphql(`query($code: String!) { dossier(code: $code) { status } }`, { code }, key)).data
      ?.dossier?.status;
  const systemOnly = await submit('2.000720');
  const withOfficer = await submit('2.001610');
  // One that stays open (it waits for the officer), so the open-dossier gauges have something to count.
  await submit('2.001610');
  const complete = () =>
    engine.graphql(
      `mutation($code: String!) { completeStep(input: { dossierCode: $code, stepKey: "tham-dinh-ho-so" }) { status } }`,
      { code: withOfficer },
      officer,
    );
  const done = await eventually(async () => {
    const answer = await complete();
    return answer.errors?.[0]?.extensions?.code === 'INVALID_TRANSITION' ? undefined : answer;
  });
  expect(done.errors).toBeUndefined();
  expect((await complete()).errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
  await eventually(
    async () => ((await statusOf(systemOnly, portal)) === 'COMPLETED' ? true : undefined),
    60_000,
  );
  await eventually(
    async () => ((await statusOf(withOfficer, officer)) === 'COMPLETED' ? true : undefined),
    60_000,
  );

  // What the stack exposes: the API's /metrics, the worker's, the SDK's.
  // The gauges are counted at most every 15 s: Prometheus's first scrape may have counted before any submission.
  const api = await eventually(async () => {
    const text = await scrape(engine.api.url.replace('/graphql', '/metrics'));
    return /^lien_thong_open_dossiers\{/m.test(text) ? text : undefined;
  });
  const own = await scrape(workerMetricsUrl);
  const sdk = await scrape(sdkMetricsUrl);
  const exposed = new Set([...typed(api), ...typed(own), ...typed(sdk)]);
  const withSamples = new Set([...sampled(api), ...sampled(own), ...sampled(sdk)]);
  const used = namesUsedByOps();
  expect(used.size).toBeGreaterThan(15);
  for (const name of used) {
    expect([name, exposed.has(name)]).toEqual([name, true]);
    const sampledNames = [...withSamples].filter((s) => s === name || s.startsWith(`${name}_`));
    if (!EMPTY_IN_A_FRESH_RUN.has(name)) expect([name, sampledNames.length > 0]).toEqual([name, true]);
  }
  // The API's figures are its own; the worker's (deliveries, the read model) come from its process.
  expect(api).toMatch(
    /^lien_thong_action_refusals_total\{action="completeStep",code="INVALID_TRANSITION"\} 1$/m,
  );
  expect(api).toMatch(/^lien_thong_agency_callbacks_total\{outcome="accepted"\} 1$/m);
  expect(own).toMatch(
    /^lien_thong_agency_deliveries_total\{agency="CCT_AN_PHU",outcome="transient_error"\} 1$/m,
  );
  expect(own).toMatch(/^lien_thong_agency_deliveries_total\{agency="SKHDT",outcome="ACCEPTED"\} 1$/m);
  expect(api).toMatch(/^lien_thong_open_dossiers\{/m);
  // No dossier code, name or id number in any label.
  for (const text of [api, own]) {
    expect(text).not.toContain(systemOnly);
    expect(text).not.toContain('001085099999');
  }

  // Prometheus's own conventions linter, on our metrics (the SDK's are Temporal's to name).
  for (const text of [api, own]) {
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const ours = `${lint.stdout}${lint.stderr}`.split('\n').filter((line) => line.includes('lien_thong_'));
    expect(ours).toEqual([]);
  }

  // The real Prometheus: it stored every series that had samples, sees the worker up, and every rule evaluates.
  await eventually(async () => {
    const stored = new Set(
      ((await (await fetch(`${promUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data,
    );
    const missing = [...used].filter(
      (name) =>
        !EMPTY_IN_A_FRESH_RUN.has(name) && ![...stored].some((s) => s === name || s.startsWith(`${name}_`)),
    );
    return missing.length === 0 ? true : undefined;
  }, 20_000);
  expect((await promQuery('up{job="lien-thong-worker"}')).map((r) => r.value[1])).toEqual(['1']);
  expect((await promQuery('sum(lien_thong_agency_deliveries_total)'))[0].value[1]).not.toBe('0');
  const evaluated = await eventually(async () => {
    const rules = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const all = rules.data.groups.flatMap((g) => g.rules);
    return all.every((r) => r.health !== 'unknown') ? all : undefined;
  });
  expect(evaluated.map((r) => [r.name, r.health, r.lastError ?? ''])).toEqual(
    evaluated.map((r) => [r.name, 'ok', '']),
  );
  expect(evaluated.length).toBe(7);
});
