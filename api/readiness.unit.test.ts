// /healthz's verdict with fake dependencies: each probe bounded by its own deadline, the worker seen
// from the supervisor or from the task queue's pollers, and `down` saying which part is down and why.
import type { ApiServices } from '../services/create-services';
import { PROBE_DEADLINE_MS, readiness } from './readiness';
import type { WorkerHealth } from '../platform/worker-health';
import { LIVE_POLLER_WITHIN_MS } from '../platform/task-queue-pollers';

const hang = () => new Promise<never>(() => undefined);
const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

function services(options: {
  database?: () => Promise<unknown>;
  systemInfo?: () => Promise<unknown>;
  /** Latest poll per task queue type (1 workflow, 2 activity), in ms; absent: no poller. */
  polls?: () => Promise<Record<number, number | undefined>>;
  workerHealth?: () => WorkerHealth;
}): ApiServices {
  const temporal = {
    options: { namespace: 'default' },
    connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    workflowService: {
      getSystemInfo: options.systemInfo ?? (async () => ({})),
      describeTaskQueue: async ({ taskQueueType }: { taskQueueType: number }) => {
        const polls: Record<number, number | undefined> = options.polls ? await options.polls() : {};
        const at = polls[taskQueueType];
        return { pollers: at === undefined ? [] : [{ identity: 'w@host', lastAccessTime: timestamp(at) }] };
      },
    },
  };
  return {
    prisma: { $queryRaw: options.database ?? (async () => [{ '?column?': 1 }]) },
    temporal,
    taskQueue: 'lien-thong',
    workerHealth: options.workerHealth,
  } as unknown as ApiServices;
}

afterEach(() => jest.useRealTimers());

test('every probe has its own deadline: hung dependencies make /healthz answer "down", not hang', async () => {
  jest.useFakeTimers();
  const verdict = readiness(services({ database: hang, systemInfo: hang, polls: hang }));
  await jest.advanceTimersByTimeAsync(PROBE_DEADLINE_MS);
  const late = `no answer within ${PROBE_DEADLINE_MS} ms`;
  await expect(verdict).resolves.toEqual({
    ready: false,
    database: `error: ${late}`,
    temporal: `error: ${late}`,
    worker: { source: 'task-queue pollers', status: 'UNKNOWN', taskQueue: 'lien-thong' },
    down: {
      database: `error: ${late}`,
      temporal: `error: ${late}`,
      worker: `could not ask Temporal for the pollers of task queue lien-thong: ${late}`,
    },
  });
});

test("in the worker's process: ready only while the supervisor says RUNNING", async () => {
  const since = new Date('2026-12-02T15:51:42.620Z');
  const lastError = { message: 'TypeError: Cannot decode Completion from buffer', at: since };
  const restarting: WorkerHealth = {
    status: 'RESTARTING',
    since,
    restarts: 2,
    lastError,
    nextAttemptAt: new Date(since.getTime() + 4000),
  };
  const down = await readiness(services({ workerHealth: () => restarting, polls: hang }));
  expect(down).toEqual({
    ready: false,
    database: 'ok',
    temporal: 'ok',
    worker: {
      source: 'this process',
      status: 'RESTARTING',
      since: '2026-12-02T15:51:42.620Z',
      restarts: 2,
      lastError: { message: lastError.message, at: '2026-12-02T15:51:42.620Z' },
      nextAttemptAt: '2026-12-02T15:51:46.620Z',
    },
    down: {
      worker:
        'RESTARTING since 2026-12-02T15:51:42.620Z after: TypeError: Cannot decode Completion from buffer',
    },
  });
  const up = await readiness(
    services({ workerHealth: () => ({ ...restarting, status: 'RUNNING', nextAttemptAt: undefined }) }),
  );
  expect(up).toMatchObject({ ready: true, worker: { status: 'RUNNING', restarts: 2 } });
  expect(up.down).toBeUndefined();
});

test('from the pollers: a worker is up while both kinds of task were polled within the freshness window', async () => {
  const now = Date.now();
  const fresh = now - 10_000;
  const up = await readiness(services({ polls: async () => ({ 1: fresh, 2: fresh }) }));
  expect(up).toMatchObject({
    ready: true,
    worker: {
      source: 'task-queue pollers',
      status: 'POLLING',
      lastPollAt: { workflow: new Date(fresh).toISOString() },
    },
  });

  const stale = now - LIVE_POLLER_WITHIN_MS - 5_000;
  const down = await readiness(services({ polls: async () => ({ 1: fresh, 2: stale }) }));
  expect(down).toMatchObject({
    ready: false,
    database: 'ok',
    temporal: 'ok',
    worker: { status: 'NOT_POLLING' },
  });
  expect(down.down).toEqual({
    worker: 'no worker has polled task queue lien-thong for activity tasks in the last 75 s',
  });
});
