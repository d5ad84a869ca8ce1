// `npm run api`: the GraphQL API for production, against a Temporal cluster and PostgreSQL given by
// the environment (validated at start). Stateless: run as many as needed behind a load balancer.
import { ensureBootstrapAdminKey } from '../auth/api-keys';
import { createCalendarSource } from '../catalog/calendar';
import { loadConfig, lookupKeySecret, requireProductionServices } from '../infra/config';
import { connectClient } from '../infra/temporal-connection';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { startApiServer } from './server';

async function run(): Promise<void> {
  const config = loadConfig();
  requireProductionServices(config, 'npm run api');
  const secret = lookupKeySecret(config);
  const db = await openDatabase({ url: config.DATABASE_URL });
  await applyMigrations(db.sql);
  await ensureBootstrapAdminKey(db.prisma, config.ADMIN_API_KEY);
  const temporal = await connectClient({
    address: config.TEMPORAL_ADDRESS!,
    namespace: config.TEMPORAL_NAMESPACE,
    tls: config.TEMPORAL_TLS,
    apiKey: config.TEMPORAL_API_KEY,
  });
  const api = await startApiServer(
    { prisma: db.prisma, temporal, taskQueue: config.TASK_QUEUE, lookupKeySecret: secret, calendar: createCalendarSource(db.prisma) },
    { port: config.PORT, host: config.HOST, graphiql: config.NODE_ENV !== 'production' },
  );
  console.log(`GraphQL API on ${api.url}`);
  const stop = async () => {
    await api.close();
    await temporal.connection.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

run().catch((err) => {
  console.error(err instanceof Error && err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
