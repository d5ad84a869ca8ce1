// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';

async function run(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pglite') });
  try {
    const applied = await applyMigrations(db.sql);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.close();
  }
}

run().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
