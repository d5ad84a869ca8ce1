// Keeps the worker of `npm start` alive. A Temporal SDK worker that hits a fatal error stops for
// good (its `run()` rejects) while the rest of the process (API, simulators) carries on, so nothing
// would process a dossier again. The supervisor watches each worker, logs why it stopped, waits
// (exponential backoff, reset once a worker has stayed up for a while) and starts a fresh one from
// the factory; its `health()` is what `/healthz` reports. `stop()` ends it without a restart.
//
//   STARTING ──start ok──▶ RUNNING ──fails or stops unasked──▶ RESTARTING ──backoff──▶ STARTING
//      └────────start fails───────────────────────────────────────▲
//   stop(): from any state to STOPPED (a running worker is shut down and awaited first)
import type { Logger } from '../platform/logger';
import type { WorkerHealth, WorkerStatus } from '../platform/worker-health';

/** One life of a worker: made by the factory, run until it stops, then closed and thrown away. */
export interface WorkerLife {
  /** Resolves when the worker stopped after `shutdown()`; rejects with the reason it failed. */
  run(): Promise<void>;
  /** Asks the running worker to finish the tasks in hand and stop; a no-op once it is not running. */
  shutdown(): void;
  /** Releases what this life alone holds (its connection); called once `run()` settled. */
  close(): Promise<void>;
}

export interface BackoffPolicy {
  /** Wait before the first restart. */
  initialMs: number;
  /** The wait doubles after each failure up to this. */
  maxMs: number;
  /** A worker that ran this long before failing starts the waits from `initialMs` again. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };

export interface WorkerSupervisor {
  health(): WorkerHealth;
  /** Stops the worker for good; resolves once it has stopped. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface WorkerSupervisorOptions {
  /** Makes a new worker, ready to run (a new connection and `Worker.create`). */
  start: () => Promise<WorkerLife>;
  logger: Logger;
  backoff?: Partial<BackoffPolicy>;
}

const messageOf = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export function superviseWorker(options: WorkerSupervisorOptions): WorkerSupervisor {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const log = options.logger;
  let health: WorkerHealth = { status: 'STARTING', since: new Date(), restarts: 0 };
  let stopping = false;
  let current: WorkerLife | undefined;
  let cancelWait: (() => void) | undefined;

  const enter = (status: WorkerStatus, changes: Partial<WorkerHealth> = {}) => {
    health = { ...health, nextAttemptAt: undefined, ...changes, status, since: new Date() };
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (cancelWait = undefined));

  /** One life from start to stop: why it ended unasked (none after `stop()`), whether it started, how long it ran. */
  async function live(): Promise<{ failure?: unknown; started: boolean; ranMs: number }> {
    let life: WorkerLife;
    try {
      life = await options.start();
    } catch (err) {
      return { failure: err, started: false, ranMs: 0 };
    }
    const runningSince = Date.now();
    // Run even when stop() came during the start: a created worker is only released by running it.
    const running = life.run();
    current = life;
    if (stopping) life.shutdown();
    else {
      enter('RUNNING');
      if (health.restarts > 0) log.info({ restarts: health.restarts }, 'the worker is running again');
    }
    let failure: unknown;
    try {
      await running;
      if (!stopping) failure = new Error('the worker stopped without being asked to');
    } catch (err) {
      failure = err;
    }
    current = undefined;
    await life
      .close()
      .catch((err: unknown) => log.warn({ err }, 'could not close the connection of the stopped worker'));
    if (stopping && failure !== undefined)
      log.error({ err: failure }, `the worker failed while stopping: ${messageOf(failure)}`);
    return { failure: stopping ? undefined : failure, started: true, ranMs: Date.now() - runningSince };
  }

  async function superviseLives(): Promise<void> {
    let delayMs = 0;
    while (!stopping) {
      const { failure, started, ranMs } = await live();
      if (stopping) break;
      delayMs =
        delayMs === 0 || ranMs >= backoff.stableAfterMs
          ? backoff.initialMs
          : Math.min(delayMs * 2, backoff.maxMs);
      const at = new Date();
      enter('RESTARTING', {
        lastError: { message: messageOf(failure), at },
        nextAttemptAt: new Date(at.getTime() + delayMs),
      });
      log.error(
        { err: failure, ranMs, restarts: health.restarts, restartInMs: delayMs },
        `${started ? 'the worker stopped' : 'the worker could not start'}: ${messageOf(failure)}; starting a new one in ${delayMs / 1000} s`,
      );
      await wait(delayMs);
      if (!stopping) enter('STARTING', { restarts: health.restarts + 1 });
    }
    enter('STOPPED');
  }

  const supervising = superviseLives().catch((err: unknown) => {
    // Not expected (every failure of a worker is caught above), but never an unhandled rejection.
    log.fatal({ err }, `the worker supervisor itself failed: ${messageOf(err)}`);
    enter('STOPPED', { lastError: { message: messageOf(err), at: new Date() } });
  });
  return {
    health: () => ({ ...health }),
    async stop() {
      stopping = true;
      cancelWait?.();
      current?.shutdown();
      await supervising;
    },
  };
}
