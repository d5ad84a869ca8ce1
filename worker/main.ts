// `npm run worker`: one worker process for production, against a Temporal cluster and PostgreSQL
// given by the environment (validated at start). Scale out by running more of them. It is meant to
// run under a process manager (systemd, Kubernetes, …): when the worker stops for any reason but a
// signal, the process says why and exits with code 1, so the manager starts a new one.
import { loadConfig, requireProductionServices } from '../platform/config';
import { configureLogger } from '../platform/logger';
import { liveEventsFromConfig, publishUpdate } from '../services/live/live-events';
import { temporalSettingsFrom } from '../platform/temporal-connection';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { startDossierWorker } from './dossier-worker-life';
import { testFaultSwitch } from './test-fault-switch';
import { startNationalSync } from './national-sync';
import { setUpObservability } from '../platform/observability/setup';
import { observePool } from '../platform/observability/database-pool';
import { startMetricsServer } from '../platform/observability/metrics-endpoint';

const messageOf = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

async function run(): Promise<void> {
  const config = loadConfig();
  requireProductionServices(config, 'npm run worker');
  const logger = configureLogger(config);
  const fault = testFaultSwitch(config);
  if (fault.armed) logger.warn(fault.armed);
  // Before anything starts: the payload keys are required in production (and checked here).
  const temporalSettings = temporalSettingsFrom(config);
  // Each applied read-model update is NOTIFYed to the API processes' subscriptions (LIVE_EVENTS).
  const live = liveEventsFromConfig(config, 'separate', logger);
  // Before the worker is made: it adds its tracing interceptors only when tracing is on.
  const tracing = setUpObservability(config, 'lien-thong-worker');
  installTemporalRuntime({
    level: config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO',
    metricsAddress: config.TEMPORAL_METRICS_ADDRESS,
  });
  const db = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  observePool('worker', db.pool);
  // The worker has no other HTTP server: its own metrics get a listener of their own.
  const metrics =
    config.WORKER_METRICS_PORT !== undefined && config.METRICS_ENABLED
      ? await startMetricsServer({
          port: config.WORKER_METRICS_PORT,
          host: config.WORKER_METRICS_HOST,
          token: config.METRICS_TOKEN,
        })
      : undefined;
  if (metrics) logger.info({ url: metrics.url }, 'worker metrics listening');
  if (config.TEMPORAL_METRICS_ADDRESS)
    logger.info(
      { url: `http://${config.TEMPORAL_METRICS_ADDRESS}/metrics` },
      'Temporal SDK metrics listening',
    );
  await applyMigrations(db.sql);
  const worker = await startDossierWorker(temporalSettings, {
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    prisma: db.prisma,
    payloadKeys: temporalSettings.payloadKeys,
    callbackUrl: config.CALLBACK_URL,
    onReadModelApplied: (update, dossier) => publishUpdate(live, update, dossier),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
    activityInterceptors: fault.activityInterceptors,
  });
  console.log(`Worker polling task queue ${config.TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
  // The national portal's outbox, delivered from this process too (several workers: the portal keeps
  // each progress entry once, docs/national-portal.md).
  const nationalSync = config.NATIONAL_PORTAL_URL
    ? startNationalSync(config, config.NATIONAL_PORTAL_URL, db.prisma, logger)
    : undefined;
  // The SDK's runtime stops polling on these signals and lets running tasks finish; run() then resolves.
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] as const)
    process.once(signal, () => (signalled = true));
  try {
    await worker.run();
    if (!signalled) throw new Error('the worker stopped without being asked to');
  } catch (err) {
    logger.fatal(
      { err },
      `the worker stopped: ${messageOf(err)}; exiting with code 1 so that the process manager starts a new one`,
    );
    process.exit(1);
  }
  await nationalSync?.stop();
  await worker.close();
  await metrics?.close();
  await tracing?.shutdown();
  await live.close();
  await db.close();
}

run().catch((err) => {
  console.error(err instanceof Error && err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
