// Throttles password guessing at sign-in. Failed sign-ins are counted in fixed windows of
// SIGN_IN_WINDOW_SECONDS under two keys:
//   - the username: SIGN_IN_FAILURES_PER_ACCOUNT (guessing one person's password from many addresses);
//   - the client (an IPv4 address or an IPv6 /64): SIGN_IN_FAILURES_PER_CLIENT (one address trying
//     many usernames).
// Past either, sign-ins for that username, or from that client, answer RATE_LIMITED until the window
// ends, a correct password included (else the throttle would confirm a guess). A successful sign-in
// clears its username's count. The cost: someone can keep a known username refused by failing on
// purpose; the officer then waits out the window or an administrator resets the password, which
// does not clear the count. We accept it: a locked desk for 15 minutes beats a guessed password.
//
// Stores as for the lookup throttle (services/access/lookup-throttle.ts): memory on the embedded
// database (one process), else rate-limiter-flexible's table in schema `lookup_throttle`, shared by
// every API process, told apart from the lookups' counts by key prefix.
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from 'rate-limiter-flexible';
import type { AppConfig } from '../../platform/config';
import type { Database } from '../../prisma/database';
import { throttleClientOf } from './client-address';
import { THROTTLE_TABLE, type LookupThrottleStore } from './lookup-throttle';

export interface SignInLimits {
  failuresPerAccount: number;
  failuresPerClient: number;
  windowSeconds: number;
}

export interface SignInDecision {
  allowed: boolean;
  retryAfterSeconds?: number;
}

export interface SignInThrottle {
  check(username: string, client: string): Promise<SignInDecision>;
  recordFailure(username: string, client: string): Promise<void>;
  recordSuccess(username: string): Promise<void>;
}

/** Usernames are at most 64 characters; anything else is one key, so a caller cannot bloat the store. */
const accountKey = (username: string) => (username.length <= 64 ? username : '(not a username)');

export async function createSignInThrottle(
  limits: SignInLimits,
  store: LookupThrottleStore,
): Promise<SignInThrottle> {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a whole number, at least 1`);
  }
  const limiter = async (keyPrefix: string, points: number): Promise<RateLimiterAbstract> => {
    const duration = limits.windowSeconds;
    if (store.kind === 'memory') return new RateLimiterMemory({ keyPrefix, points, duration });
    // The table may not exist yet (the lookup throttle creates it too): the library creates it if absent.
    return new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { storeClient: store.pool, storeType: 'pool', ...THROTTLE_TABLE, keyPrefix, points, duration },
        (err) => (err ? reject(err) : resolve(created)),
      );
    });
  };
  const byAccount = await limiter('signInAccount', limits.failuresPerAccount);
  const byClient = await limiter('signInClient', limits.failuresPerClient);

  return {
    async check(username, address) {
      const [account, client] = await Promise.all([
        byAccount.get(accountKey(username)),
        byClient.get(throttleClientOf(address)),
      ]);
      const wait = Math.max(msUntilReopened(account), msUntilReopened(client));
      return wait === 0
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    },
    async recordFailure(username, address) {
      await Promise.all([
        byAccount.penalty(accountKey(username)),
        byClient.penalty(throttleClientOf(address)),
      ]);
    },
    async recordSuccess(username) {
      await byAccount.delete(accountKey(username));
    },
  };
}

function msUntilReopened(res: RateLimiterRes | null): number {
  return res && res.remainingPoints <= 0 && res.msBeforeNext > 0 ? res.msBeforeNext : 0;
}

export function signInLimitsFromConfig(config: AppConfig): SignInLimits {
  return {
    failuresPerAccount: config.SIGN_IN_FAILURES_PER_ACCOUNT,
    failuresPerClient: config.SIGN_IN_FAILURES_PER_CLIENT,
    windowSeconds: config.SIGN_IN_WINDOW_SECONDS,
  };
}

export function signInThrottleFor(config: AppConfig, db: Database): Promise<SignInThrottle> {
  return createSignInThrottle(
    signInLimitsFromConfig(config),
    db.pool ? { kind: 'postgres', pool: db.pool } : { kind: 'memory' },
  );
}
