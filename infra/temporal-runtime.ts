// The Temporal SDK's runtime (its logger, its signal handling) can be installed once per process.
// Tests, benchmarks and `npm start` share this guard; `shutdownSignals: []` leaves Ctrl-C to the
// caller, which stops the worker itself as part of stopping everything.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

let installed = false;

export function installTemporalRuntime(options: { level?: LogLevel; handleSignals?: boolean } = {}): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new DefaultLogger(options.level ?? 'WARN'),
    ...(options.handleSignals === false ? { shutdownSignals: [] } : {}),
  });
}
