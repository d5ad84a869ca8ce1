// Throttles anonymous lookups by receipt code and lookup key (`trackDossier`), so that neither the
// keys of one dossier nor the codes of many can be guessed. Only FAILED lookups count, per client
// address and per dossier code, in a sliding window; past either limit every lookup (a correct key
// included) is refused with RATE_LIMITED until enough failures have aged out of the window.
//
// `LookupThrottle` is asynchronous so that a store shared by every API instance (a PostgreSQL table,
// Redis) can replace the in-memory default when the API runs on several machines: with the default,
// each instance counts on its own, so N instances allow up to N times the limits.
import { DomainError } from '../domain/errors';
import { loadConfig } from '../infra/config';

export interface ThrottleDecision {
  allowed: boolean;
  /** When refused: seconds until the oldest counted failure leaves the window. */
  retryAfterSeconds?: number;
  /** When refused: which limit was reached. */
  limitedBy?: 'client' | 'dossier';
}

export interface LookupThrottle {
  /** Whether `client` may look up `dossierCode` now. Counts nothing. */
  check(client: string, dossierCode: string): Promise<ThrottleDecision>;
  /** Counts one failed lookup (unknown code or wrong key) against both the client and the code. */
  recordFailure(client: string, dossierCode: string): Promise<void>;
}

export interface LookupLimits {
  failuresPerClient: number;
  failuresPerDossier: number;
  windowMs: number;
}

export interface MemoryLookupThrottleOptions extends LookupLimits {
  /** At most this many clients and this many codes are tracked; the least recently failed are dropped first. */
  maxTrackedKeys?: number;
  now?: () => number;
}

/**
 * Sliding-window log in memory. Memory is bounded twice over: each key keeps at most `limit`
 * timestamps (only the newest `limit` failures can decide a refusal), and each map at most
 * `maxTrackedKeys` keys, evicting the least recently failed (Map insertion order, refreshed on
 * every failure) and, on the way, any whose failures have all left the window.
 */
export class MemoryLookupThrottle implements LookupThrottle {
  private readonly clients = new Map<string, number[]>();
  private readonly dossiers = new Map<string, number[]>();
  private readonly maxTrackedKeys: number;
  private readonly now: () => number;

  constructor(private readonly limits: MemoryLookupThrottleOptions) {
    for (const [name, value] of Object.entries({ failuresPerClient: limits.failuresPerClient, failuresPerDossier: limits.failuresPerDossier, windowMs: limits.windowMs })) {
      if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be at least 1`);
    }
    this.maxTrackedKeys = limits.maxTrackedKeys ?? 50_000;
    this.now = limits.now ?? Date.now;
  }

  check(client: string, dossierCode: string): Promise<ThrottleDecision> {
    const now = this.now();
    const byClient = this.retryAfter(this.clients, client, this.limits.failuresPerClient, now);
    const byDossier = this.retryAfter(this.dossiers, dossierCode, this.limits.failuresPerDossier, now);
    if (byClient === undefined && byDossier === undefined) return Promise.resolve({ allowed: true });
    const limitedBy = (byClient ?? 0) >= (byDossier ?? 0) ? 'client' : 'dossier';
    const waitMs = Math.max(byClient ?? 0, byDossier ?? 0);
    return Promise.resolve({ allowed: false, limitedBy, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  }

  recordFailure(client: string, dossierCode: string): Promise<void> {
    const now = this.now();
    this.add(this.clients, client, this.limits.failuresPerClient, now);
    this.add(this.dossiers, dossierCode, this.limits.failuresPerDossier, now);
    return Promise.resolve();
  }

  /** How many keys are tracked (for tests and metrics). */
  size(): { clients: number; dossiers: number } {
    return { clients: this.clients.size, dossiers: this.dossiers.size };
  }

  /** Milliseconds until `key` drops below `limit` failures in the window; undefined when below already. */
  private retryAfter(map: Map<string, number[]>, key: string, limit: number, now: number): number | undefined {
    const times = map.get(key);
    if (!times) return undefined;
    const live = times.filter((t) => t > now - this.limits.windowMs);
    if (live.length === 0) {
      map.delete(key);
      return undefined;
    }
    if (live.length < limit) return undefined;
    // Refused until the oldest of the newest `limit` failures leaves the window.
    return live[live.length - limit] + this.limits.windowMs - now;
  }

  private add(map: Map<string, number[]>, key: string, limit: number, now: number): void {
    const times = (map.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    times.push(now);
    if (times.length > limit) times.splice(0, times.length - limit);
    map.delete(key); // re-inserted last: the map's order is least recently failed first
    map.set(key, times);
    this.evict(map, now);
  }

  private evict(map: Map<string, number[]>, now: number): void {
    for (const [key, times] of map) {
      if (map.size <= this.maxTrackedKeys && times[times.length - 1] > now - this.limits.windowMs) break;
      map.delete(key);
    }
  }
}

export function lookupLimitsFromConfig(env: NodeJS.ProcessEnv = process.env): LookupLimits {
  const config = loadConfig(env);
  return {
    failuresPerClient: config.LOOKUP_FAILURES_PER_CLIENT,
    failuresPerDossier: config.LOOKUP_FAILURES_PER_DOSSIER,
    windowMs: config.LOOKUP_WINDOW_SECONDS * 1000,
  };
}

let current: LookupThrottle | undefined;

/** The process's throttle: by default in memory, with the limits from the environment. */
export function lookupThrottle(): LookupThrottle {
  current ??= new MemoryLookupThrottle(lookupLimitsFromConfig());
  return current;
}

/** Replaces the process's throttle: a shared store in a multi-instance deployment, or a fresh one in tests. */
export function setLookupThrottle(throttle: LookupThrottle): void {
  current = throttle;
}

/**
 * The caller's address as the throttle counts it: the first hop of `X-Forwarded-For` when
 * `TRUST_PROXY=true` (only behind a proxy that sets that header itself), else the socket's address.
 * IPv4 addresses mapped into IPv6 (`::ffff:127.0.0.1`) are shown as IPv4.
 */
export function clientIpOf(
  forwardedFor: string | null | undefined,
  socketAddress: string | null | undefined,
  trustProxy: boolean,
): string {
  const forwarded = trustProxy ? forwardedFor?.split(',')[0]?.trim() : undefined;
  const address = forwarded || socketAddress || 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

let trustProxySetting: boolean | undefined;
/** `TRUST_PROXY` from the environment, read once (the entry points have validated it at start). */
export function trustProxy(): boolean {
  trustProxySetting ??= loadConfig().TRUST_PROXY;
  return trustProxySetting;
}

/**
 * Runs an anonymous lookup by receipt code and lookup key under the throttle: refused with
 * RATE_LIMITED past a limit; `attempt` answers undefined for an unknown code or a wrong key, which
 * counts as a failure and answers DOSSIER_NOT_FOUND (the same for both, so codes cannot be probed).
 */
export async function throttledLookup<T>(client: string, dossierCode: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const throttle = lookupThrottle();
  const decision = await throttle.check(client, dossierCode);
  if (!decision.allowed) {
    throw new DomainError('RATE_LIMITED', `Too many failed lookups; try again in ${decision.retryAfterSeconds} s`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const found = await attempt();
  if (found === undefined) {
    await throttle.recordFailure(client, dossierCode);
    throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${dossierCode} with that lookup key`);
  }
  return found;
}
