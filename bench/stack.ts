// The real stack for the benchmarks, started in this process outside Jest from the production
// modules: a dedicated PostgreSQL database (created, migrated, dropped), the Temporal dev server
// binary (headless, in memory), the agency simulators (answering at once unless told otherwise),
// the sample catalog plus the bench procedures, the dossier worker, and the API over HTTP on a free
// loopback port. `withStack` always tears everything down and leaves no child process behind.
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { startAgencyFleet, type AgencyFleet } from '../simulators/agency/fleet';
import type { BehaviourConfig } from '../integrations/agency-protocol/protocol';
import { devAgencySecret } from '../integrations/agency-protocol/secrets';
import { createApiKey, ensureBootstrapAdminKey } from '../services/access/api-keys';
import { createServices } from '../services/create-services';
import { upsertProcedure } from '../services/catalog/procedures';
import { seedSampleCatalog } from '../services/catalog/seed';
import type { OfficeHours } from '../domain/calendar/types';
import { SAMPLE_AGENCIES } from '../domain/catalog/sample-agencies';
import { startApiServer, type RunningApi } from '../api/server';
import { loadConfig } from '../platform/config';
import { PAYLOAD_KEY_BYTES } from '../platform/encryption/payload-keys';
import { startTemporalDevServer, type DevServer } from '../platform/temporal-dev-server';
import { connectWorker } from '../platform/temporal-connection';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { createDossierWorker } from '../worker/create-worker';
import { createScratchDatabase, DEFAULT_ADMIN_URL } from '../platform/scratch-database';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import { bundleWorkflowsToFile } from '../platform/workflow-bundle';
import { activeTracing } from '../platform/observability/tracing';

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL;
export const LOOKUP_SECRET = 'bench-lookup-secret';

/** A 4-step interconnected procedure, every step delivered to an agency system: A -> (B || C) -> D. */
export const BENCH_PROCEDURE_CODE = 'BENCH.4STEP';
export function benchProcedure(code = BENCH_PROCEDURE_CODE, stepDays = 1, totalDays = 5) {
  return {
    code,
    name: 'Bench: 4 interconnected SYSTEM steps (A -> B||C -> D)',
    onlineLevel: 'FULL',
    totalWorkingDays: totalDays,
    receivingAgencyCode: 'UBND_XA_PHU_HOA',
    steps: [
      {
        key: 'a',
        name: 'Tiếp nhận, kiểm tra',
        agencyCode: 'UBND_XA_PHU_HOA',
        workingDays: stepDays,
        mode: 'SYSTEM',
      },
      {
        key: 'b',
        name: 'Cấp số định danh',
        agencyCode: 'BCA_C06',
        workingDays: stepDays,
        mode: 'SYSTEM',
        after: ['a'],
      },
      {
        key: 'c',
        name: 'Cấp thẻ BHYT',
        agencyCode: 'BHXH_AN_PHU',
        workingDays: stepDays,
        mode: 'SYSTEM',
        after: ['a'],
      },
      {
        key: 'd',
        name: 'Trả kết quả',
        agencyCode: 'UBND_XA_PHU_HOA',
        workingDays: stepDays,
        mode: 'SYSTEM',
        after: ['b', 'c'],
      },
    ],
  };
}

export interface StackOptions {
  /** Office hours of the calendar the API hands to new dossiers (the open-dossiers bench shortens the day). */
  officeHours?: OfficeHours;
  /** Behaviour of every simulated agency system; default: answer DONE at once. */
  behaviour?: BehaviourConfig;
  /** Extra procedures to upsert (validated like an administrator's). */
  procedures?: unknown[];
  /** Connections of the API's + worker's shared pool (the harness uses 5; production default 10). */
  poolSize?: number;
  /** Start the dossier worker (default true). */
  worker?: boolean;
  /**
   * Temporal's data in a SQLite file in the temp folder, as `npm start` keeps it, instead of in
   * memory: past about 44,000 open dossiers the dev server's in-memory store grew by 2 GiB a
   * minute until the machine ran out (BENCHMARKS.md, section 5).
   */
  temporalOnDisk?: boolean;
  log?: (line: string) => void;
}

