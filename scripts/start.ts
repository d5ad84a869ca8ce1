// `npm start`: the whole system on one machine with nothing installed by hand. An embedded
// Temporal dev server (unless TEMPORAL_ADDRESS is set), the embedded database (unless DATABASE_URL
// is set) migrated and seeded with the sample catalog, the simulated agency systems, the worker and
// the GraphQL API, all in this process except Temporal. A worker that dies is replaced with backoff
// while /healthz reports it down. Ctrl-C or SIGTERM stops everything.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startAgencyFleet } from '../simulators/agency/fleet';
import { createNationalPortalSimulator } from '../simulators/national-portal/simulator';
import { startNationalSync } from '../worker/national-sync';
import { devAgencySecret } from '../integrations/agency-protocol/secrets';
import { ensureBootstrapAdminKey } from '../services/access/api-keys';
import { devAdminKey } from './dev-admin-key';
import { ensureDemoAccounts, type DemoSignIn } from './dev-accounts';
import { broadcastCalendarChange } from '../services/catalog/calendar-broadcast';
import { seedSampleCatalog } from '../services/catalog/seed';
import { SAMPLE_AGENCIES } from '../domain/catalog/sample-agencies';
import { startApiServer } from '../api/server';
import { codecCorsOrigins, corsOrigins, loadConfig, payloadEncryptionKeys } from '../platform/config';
import { configureLogger } from '../platform/logger';
import { liveEventsFromConfig, publishUpdate } from '../services/live/live-events';
import { startTemporalDevServer } from '../platform/temporal-dev-server';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import { temporalSettingsFrom } from '../platform/temporal-connection';
import { openDatabase } from '../prisma/database';
import { createServices } from '../services/create-services';
import { applyMigrations } from '../prisma/migrate';
import { startDossierWorker } from '../worker/dossier-worker-life';
import { superviseWorker } from '../worker/supervisor';
import { testFaultSwitch } from '../worker/test-fault-switch';
import { buildConsole, consoleBuildIsStale } from './build-console';
import { apiMetricsRoute, setUpObservability } from '../platform/observability/setup';
import { observePool } from '../platform/observability/database-pool';

type Stop = () => Promise<unknown>;

// What has started so far, stopped in reverse order on a signal or when start-up fails half way,
// so no child process (the Temporal server) is left behind.
const stops: Array<[string, Stop]> = [];
let stopping = false;
let temporalProcess: ChildProcess | undefined;

async function stopAll(): Promise<void> {
  for (const [name, stop] of stops.reverse()) {
    await stop().catch((err) => console.error(`  could not stop ${name}:`, err));
  }
}

