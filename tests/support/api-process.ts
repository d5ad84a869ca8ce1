// `npm run api` as a real child process (node with tsx's loader, the production entry point
// api/main.ts), for the tests that run the production shape: several API processes beside several
// worker processes (tests/support/worker-process.ts), meeting only through PostgreSQL and Temporal.
import { laneNamespace } from './test-env';
import { startNodeProcess, type NodeProcess } from './worker-process';

export interface ApiProcess extends NodeProcess {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
}

export interface ApiProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  /** The namespace on that server; the test's lane namespace by default. */
  namespace?: string;
  taskQueue: string;
  port: number;
  /** Stored as an ADMIN key at start (ADMIN_API_KEY), as an operator bootstraps a fresh install. */
  adminKey: string;
  /** Further environment (the lookup throttle's limits, …). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export const TEST_LOOKUP_KEY_SECRET = 'test-lookup-secret';

/** Starts `node --import tsx api/main.ts` and resolves once it logs that it listens. */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const process = await startNodeProcess({
    script: 'api/main.ts',
    // Logged at level info once the server listens (migrations applied, throttle store ready).
    ready: /GraphQL API listening/,
    readyTimeoutMs: options.readyTimeoutMs,
    env: {
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace ?? laneNamespace(),
      TASK_QUEUE: options.taskQueue,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: options.adminKey,
      LOOKUP_KEY_SECRET: TEST_LOOKUP_KEY_SECRET,
      LIVE_EVENTS: 'postgres',
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  return Object.assign(process, { url: `http://127.0.0.1:${options.port}/graphql` });
}
