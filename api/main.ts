// `npm run api`: the GraphQL API for production, against a Temporal cluster and PostgreSQL given by
// the environment (validated at start). Stateless: run as many as needed behind a load balancer.
import { ensureBootstrapAdminKey } from '../services/access/api-keys';
import { codecCorsOrigins, corsOrigins, loadConfig, requireProductionServices } from '../platform/config';
import { configureLogger, logger } from '../platform/logger';
import { liveEventsFromConfig } from '../services/live/live-events';
import { createServices } from '../services/create-services';
import { startApiServer } from './server';
import { apiMetricsRoute, setUpObservability } from '../platform/observability/setup';
import { observePool } from '../platform/observability/database-pool';

async function run(): Promise<void> {
  const config = loadConfig();
  configureLogger(config);
  requireProductionServices(config, 'npm run api');
  // Before the Temporal client is made: it traces only when tracing is on.
  const tracing = setUpObservability(config, 'lien-thong-api');
  // Subscriptions hear the workers' read-model updates through PostgreSQL LISTEN/NOTIFY (LIVE_EVENTS).
  const live = liveEventsFromConfig(config, 'separate', logger);
  const { api: services, db, close } = await createServices(config);
  await ensureBootstrapAdminKey(db.prisma, config.ADMIN_API_KEY);
  observePool('api', db.pool);
  const metrics = apiMetricsRoute(config);
  if (!metrics && config.METRICS_ENABLED)
    logger.warn('/metrics is not served: set METRICS_TOKEN to serve it in production');
  const api = await startApiServer(services, {
    port: config.PORT,
    host: config.HOST,
    graphiql: config.NODE_ENV !== 'production',
    live,
    logger,
    corsOrigins: corsOrigins(config),
    codec: { corsOrigins: codecCorsOrigins(config) },
    production: config.NODE_ENV === 'production',
    metrics,
  });
  logger.info({ url: api.url, liveEvents: live.kind }, 'GraphQL API listening');
  const stop = async () => {
    await api.close();
    await live.close();
    await close();
    await tracing?.shutdown();
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
