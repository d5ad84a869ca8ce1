// Configuration from the environment, validated once at start with one clear message per mistake.
// Every setting has a default that runs the whole system on one machine with nothing installed.
import path from 'node:path';
import { z } from 'zod';
import { textProblem } from '../domain/text/well-formed';
import { devPayloadKeys, parsePayloadKeys, type PayloadKey } from './encryption/payload-keys';
import { issuePath } from '../domain/zod-issues';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
        .optional(),
    ),
    /**
     * Connections each API or worker process keeps to PostgreSQL (the read model and the throttle;
     * live events take one more, for LISTEN). docs/DEPLOYMENT.md sizes it.
     */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
    DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
    TEMPORAL_ADDRESS: optionalString,
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_API_KEY: optionalString,
    TEMPORAL_TLS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Mutual TLS to a self-hosted cluster (platform/temporal-connection.ts): PEM files of this
     * process's client certificate and key (both or neither), the CA that signed the server's
     * certificate (unset: the system's), and the name to check it against (unset: the address's
     * host). Any of them turns TLS on.
     */
    TEMPORAL_TLS_CERT_PATH: optionalString,
    TEMPORAL_TLS_KEY_PATH: optionalString,
    TEMPORAL_TLS_CA_PATH: optionalString,
    TEMPORAL_TLS_SERVER_NAME: optionalString,
    TEMPORAL_UI_PORT: port.default(8233),
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_HEADLESS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    TASK_QUEUE: z.string().min(1).default('lien-thong'),
    /** `npm run worker`: a prebuilt workflow bundle (`bundleWorkflowCode` output) to load instead of bundling at start. */
    WORKFLOW_BUNDLE_PATH: optionalString,
    /**
     * Workflows the worker keeps in memory between tasks (Temporal's sticky cache). One that is not
     * cached is replayed from its whole history when its next timer or update comes: several times
     * the work. Unset: the SDK sizes it from the heap limit (about 2,300 with Node's default limit).
     */
    WORKER_MAX_CACHED_WORKFLOWS: optionalString
      .transform((v) => (v === undefined ? v : Number(v)))
      .pipe(z.number().int().min(0).optional()),
    SIMULATOR_BASE_PORT: port.default(4100),
    /**
     * How long an API request waits on Temporal (a start, an action) before a coded answer
     * (ENGINE_UNAVAILABLE / ACTION_PENDING, see services/actions/engine-deadline.ts). An action not taken
     * within it is never taken later.
     */
    ENGINE_DEADLINE_SECONDS: z.coerce.number().min(1).max(120).default(5),
    /** Public URL where agency systems POST callbacks (unset: agencies must answer synchronously). */
    CALLBACK_URL: optionalString,
    /** Where citizens open public tracking: the receipt's QR code points at `<this>/tra-cuu?code=…&key=…`. */
    PUBLIC_BASE_URL: optionalString,
    NODE_ENV: z.string().default('development'),
    /** Derives the lookup keys printed on receipts; changing it invalidates every issued key. */
    LOOKUP_KEY_SECRET: optionalString,
    /**
     * Encrypt what Temporal stores (platform/encryption/encryption-codec.ts): `id:base64,…`, 32 bytes each, the first
     * encrypts, all decrypt. Unset: a dev key in DATA_DIR; required when NODE_ENV=production.
     */
    PAYLOAD_ENCRYPTION_KEYS: optionalString.transform((spec, ctx): PayloadKey[] | undefined => {
      if (spec === undefined) return undefined;
      const { keys, problems } = parsePayloadKeys(spec);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return keys;
    }),
    /** Browser origins (the Temporal Web UI's) allowed to call the codec endpoint /codec, comma separated. */
    CODEC_CORS_ORIGINS: optionalString.pipe(
      z
        .string()
        .refine(
          (v) => v.split(',').every((o) => /^https?:\/\/[^/\s*]+$/.test(o.trim())),
          'must be origins such as http://127.0.0.1:8233, comma separated (no `*`: the codec answers with decrypted data)',
        )
        .optional(),
    ),
    /** Stored (hashed) as an ADMIN API key at start, so a fresh install can be administered. */
    ADMIN_API_KEY: optionalString.pipe(
      z
        .string()
        .min(24, 'must be at least 24 characters (a long random value, e.g. `openssl rand -base64 32`)')
        .optional(),
    ),
    /**
     * How many reverse proxies stand in front of the API (`true`: one): the client is then the
     * `X-Forwarded-For` entry that many places from the right (services/access/client-address.ts), else the socket's address.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default('false')
      .refine(
        (v) => /^(true|false|\d)$/.test(v),
        'must be `false`, `true` (one proxy) or the number of proxies in front of the API (0-9)',
      )
      .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
    /**
     * Lookups by receipt code and lookup key (services/access/lookup-throttle.ts): failed lookups allowed per
     * client in each window, over all codes and on any one code; at LOOKUP_WARN_FAILURES_PER_DOSSIER
     * failures on one code from all clients together, a warning is logged (nobody is refused for it).
     */
    LOOKUP_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(20),
    LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER: z.coerce.number().int().min(1).default(5),
    LOOKUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    LOOKUP_WARN_FAILURES_PER_DOSSIER: z.coerce.number().int().min(1).default(50),
    /**
     * People's sessions (services/access/sessions.ts): a session ends SESSION_ABSOLUTE_SECONDS after
     * sign-in, or earlier after SESSION_IDLE_SECONDS without a request. SESSION_COOKIE_SECURE marks the
     * cookie `Secure` (HTTPS only); unset: on in production, off otherwise (plain http on loopback).
     */
    SESSION_ABSOLUTE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(8 * 3600),
    SESSION_IDLE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(30 * 60),
    SESSION_COOKIE_SECURE: optionalString.pipe(
      z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => (v === undefined ? undefined : v === 'true')),
    ),
    /** Failed sign-ins allowed per username and per client in each window (services/access/sign-in-throttle.ts). */
    SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    SIGN_IN_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(50),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * How live subscription events travel from the read-model writer (worker) to the API: `memory`
     * (one process) or `postgres` (LISTEN/NOTIFY on DATABASE_URL). Unset: `memory` for `npm start`,
     * `postgres` for `npm run api` / `npm run worker`.
     */
    LIVE_EVENTS: optionalString.pipe(z.enum(['memory', 'postgres']).optional()),
    /** Browser origins allowed to call the API, comma separated (`*`: any). Unset: none in production, any otherwise. */
    CORS_ORIGINS: optionalString,
    /**
     * The national public-service portal (docs/national-portal.md). Unset: `npm run worker` sends
     * nothing (the outbox keeps filling); `npm start` runs the simulated portal and sends to it.
     */
    NATIONAL_PORTAL_URL: optionalString,
    NATIONAL_PORTAL_USERNAME: z.string().min(1).default('lienthong'),
    NATIONAL_PORTAL_PASSWORD: z.string().min(1).default('lienthong-dev'),
    /** The province's unit code (madonvi) on the national portal. */
    NATIONAL_PORTAL_UNIT_CODE: z.string().min(1).default('000.00.00.H99'),
    /** `npm start`: the simulated national portal's port. */
    NATIONAL_PORTAL_SIMULATOR_PORT: port.default(4090),
    /** Prometheus metrics (platform/observability/metrics.ts); `false` turns the recording off (benchmarks compare). */
    METRICS_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * Scrapes of /metrics must send `Authorization: Bearer <token>`. Unset: /metrics is open outside
     * production; in production the API then does not serve it (the worker's listener stays on WORKER_METRICS_HOST).
     */
    METRICS_TOKEN: optionalString.pipe(
      z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 16`)').optional(),
    ),
    /** `npm run worker`: the port of its /metrics listener (unset: none). */
    WORKER_METRICS_PORT: optionalString
      .transform((v) => (v === undefined ? v : Number(v)))
      .pipe(z.number().int().min(0).max(65535).optional()),
    WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
    /** host:port where the Temporal SDK's own worker metrics are served for Prometheus (unset: not collected). */
    TEMPORAL_METRICS_ADDRESS: optionalString.pipe(
      z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9465')
        .optional(),
    ),
    /** OpenTelemetry traces go to this OTLP/HTTP collector (the standard variable); unset: tracing is off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url().optional()),
    /** TEST ONLY, refused in production: makes the worker fail on purpose (worker/test-fault-switch.ts). */
    LIEN_THONG_TEST_FAULT: optionalString,
  })
  .superRefine((config, ctx) => {
    if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message:
          'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together (the client certificate and its key)',
      });
    }
    if (config.LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER > config.LOOKUP_FAILURES_PER_CLIENT) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER'],
        message: `must not exceed LOOKUP_FAILURES_PER_CLIENT (${config.LOOKUP_FAILURES_PER_CLIENT})`,
      });
    }
    // One client adds at most twice its per-code allowance to a code's window (the two windows need
    // not be aligned): above that, the warning always means several clients.
    if (config.LOOKUP_WARN_FAILURES_PER_DOSSIER <= 2 * config.LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOOKUP_WARN_FAILURES_PER_DOSSIER'],
        message: `must exceed twice LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER (${2 * config.LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER}), or one client alone could raise it`,
      });
    }
  });

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  // Every setting is text from outside: control characters (a pasted newline in a URL) and
  // ill-formed Unicode are refused like any other bad value, before anything uses them.
  const illFormed = Object.keys(envSchema.shape).flatMap((name) => {
    const problem = env[name] === undefined ? undefined : textProblem(env[name]!, { singleLine: true });
    return problem ? [`  ${name}: ${problem}`] : [];
  });
  if (!parsed.success || illFormed.length) {
    const lines = [
      ...illFormed,
      ...(parsed.error?.issues ?? []).map((i) => `  ${issuePath(i.path)}: ${i.message}`),
    ];
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

const DEV_LOOKUP_KEY_SECRET = 'lien-thong-dev-lookup-key-secret';

export function lookupKeySecret(config: AppConfig): string {
  if (config.LOOKUP_KEY_SECRET) return config.LOOKUP_KEY_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  LOOKUP_KEY_SECRET: required when NODE_ENV=production');
  }
  return DEV_LOOKUP_KEY_SECRET;
}

/**
 * The keys of the payload codec: PAYLOAD_ENCRYPTION_KEYS, or outside production a development key
 * made once in DATA_DIR (shared by every process started from this directory).
 */
export function payloadEncryptionKeys(config: AppConfig): PayloadKey[] {
  if (config.PAYLOAD_ENCRYPTION_KEYS) return config.PAYLOAD_ENCRYPTION_KEYS;
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: required when NODE_ENV=production (`id:base64` of 32 random bytes, e.g. `k1:$(openssl rand -base64 32)`); personal data in Temporal is encrypted with it',
    );
  }
  try {
    return devPayloadKeys(config.DATA_DIR);
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: unset, and the development key could not be used: ${(err as Error).message}`,
    );
  }
}

