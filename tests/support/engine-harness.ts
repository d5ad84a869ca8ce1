// The whole engine on real sockets for one integration test file: the migrated PostgreSQL database
// and Temporal dev server from global-setup, a fleet of agency simulators (real HTTP servers), the
// worker on its own task queue, and the GraphQL API listening on a free port.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { startAgencyFleet, type AgencyFleet } from '../../simulators/agency/fleet';
import { credentialHeaders, type Credential } from './session-client';
import type { SessionSettings } from '../../services/access/sessions';
import {
  createSignInThrottle,
  signInLimitsFromConfig,
  type SignInLimits,
} from '../../services/access/sign-in-throttle';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { ensureBootstrapAdminKey } from '../../services/access/api-keys';
import { createLookupThrottle, lookupLimitsFromConfig } from '../../services/access/lookup-throttle';
import { seedSampleCatalog } from '../../services/catalog/seed';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { startApiServer, type RunningApi } from '../../api/server';
import { loadConfig } from '../../platform/config';
import { connectWorker } from '../../platform/temporal-connection';
import { createLiveEvents, publishUpdate, type LiveEvents } from '../../services/live/live-events';
import type { Database } from '../../prisma/database';
import type { OfficeHours } from '../../domain/calendar/types';
import { createServices } from '../../services/create-services';
import { createDossierWorker } from '../../worker/create-worker';
import { installTemporalRuntime } from '../../platform/temporal-runtime';
import type { ApiServices } from '../../services/create-services';
import { TEST_PAYLOAD_ENCRYPTION_KEYS, TEST_PAYLOAD_KEYS } from './payload-keys';
import { requiredEnv } from './test-env';

export interface EngineHarness {
  db: Database;
  temporal: Client;
  fleet: AgencyFleet;
  api: RunningApi;
  /** Live events as `npm run worker` / `npm run api` carry them: PostgreSQL LISTEN/NOTIFY (LIVE_EVENTS=memory: in process). */
  live: LiveEvents;
  taskQueue: string;
  /** The services the API runs on (reception, calendar), for tests that drive them directly. */
  services: ApiServices;
  /** A bootstrap ADMIN key (as ADMIN_API_KEY would make one), for tests to create the keys they need. */
  adminKey: string;
  /** POSTs to /graphql, with `Authorization: Bearer <apiKey>` when a key is given, or a person's session cookie and CSRF token. */
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    apiKey?: Credential,
  ): Promise<{ data?: T; errors?: any[] }>;
  stop(): Promise<void>;
}

/** The configuration of a test engine: the run's database and Temporal server, the test payload key. */
export function testConfig(taskQueue: string) {
  return loadConfig({
    DATABASE_URL: requiredEnv('DATABASE_URL'),
    TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: requiredEnv('TEMPORAL_NAMESPACE'),
    TASK_QUEUE: taskQueue,
    PAYLOAD_ENCRYPTION_KEYS: TEST_PAYLOAD_ENCRYPTION_KEYS,
    LOOKUP_KEY_SECRET: 'test-lookup-secret',
  });
}

export async function startEngine(options: EngineOptions = {}): Promise<EngineHarness> {
  installTemporalRuntime();
  const taskQueue = `test-${randomUUID()}`;
  const config = testConfig(taskQueue);
  const built = await createServices(config, {
    poolSize: 5,
    // In memory with the default limits: every test file calls from 127.0.0.1, and files running
    // side by side must not share one budget (tests/integration/lookup-throttle.test.ts covers the PostgreSQL store).
    lookupThrottle: await createLookupThrottle(lookupLimitsFromConfig(config), { kind: 'memory' }),
    ...(options.officeHours ? { officeHours: options.officeHours } : {}),
    // Sign-ins likewise (tests/integration/accounts-and-sessions.test.ts covers the PostgreSQL store).
    signInThrottle: await createSignInThrottle(
      { ...signInLimitsFromConfig(config), ...options.signInLimits },
      { kind: 'memory' },
    ),
  });
  const { db, temporal } = built;
  const services: ApiServices = { ...built.api, sessions: { ...built.api.sessions, ...options.sessions } };
  const fleet = await startAgencyFleet({
    agencies: SAMPLE_AGENCIES.map((a) => ({ code: a.code, secret: devAgencySecret(a.code) })),
  });
  await seedSampleCatalog(db.prisma, fleet.urls);
  const adminKey = randomBytes(30).toString('base64url');
  await ensureBootstrapAdminKey(db.prisma, adminKey);
  const live =
    process.env.LIVE_EVENTS === 'memory'
      ? createLiveEvents({ kind: 'memory' })
      : createLiveEvents({ kind: 'postgres', connectionString: requiredEnv('DATABASE_URL') });
  const api = await startApiServer(services, { port: 0, host: '127.0.0.1', live });
  const connection: NativeConnection | undefined =
    options.worker === false ? undefined : await connectWorker(built.temporalSettings);
  const worker: Worker | undefined =
    connection &&
    (await createDossierWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      prisma: db.prisma,
      payloadKeys: TEST_PAYLOAD_KEYS,
      callbackUrl: api.url.replace('/graphql', '/agency-callbacks'),
      workflowBundlePath: options.workflowBundlePath ?? requiredEnv('WORKFLOW_BUNDLE_PATH'),
      onReadModelApplied: (update, dossier) => publishUpdate(live, update, dossier),
    }));
  const running = worker?.run();

  return {
    db,
    temporal,
    fleet,
    api,
    live,
    taskQueue,
    services,
    adminKey,
    async graphql(query, variables, apiKey) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...credentialHeaders(apiKey),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    },
    async stop() {
      worker?.shutdown();
      await running;
      await connection?.close();
      await api.close();
      await live.close();
      await fleet.close();
      await built.close();
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * An office open every hour of every day: a test that receives a dossier and then looks for it in
 * today's register or this month's figures must not depend on the hour CI runs it (out of office
 * hours a dossier counts as received at the next opening, tomorrow). Public holidays stay days off.
 */
export const OPEN_AROUND_THE_CLOCK: OfficeHours = {
  timeZone: 'Asia/Ho_Chi_Minh',
  periods: [{ start: '00:00', end: '24:00' }],
  workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
};

export interface EngineOptions {
  /** Session expiry and cookie flags other than the defaults (e.g. a short expiry). */
  sessions?: Partial<SessionSettings>;
  /** Sign-in throttle limits other than the defaults (in memory, like the lookup throttle here). */
  signInLimits?: Partial<SignInLimits>;
  /** The API's office hours (default: the real ones); a short window makes a working day last minutes. */
  officeHours?: OfficeHours;
  /** Another bundle than the run's (e.g. one built with the tracing interceptors). */
  workflowBundlePath?: string;
  /** `false`: no worker in this process (the test runs `npm run worker` as a process of its own). */
  worker?: boolean;
}
