// Real child processes for the crash tests: the entry points (`worker/main.ts`, `scripts/start.ts`,
// `api/main.ts`) run by node with tsx's loader (one process, so a signal reaches the program
// itself, not a wrapper), and helpers to kill and wait for any child. Every child started here is
// remembered and SIGKILLed when the test process exits, so a failed or interrupted run leaves no
// orphan behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../platform/config';
import { TEST_PAYLOAD_ENCRYPTION_KEYS } from './payload-keys';
import { laneNamespace } from './test-env';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Remembers `child` so that it is SIGKILLed if the test process exits while it still runs. */
export function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) if (isRunning(c)) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

export const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Sends `signal` and waits (bounded) for the process to be gone; SIGKILL if it outlives `graceMs`. */
export async function killAndWait(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGKILL',
  graceMs = 10_000,
): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface NodeProcess {
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** Everything it wrote so far (the first 4 MB), for tests that look for one log line among many. */
  fullOutput(): string;
  /** Resolves when the process exits (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export type WorkerProcess = NodeProcess;

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  /** The namespace on that server; the test's lane namespace (tests/integration/lane.ts) by default. */
  namespace?: string;
  taskQueue: string;
  /** A prebuilt workflow bundle; without it the worker bundles the workflows at start (seconds). */
  workflowBundlePath?: string;
  /** Further environment for the worker (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Starts `node --import tsx worker/main.ts` with the production configuration it requires and
 * resolves once it logs that it polls its task queue. Rejects (and kills it) if it exits or is not
 * ready within `readyTimeoutMs`.
 */
export function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  return startNodeProcess({
    script: 'worker/main.ts',
    ready: /Worker polling task queue/,
    readyTimeoutMs: options.readyTimeoutMs,
    env: {
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace ?? laneNamespace(),
      TASK_QUEUE: options.taskQueue,
      // A separate process: read-model changes reach the API over PostgreSQL, as in production.
      LIVE_EVENTS: 'postgres',
      ...(options.workflowBundlePath ? { WORKFLOW_BUNDLE_PATH: options.workflowBundlePath } : {}),
      ...options.env,
    },
  });
}

const FULL_OUTPUT_LIMIT = 4 * 1024 * 1024;

/**
 * Starts `node --import tsx <script>` (an entry point of this repository) with a development
 * environment plus `env`, and resolves once its output matches `ready`. Rejects (and kills it) if it
 * exits or is not ready within `readyTimeoutMs`.
 */
export async function startNodeProcess(options: {
  script: string;
  env: Record<string, string>;
  ready: RegExp;
  readyTimeoutMs?: number;
}): Promise<NodeProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // The same key as the test's clients, so each side reads what the other encrypted.
    PAYLOAD_ENCRYPTION_KEYS: TEST_PAYLOAD_ENCRYPTION_KEYS,
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', options.script], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let tail = '';
  let full = '';
  let ready: () => void = () => undefined;
  const readySeen = new Promise<void>((resolve) => (ready = resolve));
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-8000);
    if (full.length < FULL_OUTPUT_LIMIT) full += text;
    if (options.ready.test(tail)) ready();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle: NodeProcess = {
    pid: child.pid!,
    child,
    output: () => tail,
    fullOutput: () => full,
    exited,
    kill: (signal = 'SIGKILL') => killAndWait(child, signal),
  };
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      readySeen,
      exited.then(({ code, signal }) => {
        throw new Error(
          `${options.script} exited (code ${code}, signal ${signal}) before it was ready:\n${tail}`,
        );
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${options.script} not ready within ${timeoutMs} ms:\n${tail}`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    await handle.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return handle;
}
