// The Temporal SDK's runtime (its logger, its signal handling, its own metrics) can be installed once
// per process. Tests, benchmarks and the entry points share this guard; `shutdownSignals: []` leaves
// Ctrl-C to the caller, which stops the worker itself as part of stopping everything. The logger keeps each
// worker's first fatal error (platform/sdk-worker-failures.ts) so the entry points can say why it stopped.
// With `metricsAddress` (TEMPORAL_METRICS_ADDRESS) the SDK's core serves its worker metrics (task
// slots, poll and schedule-to-start latencies, sticky cache, …) at http://<address>/metrics, named
// the Prometheus way (`temporal_` prefix, `_total` counters, durations in seconds with the unit).
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { keepingWorkerFailures } from './sdk-worker-failures';

let installed = false;

export function installTemporalRuntime(
  options: { level?: LogLevel; handleSignals?: boolean; metricsAddress?: string } = {},
): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: keepingWorkerFailures(new DefaultLogger(options.level ?? 'WARN')),
    ...(options.handleSignals === false ? { shutdownSignals: [] } : {}),
    ...(options.metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: options.metricsAddress,
                countersTotalSuffix: true,
                unitSuffix: true,
                useSecondsForDurations: true,
              },
            },
          },
        }
      : {}),
  });
}
