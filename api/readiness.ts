// What `/healthz` answers: ready only when the database, Temporal and a worker are all up; each
// part that is not gets a line in `down` saying why. The worker is seen from the supervisor when it
// runs in this process (`npm start`), otherwise from the pollers Temporal saw on the task queue
// (`npm run api`, platform/task-queue-pollers.ts). Every probe has its own deadline, so a hung
// dependency makes /healthz answer "down", never hang.
import { probeDatabase } from '../prisma/read-model/health';
import type { WorkerHealth, WorkerStatus } from '../platform/worker-health';
import { pollerPresence, type PollerPresence } from '../platform/task-queue-pollers';
import type { ApiServices } from '../services/create-services';

export const PROBE_DEADLINE_MS = 2_000;

export type WorkerReadiness =
  | {
      source: 'this process';
      status: WorkerStatus;
      since: string;
      restarts: number;
      lastError?: { message: string; at: string };
      nextAttemptAt?: string;
    }
  | PollerPresence
  | { source: 'task-queue pollers'; status: 'UNKNOWN'; taskQueue: string };

export interface Readiness {
  ready: boolean;
  /** 'ok' or 'error: <why>'. */
  database: string;
  temporal: string;
  worker: WorkerReadiness;
  /** Each part that is down, with why; absent when ready. */
  down?: { database?: string; temporal?: string; worker?: string };
}

async function withDeadline<T>(probe: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${PROBE_DEADLINE_MS} ms`)),
      PROBE_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([probe(), late]);
  } finally {
    clearTimeout(timer);
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await withDeadline(probe);
    return 'ok';
  } catch (err) {
    return `error: ${messageOf(err)}`;
  }
}

function fromSupervisor(health: WorkerHealth): { worker: WorkerReadiness; down?: string } {
  const worker: WorkerReadiness = {
    source: 'this process',
    status: health.status,
    since: health.since.toISOString(),
    restarts: health.restarts,
    ...(health.lastError
      ? { lastError: { message: health.lastError.message, at: health.lastError.at.toISOString() } }
      : {}),
    ...(health.nextAttemptAt ? { nextAttemptAt: health.nextAttemptAt.toISOString() } : {}),
  };
  if (health.status === 'RUNNING') return { worker };
  const after = health.lastError ? ` after: ${health.lastError.message}` : '';
  return { worker, down: `${health.status} since ${worker.since}${after}` };
}

async function fromTemporal(services: ApiServices): Promise<{ worker: WorkerReadiness; down?: string }> {
  const { temporal, taskQueue } = services;
  try {
    // The gRPC deadline ends the call itself; withDeadline bounds the whole probe.
    const { down, ...worker } = await withDeadline(() =>
      temporal.connection.withDeadline(Date.now() + PROBE_DEADLINE_MS, () =>
        pollerPresence(temporal, taskQueue),
      ),
    );
    return { worker, down };
  } catch (err) {
    const down = `could not ask Temporal for the pollers of task queue ${taskQueue}: ${messageOf(err)}`;
    return { worker: { source: 'task-queue pollers', status: 'UNKNOWN', taskQueue }, down };
  }
}

export async function readiness(services: ApiServices): Promise<Readiness> {
  const { temporal } = services;
  const [database, temporalState, worker] = await Promise.all([
    check(() => probeDatabase(services.prisma)),
    check(() =>
      temporal.connection.withDeadline(Date.now() + PROBE_DEADLINE_MS, () =>
        temporal.workflowService.getSystemInfo({}),
      ),
    ),
    services.workerHealth ? fromSupervisor(services.workerHealth()) : fromTemporal(services),
  ]);
  const down: NonNullable<Readiness['down']> = {};
  if (database !== 'ok') down.database = database;
  if (temporalState !== 'ok') down.temporal = temporalState;
  if (worker.down) down.worker = worker.down;
  const ready = Object.keys(down).length === 0;
  return { ready, database, temporal: temporalState, worker: worker.worker, ...(ready ? {} : { down }) };
}
