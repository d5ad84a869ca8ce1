// The first error that made a Temporal SDK worker fail, as the SDK reported it. `Worker.run()` does
// not always reject with it: in SDK 1.24, when a worker fails with dossiers still in its cache,
// tearing down the shared workflow sandbox throws "Workflow execution context should have been
// disposed first", and that later error is what `run()` rejects with. The SDK logs the real one
// first ("Worker failed", with the task queue), so the runtime's logger passes through here and
// keeps it for whoever must say why the worker stopped (worker/dossier-worker-life.ts).
import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';

const WORKER_FAILED = 'Worker failed';
const firstFailures = new Map<string, unknown>();

/** `logger` unchanged, but each worker's first fatal error is also kept by task queue. */
export function keepingWorkerFailures(logger: Logger): Logger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (
      level === 'ERROR' &&
      message === WORKER_FAILED &&
      typeof meta?.taskQueue === 'string' &&
      !firstFailures.has(meta.taskQueue)
    ) {
      firstFailures.set(meta.taskQueue, meta.error);
    }
    logger.log(level, message, meta);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** Forgets what an earlier worker of `taskQueue` reported, before a new one runs. */
export function forgetWorkerFailure(taskQueue: string): void {
  firstFailures.delete(taskQueue);
}

/** The first error the SDK reported for the worker of `taskQueue` since it started, if any. */
export function takeWorkerFailure(taskQueue: string): unknown {
  const failure = firstFailures.get(taskQueue);
  firstFailures.delete(taskQueue);
  return failure;
}
