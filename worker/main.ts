// `npm run worker`: one worker process for production, against a Temporal cluster and PostgreSQL
// given by the environment (validated at start). Scale out by running more of them.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig, requireProductionServices } from '../infra/config';
import { configureLogger } from '../infra/logger';
import { liveEventsFromConfig, publishUpdate } from '../live/live-events';
import { connectWorker, temporalSettingsFrom } from '../infra/temporal-connection';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { createDossierWorker } from './create-worker';

async function run(): Promise<void> {
  const config = loadConfig();
  requireProductionServices(config, 'npm run worker');
  // Before anything starts: the payload keys are required in production (and checked here).
  const temporalSettings = temporalSettingsFrom(config);
  // Each applied read-model update is NOTIFYed to the API processes' subscriptions (LIVE_EVENTS).
  const live = liveEventsFromConfig(config, 'separate', configureLogger(config));
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO') });
  const db = await openDatabase({ url: config.DATABASE_URL });
  await applyMigrations(db.sql);
  const connection = await connectWorker(temporalSettings);
  const worker = await createDossierWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    prisma: db.prisma,
    payloadKeys: temporalSettings.payloadKeys,
    callbackUrl: config.CALLBACK_URL,
    onReadModelApplied: (update) => publishUpdate(live, update),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
  });
  console.log(`Worker polling task queue ${config.TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
  // The SDK's runtime stops polling on SIGINT/SIGTERM and lets running tasks finish.
  await worker.run();
  await live.close();
  await connection.close();
  await db.close();
}

run().catch((err) => {
  console.error(err instanceof Error && err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
