// A raw SQL channel beside Prisma, for what Prisma's client cannot do: multi-statement migration
// scripts (simple query protocol), advisory locks, catalog introspection in the drift test, and
// hot reads served by one hand-written statement, prepared once per connection.
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';

export interface SqlExecutor {
  /** Runs a script that may hold several statements; no parameters. */
  exec(script: string): Promise<void>;
  query<T extends object>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs `work` on one connection, so session state (advisory locks) holds across its calls. */
  withSession<R>(work: (session: SqlExecutor) => Promise<R>): Promise<R>;
}

export interface QueryOptions {
  /**
   * Prepare the statement under this name on each connection (PostgreSQL then plans it once, not on
   * every call: for the public tracking view, planning cost more than executing). One name, one text.
   */
  prepareAs?: string;
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  // PGlite is a single connection already: every call shares one session.
  const executor: SqlExecutor = {
    async exec(script) {
      await db.exec(script);
    },
    async query<T extends object>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    withSession: (work) => work(executor),
  };
  return executor;
}

export function pgPoolExecutor(pool: Pool): SqlExecutor {
  return {
    async exec(script) {
      await pool.query(script);
    },
    async query<T extends object>(sql: string, params: unknown[] = [], options: QueryOptions = {}) {
      const config = options.prepareAs
        ? { name: options.prepareAs, text: sql, values: params }
        : { text: sql, values: params };
      return (await pool.query(config)).rows as T[];
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (script) => void (await client.query(script)),
          query: async <T extends object>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as T[],
          withSession: () => Promise.reject(new Error('nested sessions are not supported')),
        });
      } finally {
        client.release();
      }
    },
  };
}
