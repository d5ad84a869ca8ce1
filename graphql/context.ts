// What every resolver gets: the read model, the engine's services and the request's identity.
import type { Client } from '@temporalio/client';
import type { LookupThrottle } from '../services/access/lookup-throttle';
import type { Principal } from '../services/access/principal';
import type { CalendarSource } from '../services/catalog/calendar';
import type { LiveEvents } from '../services/live/live-events';
import type { PrismaClient } from '../prisma/database';
import type { SqlExecutor } from '../prisma/sql-executor';
import type { WorkerHealth } from '../worker/supervisor';

export interface ApiServices {
  prisma: PrismaClient;
  /** Raw SQL on the same database, for hot reads that one hand-written statement serves better (`services/reception/public-view.ts`). */
  sql: SqlExecutor;
  temporal: Client;
  taskQueue: string;
  lookupKeySecret: string;
  calendar: CalendarSource;
  /** Guards lookups by receipt code and lookup key (`trackDossier`, the applicant's own actions). */
  lookupThrottle: LookupThrottle;
  continueAsNewAfterEvents?: number;
  /** How long a request waits on Temporal before a coded answer (ENGINE_DEADLINE_SECONDS; services/actions/engine-deadline.ts). */
  engineDeadlineMs?: number;
  /** The supervised worker's health when it runs in this process (`npm start`); else /healthz asks Temporal. */
  workerHealth?: () => WorkerHealth;
}

export interface GraphQLContext extends ApiServices {
  requestId: string;
  /** Live events for subscriptions (`services/live/live-events.ts`). */
  live: LiveEvents;
  /** The caller's address (from `X-Forwarded-For` behind TRUST_PROXY proxies, else the socket's): what lookups are throttled by. */
  clientIp: string;
  /** The caller authenticated by API key; null for anonymous callers. */
  principal: Principal | null;
}
