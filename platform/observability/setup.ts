// What every entry point does first for observability, from the validated configuration: metrics on
// or off (METRICS_ENABLED) with Node's process metrics, and tracing when OTLP is configured. Before
// any Temporal client or worker is made: they add their tracing interceptors only when it is on.
import type { AppConfig } from '../config';
import { collectProcessMetrics, setMetricsEnabled } from './metrics';
import { startTracing, type Tracing } from './tracing';

export function setUpObservability(
  config: Pick<
    AppConfig,
    'METRICS_ENABLED' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
  >,
  serviceName: string,
): Tracing | undefined {
  setMetricsEnabled(config.METRICS_ENABLED);
  if (config.METRICS_ENABLED) collectProcessMetrics();
  return startTracing({
    serviceName,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: config.OTEL_EXPORTER_OTLP_ENDPOINT,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
      OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME,
    },
  });
}

/** The API's /metrics: guarded by METRICS_TOKEN; in production, without one, not served at all. */
export function apiMetricsRoute(
  config: Pick<AppConfig, 'METRICS_ENABLED' | 'METRICS_TOKEN' | 'NODE_ENV'>,
): { token?: string } | false {
  if (!config.METRICS_ENABLED) return false;
  if (config.METRICS_TOKEN) return { token: config.METRICS_TOKEN };
  return config.NODE_ENV === 'production' ? false : {};
}