/** The production entry points run as separate processes, so they need real shared services. */
export function requireProductionServices(config: AppConfig, part: string): void {
  const missing: string[] = [];
  if (!config.DATABASE_URL) {
    missing.push(
      `  DATABASE_URL: required by ${part}; the embedded database serves one process only (use \`npm start\` to run everything in one).`,
    );
  }
  if (!config.TEMPORAL_ADDRESS) {
    missing.push(`  TEMPORAL_ADDRESS: required by ${part} (host:port of the Temporal frontend).`);
  }
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
}

/**
 * The live-events transport for an entry point. `single`: worker and API in this process (`npm
 * start`); `separate`: `npm run api` / `npm run worker`, which only meet through PostgreSQL.
 */
export function liveEventsKind(config: AppConfig, processes: 'single' | 'separate'): 'memory' | 'postgres' {
  const kind = config.LIVE_EVENTS ?? (processes === 'single' ? 'memory' : 'postgres');
  if (kind === 'postgres' && !config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  LIVE_EVENTS: `postgres` needs DATABASE_URL (LISTEN/NOTIFY on the read-model database).',
    );
  }
  if (kind === 'memory' && processes === 'separate') {
    throw new ConfigError(
      'Invalid configuration:\n  LIVE_EVENTS: `memory` cannot reach subscribers when the API and the worker run as separate processes; use `postgres`.',
    );
  }
  return kind;
}

/** Yoga's `cors` option: the configured origins, `*` in development, none (no CORS headers) in production. */
export function corsOrigins(config: AppConfig): string[] | false {
  const origins = (config.CORS_ORIGINS ?? (config.NODE_ENV === 'production' ? '' : '*'))
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return origins.length ? origins : false;
}

/** Browser origins allowed to call the codec endpoint: CODEC_CORS_ORIGINS plus, for `npm start`, its own Web UI's. */
export function codecCorsOrigins(config: AppConfig, embeddedUi?: string): string[] {
  const configured = (config.CODEC_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const embedded = embeddedUi
    ? [new URL(embeddedUi).origin, new URL(embeddedUi).origin.replace('127.0.0.1', 'localhost')]
    : [];
  return [...new Set([...configured, ...embedded])];
}
