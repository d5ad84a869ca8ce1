// Applies pending migrations from prisma/migrations and records them in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, checksum = SHA-256 of migration.sql), so
// either tool can take over from the other. We need our own because Prisma's migrate engine is a
// native binary that cannot be downloaded on these machines.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlExecutor } from './sql-executor';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
// Any constant works; one lock id keeps concurrent starters (worker and API) from racing. Exported
// for the topology test, which holds it to line every process up on it at once.
export const MIGRATION_LOCK_ID = 72_707_369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** Applies what is pending; returns the names applied now. */
export async function applyMigrations(sql: SqlExecutor, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return sql.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await session.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
      const done: string[] = [];
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row?.finished_at) {
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(
              `Migration ${migration.name} was modified after it was applied. Add a new migration instead of editing an applied one.`,
            );
          }
          continue;
        }
        if (row) {
          throw new MigrationError(
            `Migration ${migration.name} started but did not finish. Fix the database by hand, then mark it rolled back (rolled_back_at) in "_prisma_migrations".`,
          );
        }
        await applyOne(session, migration);
        done.push(migration.name);
      }
      return done;
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  });
}

async function applyOne(session: SqlExecutor, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await session.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, migration.checksum, migration.name],
  );
  try {
    // One transaction per migration: a failing script leaves no half-applied schema.
    await session.exec(`BEGIN;\n${migration.sql}\nCOMMIT;`);
  } catch (err) {
    await session.exec('ROLLBACK;').catch(() => undefined);
    // The transaction rolled back, so the record says so and the next run tries again.
    await session.query('UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1', [
      id,
      String(err),
    ]);
    throw new MigrationError(`Migration ${migration.name} failed: ${(err as Error).message}`);
  }
  await session.query(
    'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
    [id],
  );
}