export interface BenchStack {
  databaseName: string;
  databaseUrl: string;
  db: Database;
  devServer: DevServer;
  temporal: Client;
  fleet: AgencyFleet;
  api: RunningApi;
  /** The stack's own dev server runs one namespace; worker processes started beside it join it. */
  namespace: string;
  taskQueue: string;
  adminKey: string;
  portalKey: string;
  /** PAYLOAD_ENCRYPTION_KEYS of this stack, for worker processes started beside it (bench/worker-scale.ts). */
  payloadEncryptionKeys: string;
  /** Our worker (undefined when `worker: false`); its effective options are what the baseline copies. */
  worker?: Worker;
  workerConnection: NativeConnection;
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    apiKey?: string,
  ): Promise<{ data?: T; errors?: any[] }>;
}

/** The stack's dev server is its own, so the bench uses its default namespace. */
const BENCH_NAMESPACE = 'default';

const bundlePaths = new Map<boolean, string>();
/** The dossier workflows bundled once per bench process (with the tracing interceptors while tracing is on). */
export async function dossierBundle(): Promise<string> {
  const tracing = activeTracing() !== undefined;
  let bundlePath = bundlePaths.get(tracing);
  if (!bundlePath) {
    const file = await bundleWorkflowsToFile(
      require.resolve('../workflows'),
      path.join(os.tmpdir(), `lien-thong-bench-workflows-${tracing ? 'traced-' : ''}${process.pid}.js`),
      { tracing },
    );
    bundlePath = file;
    bundlePaths.set(tracing, file);
    cleanups.add(() => rm(file, { force: true }));
  }
  return bundlePath;
}

