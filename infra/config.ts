// Configuration from the environment, validated once at start with one clear message per mistake.
// Every setting has a default that runs the whole system on one machine with nothing installed.
import path from 'node:path';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  ),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_HEADLESS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TASK_QUEUE: z.string().min(1).default('lien-thong'),
  SIMULATOR_BASE_PORT: port.default(4100),
  /** Public URL where agency systems POST callbacks (unset: agencies must answer synchronously). */
  CALLBACK_URL: optionalString,
  NODE_ENV: z.string().default('development'),
  /** Derives the lookup keys printed on receipts; changing it invalidates every issued key. */
  LOOKUP_KEY_SECRET: optionalString,
  /** Stored (hashed) as an ADMIN API key at start, so a fresh install can be administered. */
  ADMIN_API_KEY: optionalString.pipe(
    z.string().min(24, 'must be at least 24 characters (a long random value, e.g. `openssl rand -base64 32`)').optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
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
