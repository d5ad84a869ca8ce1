// The supervisor's rules with fake workers and fake timers: restart after a failure with the reason
// logged, backoff doubling to its cap and reset after a stable run, no restart once stopped.
import { Writable } from 'node:stream';
import { createLogger } from '../platform/logger';
import { superviseWorker, type WorkerLife, type WorkerSupervisor } from './supervisor';

/** A worker whose end the test decides: `fail(err)`, `end()` (stops unasked), or `shutdown()` as the SDK does. */
class FakeWorker implements WorkerLife {
  shutdownCalls = 0;
  closed = false;
  private settle!: { resolve: () => void; reject: (err: unknown) => void };
  private readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
  run = () => this.done;
  shutdown = () => {
    this.shutdownCalls += 1;
    this.settle.resolve();
  };
  close = async () => {
    this.closed = true;
  };
  fail(err: unknown) {
    this.settle.reject(err);
  }
  end() {
    this.settle.resolve();
  }
}

interface Rig {
  supervisor: WorkerSupervisor;
  workers: FakeWorker[];
  /** Start attempts, in order: a worker, or the error the factory threw. */
  attempts: Array<FakeWorker | Error>;
  logs: Array<{ level: number; msg: string; err?: { message: string }; restartInMs?: number }>;
  /** Makes the next `n` starts throw. */
  failNextStarts(n: number): void;
}

function rig(
  options: { backoff?: { initialMs?: number; maxMs?: number; stableAfterMs?: number } } = {},
): Rig {
  const workers: FakeWorker[] = [];
  const attempts: Rig['attempts'] = [];
  const logs: Rig['logs'] = [];
  let failingStarts = 0;
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const supervisor = superviseWorker({
    logger: createLogger({ level: 'info', destination }),
    backoff: options.backoff,
    start: async () => {
      if (failingStarts > 0) {
        failingStarts -= 1;
        const err = new Error('Temporal unreachable');
        attempts.push(err);
        throw err;
      }
      const worker = new FakeWorker();
      workers.push(worker);
      attempts.push(worker);
      return worker;
    },
  });
  return { supervisor, workers, attempts, logs, failNextStarts: (n) => (failingStarts = n) };
}

const errorLogs = (r: Rig) => r.logs.filter((l) => l.level >= 50);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('a worker that fails is logged with its reason, reported RESTARTING, and replaced after the first backoff', async () => {
  const r = rig();
  await jest.advanceTimersByTimeAsync(0);
  expect(r.supervisor.health()).toMatchObject({ status: 'RUNNING', restarts: 0 });

  r.workers[0].fail(new TypeError('Cannot decode Completion from buffer: DecodeError'));
  await jest.advanceTimersByTimeAsync(0);
  const health = r.supervisor.health();
  expect(health).toMatchObject({
    status: 'RESTARTING',
    restarts: 0,
    lastError: { message: 'TypeError: Cannot decode Completion from buffer: DecodeError' },
  });
  expect(health.nextAttemptAt!.getTime() - health.since.getTime()).toBe(1000);
  expect(r.workers[0].closed).toBe(true);
  expect(errorLogs(r)).toEqual([
    expect.objectContaining({
      msg: 'the worker stopped: TypeError: Cannot decode Completion from buffer: DecodeError; starting a new one in 1 s',
      err: expect.objectContaining({ message: 'Cannot decode Completion from buffer: DecodeError' }),
      restartInMs: 1000,
    }),
  ]);

  await jest.advanceTimersByTimeAsync(999);
  expect(r.workers).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(r.workers).toHaveLength(2);
  expect(r.supervisor.health()).toMatchObject({
    status: 'RUNNING',
    restarts: 1,
    lastError: { message: expect.stringContaining('Cannot decode') },
  });
  expect(r.logs.map((l) => l.msg)).toContain('the worker is running again');
});

