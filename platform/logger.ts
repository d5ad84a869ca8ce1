// The one structured logger (pino, JSON lines on stdout) and the request scope that lets any code
// running for an HTTP request log with that request's id. Level from LOG_LEVEL (platform/config.ts).
// Never log request variables or bodies: they may hold applicants' personal data.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'lien-thong' },
      // Belt and braces: should a header or body ever reach a log call, the secrets stay out.
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', 'variables', '*.variables'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

const envLevel = process.env.LOG_LEVEL as LogLevel | undefined;
/** The process's logger; entry points set its level from the validated configuration (`configureLogger`). */
export const logger: Logger = createLogger({
  level: envLevel && LOG_LEVELS.includes(envLevel) ? envLevel : 'info',
});

export function configureLogger(config: { LOG_LEVEL: LogLevel }): Logger {
  logger.level = config.LOG_LEVEL;
  return logger;
}

// --- request scope -----------------------------------------------------------------------------

export interface RequestScope {
  requestId: string;
  log: Logger;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (and everything it awaits) as part of the request `requestId`. */
export function runInRequestScope<T>(requestId: string, log: Logger, work: () => T): T {
  return scope.run({ requestId, log: log.child({ requestId }) }, work);
}

export const currentRequestScope = (): RequestScope | undefined => scope.getStore();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The caller's `x-request-id` when it is a sane token (no log injection), else a fresh UUID. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}