// Last-resort cleanups (temporary files, running stacks) if the process is interrupted.
const cleanups = new Set<() => Promise<unknown>>();
let signalsInstalled = false;
function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: tearing the bench stack down…`);
      void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
    });
  }
}

/** Starts a stack, runs `work`, and always stops everything (also on error or Ctrl-C). */
export async function withStack<T>(
  options: StackOptions,
  work: (stack: BenchStack) => Promise<T>,
): Promise<T> {
  installSignalHandlers();
  installTemporalRuntime({ handleSignals: false });
  const log = options.log ?? (() => undefined);
  const stops: Array<[string, () => Promise<unknown>]> = [];
  // One teardown however many ask for it (Ctrl-C, the bench's own finally, the runner's exit): each
  // waits for the same one to finish, so the process cannot exit before the database is dropped.
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const [name, stop] of stops.splice(0).reverse()) {
        await stop().catch((err) => console.error(`  could not stop ${name}:`, err));
      }
    })());
  cleanups.add(stopAll);
  try {
    const scratch = await createScratchDatabase('bench', ADMIN_URL);
    stops.push(['database', scratch.drop]);
    const url = scratch.url;
    const db = await openDatabase({ url, poolSize: options.poolSize ?? 10 });
    stops.push(['database pool', db.close]);
    await applyMigrations(db.sql);

    // A server that dies mid-run (it once did at 42,800 open dossiers) leaves its reason here.
    const serverLog = path.join(os.tmpdir(), `${scratch.name}-temporal.log`);
    const serverDb = options.temporalOnDisk
      ? path.join(os.tmpdir(), `${scratch.name}-temporal.db`)
      : undefined;
    let serverDied = false;
    if (serverDb) {
      stops.push([
        'Temporal dev server files',
        () => Promise.all(['', '-wal', '-shm', '-journal'].map((end) => rm(serverDb + end, { force: true }))),
      ]);
    }
    const devServer = await startTemporalDevServer({
      headless: true,
      logLevel: 'error',
      logFile: serverLog,
      dbFilename: serverDb,
      // A scratch file deleted after the run: no need to wait for the disk on every write.
      sqlitePragmas: ['journal_mode=wal', 'synchronous=off'],
      onUnexpectedExit: (reason) => {
        serverDied = true;
        console.error(`\n  THE TEMPORAL DEV SERVER DIED; what follows measures nothing. ${reason}\n`);
      },
    });
    stops.push([
      'Temporal dev server log',
      async () => (serverDied ? undefined : rm(serverLog, { force: true })),
    ]);
    stops.push(['Temporal dev server', devServer.stop]);
    log(
      `stack: PostgreSQL ${scratch.name}, Temporal dev server ${devServer.address} (pid ${devServer.process.pid}, ${serverDb ?? 'in memory'})`,
    );

    const fleet = await startAgencyFleet({
      agencies: SAMPLE_AGENCIES.map((a) => ({
        code: a.code,
        secret: devAgencySecret(a.code),
        behaviour: options.behaviour,
      })),
      host: '127.0.0.1',
    });
    stops.push(['agency simulators', fleet.close]);
    await seedSampleCatalog(db.prisma, fleet.urls);
    for (const procedure of [benchProcedure(), ...(options.procedures ?? [])])
      await upsertProcedure(db.prisma, procedure);

    const adminKey = randomBytes(30).toString('base64url');
    await ensureBootstrapAdminKey(db.prisma, adminKey);
    const { key: portalKey } = await createApiKey(db.prisma, { role: 'PORTAL', label: 'bench portal' });

    // Encrypted as in production (a fresh key per run); the baselines use the same codec (baseline-worker.ts).
    const taskQueue = `bench-${randomUUID()}`;
    const payloadEncryptionKeys = `bench:${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}`;
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: devServer.address,
      TEMPORAL_NAMESPACE: BENCH_NAMESPACE,
      TASK_QUEUE: taskQueue,
      LOOKUP_KEY_SECRET: LOOKUP_SECRET,
      PAYLOAD_ENCRYPTION_KEYS: payloadEncryptionKeys,
    });
    // As `npm run api` has them: the lookup throttle counted in PostgreSQL, the same payload keys.
    const built = await createServices(config, { db, officeHours: options.officeHours });
    stops.push(['Temporal client', built.close]);
    const { temporal, api: services } = built;
    const payloadKeys = built.temporalSettings.payloadKeys;
    const api = await startApiServer(services, { port: 0, host: '127.0.0.1' });
    stops.push(['API', api.close]);

    const workerConnection = await connectWorker(built.temporalSettings);
    stops.push(['worker connection', () => workerConnection.close()]);
    let worker: Worker | undefined;
    if (options.worker ?? true) {
      const created = await createDossierWorker({
        connection: workerConnection,
        namespace: BENCH_NAMESPACE,
        taskQueue,
        prisma: db.prisma,
        payloadKeys,
        callbackUrl: api.url.replace('/graphql', '/agency-callbacks'),
        workflowBundlePath: await dossierBundle(),
        // The operator's setting, as `npm start` reads it (BENCHMARKS.md: open dossiers).
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      });
      worker = created;
      const running = created.run();
      // Registered after the connection, so it stops before the connection closes.
      stops.push([
        'worker',
        async () => {
          if (created.getState() === 'RUNNING') created.shutdown();
          await running;
        },
      ]);
    }
    const graphql = async (query: string, variables?: Record<string, unknown>, apiKey?: string) => {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    };
    return await work({
      databaseName: scratch.name,
      databaseUrl: url,
      db,
      devServer,
      temporal,
      fleet,
      api,
      namespace: BENCH_NAMESPACE,
      taskQueue,
      adminKey,
      portalKey,
      payloadEncryptionKeys,
      worker,
      workerConnection,
      graphql,
    });
  } finally {
    await stopAll();
    cleanups.delete(stopAll);
  }
}

/** Does the running schema have this root field? (Benchmarks of features still being written skip cleanly.) */
export async function hasRootField(
  stack: BenchStack,
  type: 'Query' | 'Mutation',
  field: string,
): Promise<boolean> {
  const answer = await stack.graphql<{ __type: { fields: { name: string }[] } | null }>(
    `query($t: String!) { __type(name: $t) { fields { name } } }`,
    { t: type },
    stack.adminKey,
  );
  return Boolean(answer.data?.__type?.fields.some((f) => f.name === field));
}

export function uniqueKey(prefix = 'bench'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Cleanups for the runner's own final `finally`. */
export async function runAllCleanups(): Promise<void> {
  await Promise.allSettled([...cleanups].map((c) => c()));
}