test('a worker that stops without being asked is restarted too', async () => {
  const r = rig();
  await jest.advanceTimersByTimeAsync(0);
  r.workers[0].end();
  await jest.advanceTimersByTimeAsync(0);
  expect(r.supervisor.health()).toMatchObject({
    status: 'RESTARTING',
    lastError: { message: 'Error: the worker stopped without being asked to' },
  });
  await jest.advanceTimersByTimeAsync(1000);
  expect(r.supervisor.health()).toMatchObject({ status: 'RUNNING', restarts: 1 });
});

test('the wait doubles after each quick failure up to the cap; failed starts count as failures', async () => {
  const r = rig({ backoff: { initialMs: 1000, maxMs: 8000, stableAfterMs: 60_000 } });
  await jest.advanceTimersByTimeAsync(0);
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    if (i === 2) r.failNextStarts(2);
    const latest = r.attempts[r.attempts.length - 1];
    if (latest instanceof FakeWorker) latest.fail(new Error(`crash ${i}`));
    await jest.advanceTimersByTimeAsync(0);
    const health = r.supervisor.health();
    expect(health.status).toBe('RESTARTING');
    const wait = health.nextAttemptAt!.getTime() - health.since.getTime();
    waits.push(wait);
    await jest.advanceTimersByTimeAsync(wait);
  }
  expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  expect(r.attempts.filter((a) => a instanceof Error)).toHaveLength(2);
  expect(
    errorLogs(r).filter((l) => l.msg.startsWith('the worker could not start: Error: Temporal unreachable')),
  ).toHaveLength(2);
  expect(r.supervisor.health()).toMatchObject({ status: 'RUNNING', restarts: 6 });
});

test('a worker that stayed up for the stable period starts the waits from the beginning again', async () => {
  const r = rig({ backoff: { initialMs: 1000, maxMs: 30_000, stableAfterMs: 60_000 } });
  await jest.advanceTimersByTimeAsync(0);
  r.workers[0].fail(new Error('first'));
  await jest.advanceTimersByTimeAsync(1000);
  r.workers[1].fail(new Error('second, quick'));
  await jest.advanceTimersByTimeAsync(0);
  expect(r.supervisor.health().nextAttemptAt!.getTime() - Date.now()).toBe(2000);
  await jest.advanceTimersByTimeAsync(2000);
  await jest.advanceTimersByTimeAsync(60_000);
  r.workers[2].fail(new Error('third, after a minute up'));
  await jest.advanceTimersByTimeAsync(0);
  expect(r.supervisor.health().nextAttemptAt!.getTime() - Date.now()).toBe(1000);
});

test('stop() shuts the running worker down, closes it and never restarts it', async () => {
  const r = rig();
  await jest.advanceTimersByTimeAsync(0);
  await r.supervisor.stop();
  expect(r.workers[0].shutdownCalls).toBe(1);
  expect(r.workers[0].closed).toBe(true);
  expect(r.supervisor.health().status).toBe('STOPPED');
  await jest.advanceTimersByTimeAsync(120_000);
  expect(r.workers).toHaveLength(1);
  expect(errorLogs(r)).toEqual([]);
  await r.supervisor.stop();
});

test('stop() during the backoff cancels the restart', async () => {
  const r = rig();
  await jest.advanceTimersByTimeAsync(0);
  r.workers[0].fail(new Error('crash'));
  await jest.advanceTimersByTimeAsync(0);
  expect(r.supervisor.health().status).toBe('RESTARTING');
  await r.supervisor.stop();
  expect(r.supervisor.health()).toMatchObject({ status: 'STOPPED', restarts: 0 });
  await jest.advanceTimersByTimeAsync(120_000);
  expect(r.workers).toHaveLength(1);
});

test('stop() while a worker is being created runs it only to shut it down at once, then closes it', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const worker = new FakeWorker();
  const supervisor = superviseWorker({
    logger: createLogger({ level: 'silent' }),
    start: async () => {
      await gate;
      return worker;
    },
  });
  expect(supervisor.health().status).toBe('STARTING');
  const stopped = supervisor.stop();
  release();
  await stopped;
  expect(worker.shutdownCalls).toBe(1);
  expect(worker.closed).toBe(true);
  expect(supervisor.health().status).toBe('STOPPED');
});
