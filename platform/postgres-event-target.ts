// An EventTarget shared by every process on one PostgreSQL database, for graphql-yoga's
// `createPubSub({ eventTarget })` (modelled on @graphql-yoga/redis-event-target): `dispatchEvent`
// NOTIFYs one channel with `{ t: topic, d: detail }`; a dedicated connection LISTENs on it and hands
// each notification to the local listeners of its topic. Payloads are small references (a dossier
// code, an escalation id): subscribers re-read the read model, so NOTIFY's 8000-byte limit is never
// near. Delivery is at most once: a notification sent while the LISTEN connection is down is lost,
// and the connection comes back with exponential backoff.
import type { TypedEvent, TypedEventTarget } from '@graphql-yoga/typed-event-target';
import { Client, Pool } from 'pg';

/** What the target logs (a pino logger fits). */
export interface EventTargetLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PostgresEventTargetOptions {
  connectionString: string;
  /** The NOTIFY channel; every process of one deployment must use the same. */
  channel?: string;
  /** First reconnect delay, doubled on each failed attempt up to `maxReconnectDelayMs` (with jitter). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How often the LISTEN connection is probed, so a silently dead socket is noticed. */
  heartbeatMs?: number;
  log?: EventTargetLog;
}

export interface PostgresEventTarget<TEvent extends TypedEvent> extends TypedEventTarget<TEvent> {
  /** Resolves once notifications are being received (the LISTEN connection is up); starts it if needed. */
  listening(): Promise<void>;
  /** Resolves once every NOTIFY dispatched so far has been sent. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_LIVE_CHANNEL = 'lien_thong_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

type Listener = EventListenerOrEventListenerObject;

const silent: EventTargetLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function createPostgresEventTarget<TEvent extends TypedEvent>(
  options: PostgresEventTargetOptions,
): PostgresEventTarget<TEvent> {
  const channel = options.channel ?? DEFAULT_LIVE_CHANNEL;
  if (!CHANNEL_NAME.test(channel)) throw new Error(`Invalid NOTIFY channel name ${JSON.stringify(channel)}`);
  const log = options.log ?? silent;
  const baseDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;

  const listenersByTopic = new Map<string, Set<Listener>>();
  let closed = false;

  // --- publishing: one pooled connection, so this process's notifications keep their order -------
  let pool: Pool | undefined;
  let lastSend: Promise<void> = Promise.resolve();
  function publisher(): Pool {
    if (!pool) {
      pool = new Pool({
        connectionString: options.connectionString,
        max: 1,
        idleTimeoutMillis: 60_000,
        application_name: 'lien-thong-live-notify',
      });
      // A dropped idle connection must not crash the process; the pool opens a new one on the next query.
      pool.on('error', (err) => log.warn({ err }, 'live events: publishing connection dropped'));
    }
    return pool;
  }

  // --- listening: one dedicated connection, started with the first listener --------------------
  let client: Client | undefined;
  let connecting: Promise<void> | undefined;
  let attempts = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let waiters: Array<() => void> = [];

  function deliver(message: { channel: string; payload?: string }): void {
    if (message.channel !== channel || !message.payload) return;
    let parsed: { t?: unknown; d?: unknown };
    try {
      parsed = JSON.parse(message.payload) as { t?: unknown; d?: unknown };
    } catch {
      log.warn({ channel }, 'live events: ignored a notification that is not JSON');
      return;
    }
    if (typeof parsed.t !== 'string') return;
    const listeners = listenersByTopic.get(parsed.t);
    if (!listeners) return;
    const event = new CustomEvent(parsed.t, { detail: parsed.d });
    for (const listener of [...listeners]) {
      try {
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      } catch (err) {
        log.error({ err, topic: parsed.t }, 'live events: a listener failed');
      }
    }
  }

  async function connect(): Promise<void> {
    const candidate = new Client({
      connectionString: options.connectionString,
      keepAlive: true,
      application_name: 'lien-thong-live-listen',
      query_timeout: 10_000,
      connectionTimeoutMillis: 10_000,
    });
    candidate.on('notification', deliver);
    candidate.on('error', (err) => dropped(candidate, err));
    candidate.on('end', () => dropped(candidate, new Error('connection ended')));
    try {
      await candidate.connect();
      await candidate.query(`LISTEN "${channel}"`);
    } catch (err) {
      candidate.removeAllListeners();
      candidate.on('error', () => undefined);
      await candidate.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await candidate.end().catch(() => undefined);
      return;
    }
    client = candidate;
    if (attempts > 0) log.info({ channel, attempts }, 'live events: listening again');
    attempts = 0;
    heartbeatTimer = setInterval(() => {
      candidate.query('SELECT 1').catch((err: unknown) => dropped(candidate, err));
    }, heartbeatMs);
    heartbeatTimer.unref();
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  function start(): Promise<void> {
    if (closed || client) return Promise.resolve();
    connecting ??= connect()
      .catch((err: unknown) => {
        attempts += 1;
        log.warn({ err, attempts }, 'live events: could not LISTEN; retrying');
        scheduleReconnect();
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const delay = Math.min(maxDelay, baseDelay * 2 ** Math.min(attempts, 16)) * (0.5 + Math.random() / 2);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void start();
    }, delay);
    reconnectTimer.unref();
  }

  function dropped(which: Client, err: unknown): void {
    if (which !== client) return; // a failed attempt (handled in connect) or an old connection
    client = undefined;
    clearInterval(heartbeatTimer);
    which.removeAllListeners();
    which.on('error', () => undefined);
    void which.end().catch(() => undefined);
    if (closed) return;
    attempts = 1;
    log.warn({ err }, 'live events: LISTEN connection lost; reconnecting');
    scheduleReconnect();
  }

  return {
    addEventListener(type: string, callback: Listener | null) {
      if (!callback || closed) return;
      let listeners = listenersByTopic.get(type);
      if (!listeners) listenersByTopic.set(type, (listeners = new Set()));
      listeners.add(callback);
      void start();
    },
    removeEventListener(type: string, callback: Listener | null) {
      if (!callback) return;
      const listeners = listenersByTopic.get(type);
      listeners?.delete(callback);
      if (listeners?.size === 0) listenersByTopic.delete(type);
    },
    dispatchEvent(event: TEvent) {
      if (closed) return false;
      const payload = JSON.stringify({ t: event.type, d: event.detail });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        log.error(
          { topic: event.type, bytes: Buffer.byteLength(payload) },
          'live events: payload too large for NOTIFY; dropped',
        );
        return false;
      }
      const send = publisher().query('SELECT pg_notify($1, $2)', [channel, payload]);
      lastSend = Promise.all([lastSend, send]).then(
        () => undefined,
        (err: unknown) => log.warn({ err, topic: event.type }, 'live events: NOTIFY failed; event lost'),
      );
      return true;
    },
    listening() {
      if (closed) return Promise.reject(new Error('live events: closed'));
      if (client) return Promise.resolve();
      const ready = new Promise<void>((resolve) => waiters.push(resolve));
      void start();
      return ready;
    },
    flushed: () => lastSend,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeatTimer);
      listenersByTopic.clear();
      await connecting;
      const listening = client;
      client = undefined;
      if (listening) {
        listening.removeAllListeners();
        listening.on('error', () => undefined);
        await listening.end().catch(() => undefined);
      }
      await lastSend;
      await pool?.end().catch(() => undefined);
      for (const resolve of waiters) resolve();
      waiters = [];
    },
  };
}
