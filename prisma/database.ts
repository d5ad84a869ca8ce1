// Opens the read-model database: PostgreSQL when a URL is configured (production, tests), PGlite
// (embedded PostgreSQL in WebAssembly) on a local directory otherwise, so a newcomer needs no
// server. The same schema and migrations serve both.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client/client';
import { pgPoolExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor';

export type { PrismaClient };

export interface Database {
  kind: 'postgresql' | 'pglite';
  prisma: PrismaClient;
  sql: SqlExecutor;
  /** PostgreSQL only: the pg pool beneath `prisma` and `sql`, for libraries that take one (the lookup throttle's store). */
  pool?: Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgresql:// URL; when absent the embedded database in `dataDir` is used. */
  url?: string;
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A silent network partition must fail calls (so activities retry), not hang them until the
      // kernel gives up on the socket minutes later and the pool runs dry meanwhile.
      connectionTimeoutMillis: 10_000,
      query_timeout: 60_000,
      keepAlive: true,
    });
    // A dropped idle connection (database restart) must not crash the process; pg reconnects.
    pool.on('error', () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      kind: 'postgresql',
      prisma,
      sql: pgPoolExecutor(pool),
      pool,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  if (!options.dataDir) throw new Error('openDatabase needs either a url or a dataDir');
  const pglite = await PGlite.create(options.dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteExecutor(pglite),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