async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) {
    // A second Ctrl-C means "now"; a repeated SIGTERM (npm and a supervisor both forwarding one)
    // lets the orderly shutdown finish. Either way the Temporal server never outlives us.
    if (signal !== 'SIGINT') return;
    console.log(`\n${signal} again: exiting now`);
    temporalProcess?.kill('SIGKILL');
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: shutting down…`);
  await stopAll();
  console.log('Stopped.');
  process.exit(exitCode);
}

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = configureLogger(config);
  const fault = testFaultSwitch(config);
  if (fault.armed) logger.warn(fault.armed);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  mkdirSync(config.DATA_DIR, { recursive: true });
  // `npm install` builds the console; a checkout changed since (or an install that skipped scripts) rebuilds it here.
  if (consoleBuildIsStale()) {
    console.log('Building the console (console/ → console/dist)…');
    buildConsole();
  }
  // PAYLOAD_ENCRYPTION_KEYS, or a dev key made once in DATA_DIR; refused in production without keys.
  const payloadKeys = payloadEncryptionKeys(config);
  // The Web UI runs on 127.0.0.1: the codec on the same host shares its cookies (codec-session.ts).
  const codecEndpoint = `http://${['0.0.0.0', '::', 'localhost'].includes(config.HOST) ? '127.0.0.1' : config.HOST}:${config.PORT}/codec`;
  // Before any Temporal client or worker: they trace only when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT).
  const tracing = setUpObservability(config, 'lien-thong');
  if (tracing) stops.push(['tracing', tracing.shutdown]);
  installTemporalRuntime({ handleSignals: false, metricsAddress: config.TEMPORAL_METRICS_ADDRESS });

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const devServer = await startTemporalDevServer({
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      headless: config.TEMPORAL_HEADLESS,
      uiCodecEndpoint: codecEndpoint,
      dbFilename: path.join(config.DATA_DIR, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
      logFile: path.join(config.DATA_DIR, 'temporal.log'),
      // Without its Temporal server the system only retries; stop, say why, and let a restart
      // (which resumes every dossier from temporal.db) or the operator take it from there.
      onUnexpectedExit: (reason) => {
        logger.error({ reason }, 'the embedded Temporal server died; shutting down');
        void shutdown('Temporal server exit', 1);
      },
    });
    stops.push(['Temporal dev server', devServer.stop]);
    temporalProcess = devServer.process;
    temporalAddress = devServer.address;
    temporalUi = devServer.uiUrl;
  }

  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: path.join(config.DATA_DIR, 'pglite'),
    poolSize: config.DATABASE_POOL_SIZE,
  });
  stops.push(['database', db.close]);
  observePool('main', db.pool);
  const migrated = await applyMigrations(db.sql);
  const adminKey = config.ADMIN_API_KEY ?? (await devAdminKey(config.DATA_DIR));
  await ensureBootstrapAdminKey(db.prisma, adminKey);

  const fleet = await startAgencyFleet({
    agencies: SAMPLE_AGENCIES.map((a) => ({ code: a.code, secret: devAgencySecret(a.code) })),
    basePort: config.SIMULATOR_BASE_PORT,
  });
  stops.push(['agency simulators', fleet.close]);
  const seeded = await seedSampleCatalog(db.prisma, fleet.urls);
  // Demo people only on the embedded development database: never in a real PostgreSQL or in production.
  const demo: DemoSignIn[] =
    !config.DATABASE_URL && config.NODE_ENV !== 'production'
      ? await ensureDemoAccounts(db.prisma, config.DATA_DIR)
      : [];
  // The national portal: the simulated one unless NATIONAL_PORTAL_URL names a real one.
  let nationalPortalUrl = config.NATIONAL_PORTAL_URL;
  if (!nationalPortalUrl) {
    const portal = createNationalPortalSimulator({
      username: config.NATIONAL_PORTAL_USERNAME,
      password: config.NATIONAL_PORTAL_PASSWORD,
      unitCodes: [config.NATIONAL_PORTAL_UNIT_CODE],
    });
    nationalPortalUrl = (await portal.listen(config.NATIONAL_PORTAL_SIMULATOR_PORT)).url;
    stops.push(['national portal simulator', portal.close]);
  }
  const nationalSync = startNationalSync(config, nationalPortalUrl, db.prisma, logger);
  stops.push(['national portal sync', nationalSync.stop]);
  // Worker and API in this process: live events in memory unless LIVE_EVENTS=postgres (then API processes elsewhere see them too).
  const live = liveEventsFromConfig(config, 'single', logger);
  stops.push(['live events', live.close]);

  const temporalSettings = temporalSettingsFrom(config, temporalAddress, payloadKeys);
  // Watched: a worker that dies is logged, reported by /healthz and replaced (worker/supervisor.ts).
  const worker = superviseWorker({
    logger,
    start: () =>
      startDossierWorker(temporalSettings, {
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TASK_QUEUE,
        prisma: db.prisma,
        payloadKeys,
        callbackUrl: config.CALLBACK_URL ?? `http://localhost:${config.PORT}/agency-callbacks`,
        onReadModelApplied: (update, dossier) => publishUpdate(live, update, dossier),
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
        activityInterceptors: fault.activityInterceptors,
      }),
  });
  stops.push(['worker', worker.stop]);

  const services = await createServices(config, { db, temporalAddress });
  stops.push(['Temporal client', services.close]);
  // A schedule imported while the system was stopped reaches the dossiers still running.
  await broadcastCalendarChange(services.temporal, await services.api.calendar(), 'start-up');
  const api = await startApiServer(
    { ...services.api, workerHealth: worker.health },
    {
      port: config.PORT,
      host: config.HOST,
      graphiql: true,
      live,
      logger,
      corsOrigins: corsOrigins(config),
      production: config.NODE_ENV === 'production',
      codec: { corsOrigins: codecCorsOrigins(config, temporalUi) },
      // The worker runs in this process: one registry, the API's /metrics serves it all.
      metrics: apiMetricsRoute(config),
    },
  );
  stops.push(['API', api.close]);

  const agencyUrls = Object.values(fleet.urls);
  console.log(`
Liên thông is running.
  Console (browser)       ${api.url.replace('/graphql', '/')}
  GraphQL API + GraphiQL  ${api.url}
  Health                  ${api.url.replace('/graphql', '/healthz')}
  Metrics                 ${api.url.replace('/graphql', '/metrics')}${config.TEMPORAL_METRICS_ADDRESS ? `   (Temporal SDK: http://${config.TEMPORAL_METRICS_ADDRESS}/metrics)` : ''}${tracing ? '\n  Traces                  OTLP to OTEL_EXPORTER_OTLP_ENDPOINT' : ''}
  Temporal                ${temporalAddress}${temporalUi ? `   (Web UI ${temporalUi})` : ''}
  Database                ${db.kind === 'pglite' ? `embedded PGlite in ${path.join(config.DATA_DIR, 'pglite')}` : 'PostgreSQL (DATABASE_URL)'}${migrated.length ? `, applied ${migrated.join(', ')}` : ''}
  Agency simulators       ${agencyUrls.length} systems on ${agencyUrls[0]} … ${agencyUrls[agencyUrls.length - 1]}
  National portal         ${nationalPortalUrl}${config.NATIONAL_PORTAL_URL ? '' : '   (simulated; faults: PUT /_sim/faults)'}
  Sample catalog          ${seeded.agencies} agencies, ${seeded.procedures} procedures
  Payload encryption      key ${payloadKeys[0].id}${config.PAYLOAD_ENCRYPTION_KEYS ? ' (PAYLOAD_ENCRYPTION_KEYS)' : `   (dev key kept in ${config.DATA_DIR}/dev-payload-key)`}
  Codec for Temporal      ${codecEndpoint}   (CLI: --codec-endpoint … --codec-auth "Bearer <admin key>"; Web UI: sign in at ${codecEndpoint}/sign-in)
  Admin API key           ${config.ADMIN_API_KEY ? '(ADMIN_API_KEY)' : `${adminKey}   (dev key kept in ${config.DATA_DIR}/dev-admin-key)`}
                          send it as the header  Authorization: Bearer <key>${demoSignIns(demo, config.DATA_DIR, api.url)}
Press Ctrl-C to stop.`);
}

/** How to sign in as the demo people (passwords kept in DATA_DIR/dev-accounts.json). */
function demoSignIns(demo: DemoSignIn[], dataDir: string, graphqlUrl: string): string {
  if (demo.length === 0) return '';
  const width = Math.max(...demo.map((a) => a.username.length));
  const rows = demo.map(
    (a) =>
      `    ${a.username.padEnd(width)}  ${a.password}   ${a.role}${a.agencyCode ? ` ${a.agencyCode}` : ''}: ${a.name}, ${a.title}`,
  );
  return `
  Demo accounts           sign in with POST ${graphqlUrl.replace('/graphql', '/auth/sign-in')} {"username", "password"}
                          (passwords kept in ${path.join(dataDir, 'dev-accounts.json')})
${rows.join('\n')}`;
}

run().catch(async (err) => {
  console.error(err instanceof Error && err.name === 'ConfigError' ? err.message : err);
  await stopAll();
  process.exit(1);
});
