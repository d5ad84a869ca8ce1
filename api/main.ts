// `npm run api`: the GraphQL API for production, against a Temporal cluster and PostgreSQL given by
// the environment (validated at start). Stateless: run as many as needed behind a load balancer.
import { ensureBootstrapAdminKey } from '../services/access/api-keys';
import { lookupThrottleFor } from '../services/access/lookup-throttle';
import { createCalendarSource } from '../services/catalog/calendar';
import {
  codecCorsOrigins,
  corsOrigins,
  loadConfig,
  lookupKeySecret,
  requireProductionServices,
} from '../platform/config';
import { configureLogger, logger } from '../platform/logger';
import { liveEventsFromConfig } from '../services/live/live-events';
import { connectClient, temporalSettingsFrom } from '../platform/temporal-connection';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { startApiServer } from './server';

async function run(): Promise<void> {
  const config = loadConfig();
  configureLogger(config);
  requireProductionServices(config, 'npm run api');
  // Before anything starts: the payload keys are required in production (and checked here).
  const temporalSettings = temporalSettingsFrom(config);
  // Subscriptions hear the workers' read-model updates through PostgreSQL LISTEN/NOTIFY (LIVE_EVENTS).
  const live = liveEventsFromConfig(config, 'separate', logger);
  const secret = lookupKeySecret(config);
  const db = await openDatabase({ url: config.DATABASE_URL });
  await applyMigrations(db.sql);
  await ensureBootstrapAdminKey(db.prisma, config.ADMIN_API_KEY);
  const temporal = await connectClient(temporalSettings);
  const api = await startApiServer(
    {
      prisma: db.prisma,
      sql: db.sql,
      temporal,
      taskQueue: config.TASK_QUEUE,
      lookupKeySecret: secret,
      calendar: createCalendarSource(db.prisma),
      // Counted in PostgreSQL, so the limits hold across every API process.
      lookupThrottle: await lookupThrottleFor(config, db),
      engineDeadlineMs: config.ENGINE_DEADLINE_SECONDS * 1000,
    },
    {
      port: config.PORT,
      host: config.HOST,
      graphiql: config.NODE_ENV !== 'production',
      live,
      logger,
      corsOrigins: corsOrigins(config),
      codec: { corsOrigins: codecCorsOrigins(config) },
      production: config.NODE_ENV === 'production',
    },
  );
  logger.info({ url: api.url, liveEvents: live.kind }, 'GraphQL API listening');
  const stop = async () => {
    await api.close();
    await live.close();
    await temporal.connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

run().catch((err) => {
  if (err instanceof Error && err.name === 'ConfigError') logger.fatal(err.message);
  else logger.fatal({ err }, 'the API could not start');
  process.exit(1);
});
