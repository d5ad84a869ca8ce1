// Throttles lookups by receipt code and lookup key (`trackDossier`, and the anonymous applicant's
// `provideSupplement` / `withdrawDossier`) so that keys cannot be guessed, without ever letting one
// client's failures refuse another client.
//
// Only FAILED lookups (unknown code or wrong key) count, in fixed windows of LOOKUP_WINDOW_SECONDS
// that start at a key's first failure, under two keys of the client's own:
//   - the client: LOOKUP_FAILURES_PER_CLIENT over every code (spreading guesses over codes buys nothing);
//   - the client and the code: LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER on any one code.
// Past either, that client's lookups (a correct one included) answer RATE_LIMITED until the window
// ends. Nothing is counted per code alone: a stranger failing on someone's code only ever refuses
// the stranger. The failures on one code from all clients are counted too, but only to log a
// warning for operators at LOOKUP_WARN_FAILURES_PER_DOSSIER (the code, never who tried).
// A client is an IPv4 address or an IPv6 /64 (services/access/client-address.ts).
//
// Why guessing stays hopeless (defaults: 20 per client, 5 per client and code, 15-minute windows):
//   - A key is 10 letters of 31 (services/reception/lookup-key.ts): 31^10 = 8.2e14 keys. Derived as
//     `byte % 31`, 8 letters are slightly likelier (9/256 instead of 8/256), so the likeliest key of
//     a code has probability (9/256)^10 = 2.9e-15: each guess wins with at most 1 in 3.5e14.
//   - One client: 20 x 96 windows = 1,920 failures a day over all codes, 480 on one code.
//   - A attackers' addresses against one dossier: 480 A guesses a day; A = 1,000,000 addresses
//     win with probability 1.4e-6 a day, 5e-4 in a year.
//   - Against "any dossier" (codes are sequential, so every guess can aim at a real one): a guess
//     is still one key for one code, 1,920 A a day; A = 1,000,000: 5.5e-6 a day, 2e-3 in a year,
//     from 22,000 failed lookups a second, which is also far more than the API answers. Whatever the
//     number of addresses, the API's own rate bounds the guesses: 3,000 lookups a second for a
//     whole year win with probability 2.7e-4.
//   - A client's lookups already in flight when it reaches its budget still get their answer, so a
//     burst of parallel requests can overshoot by what is in flight; the throughput bound above holds.
//   - Clients sharing one address (carrier-grade NAT on mobile networks, an office, an IPv6 /64)
//     share its budgets: someone guessing behind the same public address can get everyone there
//     refused for up to a window, the owner included. We accept it: such a neighbour cannot be
//     told apart from one person with many tabs, and a budget per key holder is impossible (the key
//     is what is being guessed). The refusal ends with the window, the dossier can be tracked from
//     any other network, and a portal or the one-stop desk can act for the applicant with its API
//     key (`dossier`, `provideSupplement`), which this throttle does not touch.
//
// Stores (rate-limiter-flexible): memory for one process (`npm start` on the embedded database), or
// with PostgreSQL the library's table `lookup_throttle.failures`, shared by every API process so
// the budgets hold across them. Rows expire with their window and the library deletes them within
// the hour after. The memory store keeps up to three small entries per failed lookup of the window,
// so it grows with the number of addresses failing: production runs on PostgreSQL.
import type { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors';
import { lookupKeyMatches } from '../reception/lookup-key';
import { RECEIPT_CODE_PATTERN } from '../reception/receipt-code';
import type { AppConfig } from '../../platform/config';
import { logger as processLogger, type Logger } from '../../platform/logger';
import type { Database } from '../../prisma/database';
import { throttleClientOf } from './client-address';

export interface LookupLimits {
  /** Failed lookups a client may make in a window, over every code. */
  failuresPerClient: number;
  /** Failed lookups a client may make on one code in a window. */
  failuresPerClientAndDossier: number;
  windowSeconds: number;
  /** Failures on one code, from every client together, in a window at which a warning is logged. */
  warnFailuresPerDossier: number;
}

export type LookupThrottleStore = { kind: 'memory' } | { kind: 'postgres'; pool: Pool };

export interface ThrottleDecision {
  allowed: boolean;
  /** When refused: seconds until the window of the limit reached ends. */
  retryAfterSeconds?: number;
  /** When refused: which of the client's limits was reached. */
  limitedBy?: 'client' | 'client-and-dossier';
}

export interface LookupThrottle {
  /** Whether `client` (an address) may look up `dossierCode` now. Counts nothing. */
  check(client: string, dossierCode: string): Promise<ThrottleDecision>;
  /** Counts one failed lookup (unknown code or wrong key) by `client` of `dossierCode`. */
  recordFailure(client: string, dossierCode: string): Promise<void>;
}

/** Where the PostgreSQL store keeps its counts (schema made by migration 20261128000000_lookup_throttle_schema). */
export const THROTTLE_TABLE = { schemaName: 'lookup_throttle', tableName: 'failures' };

// Whatever is not shaped like a receipt code cannot be one: all of it is one "code" per client
// (which also keeps the store's keys short), and it never reaches the log.
const NOT_A_RECEIPT_CODE = '(not a receipt code)';
const codeKey = (dossierCode: string) =>
  RECEIPT_CODE_PATTERN.test(dossierCode) ? dossierCode : NOT_A_RECEIPT_CODE;

interface Limiters {
  client: RateLimiterAbstract;
  clientAndDossier: RateLimiterAbstract;
  dossier: RateLimiterAbstract;
}

export async function createLookupThrottle(
  limits: LookupLimits,
  store: LookupThrottleStore,
  log: Pick<Logger, 'warn'> = processLogger,
): Promise<LookupThrottle> {
  checkLimits(limits);
  const points = {
    client: limits.failuresPerClient,
    clientAndDossier: limits.failuresPerClientAndDossier,
    dossier: limits.warnFailuresPerDossier,
  };
  const limiters =
    store.kind === 'memory'
      ? memoryLimiters(points, limits.windowSeconds)
      : await postgresLimiters(store.pool, points, limits.windowSeconds);

  return {
    async check(address, dossierCode) {
      const client = throttleClientOf(address);
      const [byClient, byCode] = await Promise.all([
        limiters.client.get(client),
        limiters.clientAndDossier.get(`${client}|${codeKey(dossierCode)}`),
      ]);
      const clientWait = msUntilReopened(byClient);
      const codeWait = msUntilReopened(byCode);
      if (clientWait === 0 && codeWait === 0) return { allowed: true };
      return {
        allowed: false,
        limitedBy: clientWait >= codeWait ? 'client' : 'client-and-dossier',
        retryAfterSeconds: Math.max(1, Math.ceil(Math.max(clientWait, codeWait) / 1000)),
      };
    },

    async recordFailure(address, dossierCode) {
      const client = throttleClientOf(address);
      const code = codeKey(dossierCode);
      const [, , onCode] = await Promise.all([
        limiters.client.penalty(client),
        limiters.clientAndDossier.penalty(`${client}|${code}`),
        code === NOT_A_RECEIPT_CODE ? undefined : limiters.dossier.penalty(code),
      ]);
      // Exactly one failure reaches the mark in each window, in whichever API process it lands.
      if (onCode?.consumedPoints === limits.warnFailuresPerDossier) {
        log.warn(
          { dossierCode: code, failures: onCode.consumedPoints, windowSeconds: limits.windowSeconds },
          'many failed lookups of one dossier code from several clients: someone may be guessing its lookup key (nobody is refused for it)',
        );
      }
    },
  };
}

/** Milliseconds until a limiter's key is below its limit again; 0 when it is already. */
function msUntilReopened(res: RateLimiterRes | null): number {
  return res && res.remainingPoints <= 0 && res.msBeforeNext > 0 ? res.msBeforeNext : 0;
}

function checkLimits(limits: LookupLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a whole number, at least 1`);
  }
}

function memoryLimiters(points: Record<keyof Limiters, number>, duration: number): Limiters {
  const limiter = (keyPrefix: keyof Limiters) =>
    new RateLimiterMemory({ keyPrefix, points: points[keyPrefix], duration });
  return {
    client: limiter('client'),
    clientAndDossier: limiter('clientAndDossier'),
    dossier: limiter('dossier'),
  };
}

/**
 * The three limiters share the library's one table, told apart by key prefix. The first creates
 * the table (if absent; concurrent starters are fine) and sweeps expired rows; the others reuse it.
 */
async function postgresLimiters(
  pool: Pool,
  points: Record<keyof Limiters, number>,
  duration: number,
): Promise<Limiters> {
  const options = (keyPrefix: keyof Limiters) => ({
    storeClient: pool,
    storeType: 'pool',
    ...THROTTLE_TABLE,
    keyPrefix,
    points: points[keyPrefix],
    duration,
  });
  const client = await new Promise<RateLimiterPostgres>((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(options('client'), (err) =>
      err ? reject(err) : resolve(created),
    );
  });
  const reuse = (keyPrefix: keyof Limiters) =>
    new RateLimiterPostgres({ ...options(keyPrefix), tableCreated: true, clearExpiredByTimeout: false });
  return { client, clientAndDossier: reuse('clientAndDossier'), dossier: reuse('dossier') };
}

export function lookupLimitsFromConfig(config: AppConfig): LookupLimits {
  return {
    failuresPerClient: config.LOOKUP_FAILURES_PER_CLIENT,
    failuresPerClientAndDossier: config.LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER,
    windowSeconds: config.LOOKUP_WINDOW_SECONDS,
    warnFailuresPerDossier: config.LOOKUP_WARN_FAILURES_PER_DOSSIER,
  };
}

/** The API's throttle: shared through PostgreSQL when the read model is there, in memory on the embedded database. */
export function lookupThrottleFor(
  config: AppConfig,
  db: Database,
  log?: Pick<Logger, 'warn'>,
): Promise<LookupThrottle> {
  return createLookupThrottle(
    lookupLimitsFromConfig(config),
    db.pool ? { kind: 'postgres', pool: db.pool } : { kind: 'memory' },
    log,
  );
}

/**
 * Runs a lookup by receipt code and lookup key under the throttle: refused with RATE_LIMITED while
 * the client is over a limit; `attempt` answers undefined for an unknown code or a wrong key, which
 * counts as a failure and answers DOSSIER_NOT_FOUND (the same for both, so codes cannot be probed).
 */
export async function throttledLookup<T>(
  throttle: LookupThrottle,
  client: string,
  dossierCode: string,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  const decision = await throttle.check(client, dossierCode);
  if (!decision.allowed) {
    throw new DomainError(
      'RATE_LIMITED',
      `Too many failed lookups from your address; try again in ${decision.retryAfterSeconds} s`,
      {
        retryAfterSeconds: decision.retryAfterSeconds,
      },
    );
  }
  const found = await attempt();
  if (found === undefined) {
    await throttle.recordFailure(client, dossierCode);
    throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${dossierCode} with that lookup key`);
  }
  return found;
}

/** A caller without an API key who looks a dossier up: where from, and the lookup key they hold. */
export interface AnonymousLookup {
  clientIp: string;
  lookupKey: string | null;
  throttle: LookupThrottle;
}

/**
 * Every lookup by receipt code and lookup key (`trackDossier`, the applicant's own actions): under
 * throttledLookup, `read` gives the dossier with its stored lookup-key hash (or nothing), and a
 * missing key or one that does not match the hash is a failure like an unknown code.
 */
export function findWithLookupKey<Found extends { lookupKeyHash: string }>(
  caller: AnonymousLookup,
  dossierCode: string,
  read: () => Promise<Found | null | undefined>,
): Promise<Found> {
  return throttledLookup(caller.throttle, caller.clientIp, dossierCode, async () => {
    const { lookupKey } = caller;
    if (!lookupKey) return undefined;
    const found = await read();
    return found && lookupKeyMatches(lookupKey, found.lookupKeyHash) ? found : undefined;
  });
}
