// The Temporal SDK's runtime (its logger, its signal handling) can be installed once per process.
// Tests, benchmarks and the entry points share this guard; `shutdownSignals: []` leaves Ctrl-C to
// the caller, which stops the worker itself as part of stopping everything. The logger keeps each
// worker's first fatal error (platform/sdk-worker-failures.ts) so the entry points can say why it stopped.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { keepingWorkerFailures } from './sdk-worker-failures';

let installed = false;

export function installTemporalRuntime(options: { level?: LogLevel; handleSignals?: boolean } = {}): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: keepingWorkerFailures(new DefaultLogger(options.level ?? 'WARN')),
    ...(options.handleSignals === false ? { shutdownSignals: [] } : {}),
  });
}
