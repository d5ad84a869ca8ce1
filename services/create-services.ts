// The services the API runs on, built one way from the configuration by every entry point (`npm
// start`, `npm run api`), the benchmarks and the test harness: the read model's database, a Temporal
// client with the payload codec, the calendar, the lookup throttle, the secrets and the deadline.
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/database';
import type { SqlExecutor } from '../prisma/sql-executor';
import type { WorkerHealth } from '../platform/worker-health';
import type { CalendarSource } from './catalog/calendar';
import type { OfficeHours } from '../domain/calendar/types';
import { lookupKeySecret, type AppConfig } from '../platform/config';
import { connectClient, temporalSettingsFrom, type TemporalSettings } from '../platform/temporal-connection';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { lookupThrottleFor, type LookupThrottle } from './access/lookup-throttle';
import { createCalendarSource } from './catalog/calendar';
import { sessionSettingsFromConfig, type SessionSettings } from './access/sessions';
import { signInThrottleFor, type SignInThrottle } from './access/sign-in-throttle';

/** What the API runs on: every resolver and HTTP route gets these (graphql/context.ts). */
export interface ApiServices {
  prisma: PrismaClient;
  /** Prepared SQL on the same database, for the hot paths one statement serves better (prisma/read-model/README.md). */
  sql: SqlExecutor;
  temporal: Client;
  taskQueue: string;
  lookupKeySecret: string;
  calendar: CalendarSource;
  /** Guards lookups by receipt code and lookup key (`trackDossier`, the applicant's own actions). */
  lookupThrottle: LookupThrottle;
  /** People's sessions: expiry and cookie flags (services/access/sessions.ts). */
  sessions: SessionSettings;
  /** Guards sign-in against password guessing (services/access/sign-in-throttle.ts). */
  signInThrottle: SignInThrottle;
  continueAsNewAfterEvents?: number;
  /** How long a request waits on Temporal before a coded answer (ENGINE_DEADLINE_SECONDS; services/actions/engine-deadline.ts). */
  engineDeadlineMs?: number;
  /** Public tracking's address, printed as the receipt's QR code (`PUBLIC_BASE_URL`, else this server's). */
  publicBaseUrl?: string;
  /** The supervised worker's health when it runs in this process (`npm start`); else /healthz asks Temporal. */
  workerHealth?: () => WorkerHealth;
}

export interface ServiceOptions {
  /** An open, migrated database (npm start opens it first to seed it); else opened from the configuration and migrated. */
  db?: Database;
  /** The Temporal frontend, e.g. npm start's embedded server; else TEMPORAL_ADDRESS. */
  temporalAddress?: string;
  /** Another throttle than the configuration's (each test file counts on its own). */
  lookupThrottle?: LookupThrottle;
  /** Another sign-in throttle than the configuration's. */
  signInThrottle?: SignInThrottle;
  /** Connections in the database pool when it is opened here. */
  poolSize?: number;
  /** Office hours other than the default (07:30-11:30, 13:00-17:00); the benchmarks use round-the-clock ones. */
  officeHours?: OfficeHours;
}

export interface Services {
  api: ApiServices;
  db: Database;
  temporal: Client;
  /** What workers of this system connect with (the same address, namespace and payload keys). */
  temporalSettings: TemporalSettings;
  /** Closes what was opened here (the Temporal client, and the database when it was opened here). */
  close(): Promise<void>;
}

export async function createServices(config: AppConfig, options: ServiceOptions = {}): Promise<Services> {
  // Before anything is opened: the payload keys (required in production) and the secrets.
  const temporalSettings = temporalSettingsFrom(config, options.temporalAddress ?? config.TEMPORAL_ADDRESS);
  const secret = lookupKeySecret(config);
  const db =
    options.db ?? (await openMigratedDatabase(config, options.poolSize ?? config.DATABASE_POOL_SIZE));
  const temporal = await connectClient(temporalSettings);
  const api: ApiServices = {
    prisma: db.prisma,
    sql: db.sql,
    temporal,
    taskQueue: config.TASK_QUEUE,
    lookupKeySecret: secret,
    calendar: createCalendarSource(
      db.prisma,
      options.officeHours ? { officeHours: options.officeHours } : {},
    ),
    // On PostgreSQL the counts are shared by every API process; in memory on the embedded database.
    lookupThrottle: options.lookupThrottle ?? (await lookupThrottleFor(config, db)),
    sessions: sessionSettingsFromConfig(config),
    signInThrottle: options.signInThrottle ?? (await signInThrottleFor(config, db)),
    engineDeadlineMs: config.ENGINE_DEADLINE_SECONDS * 1000,
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`,
  };
  return {
    api,
    db,
    temporal,
    temporalSettings,
    close: async () => {
      await temporal.connection.close();
      if (!options.db) await db.close();
    },
  };
}

/**
 * PostgreSQL when DATABASE_URL is set, the embedded database in DATA_DIR otherwise, with pending
 * migrations applied (under an advisory lock: processes starting together apply them once).
 */
export async function openMigratedDatabase(config: AppConfig, poolSize?: number): Promise<Database> {
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: path.join(config.DATA_DIR, 'pglite'),
    poolSize,
  });
  try {
    await applyMigrations(db.sql);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
