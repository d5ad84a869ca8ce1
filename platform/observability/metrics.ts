// The engine's own Prometheus metrics (prom-client), one registry per process, every name here so
// the alert rules and the dashboard (ops/) can be checked against one list. Conventions: the
// `lien_thong_` prefix, base units (`_seconds`), counters end in `_total`. Labels take only bounded
// values: an agency's code (the catalog's), an action or GraphQL root field (the contract's and the
// schema's), an error code (domain/errors.ts), an outcome from a fixed list. Never a dossier code,
// an applicant's anything, or text a caller chose.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const registry = new Registry();

/** Off (METRICS_ENABLED=false) the recorders below do nothing: what the benchmarks compare against. */
let enabled = true;
export function setMetricsEnabled(on: boolean): void {
  enabled = on;
}
export const metricsEnabled = (): boolean => enabled;

let defaultsCollected = false;
/** Node's own process metrics (CPU, memory, event-loop lag, GC), under their standard names. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry });
}

// Latencies from a few milliseconds (a read) to the 5 s engine deadline and past it.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const graphqlRequestDuration = new Histogram({
  name: 'lien_thong_graphql_request_duration_seconds',
  help: 'GraphQL requests by root field (the operation) and outcome: ok, refused (a coded error), error',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const actionDuration = new Histogram({
  name: 'lien_thong_action_duration_seconds',
  help: 'Dossier actions (Temporal updates) from the API to the answer, by action and outcome (ok, refused, failed)',
  labelNames: ['action', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const actionRefusals = new Counter({
  name: 'lien_thong_action_refusals_total',
  help: 'Dossier actions refused with a coded error, by action and code',
  labelNames: ['action', 'code'] as const,
  registers: [registry],
});

export const agencyDeliveries = new Counter({
  name: 'lien_thong_agency_deliveries_total',
  help: "Deliveries of work items to agencies' systems by agency and outcome (the answer, or transient_error, permanent_error, malformed_answer)",
  labelNames: ['agency', 'outcome'] as const,
  registers: [registry],
});

export const agencyDeliveryDuration = new Histogram({
  name: 'lien_thong_agency_delivery_duration_seconds',
  help: "One HTTP delivery to an agency's system, by agency and result (answered, failed)",
  labelNames: ['agency', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const agencyCallbacks = new Counter({
  name: 'lien_thong_agency_callbacks_total',
  help: "Callbacks from agencies' systems by outcome (accepted, refused, unavailable, invalid, bad_signature)",
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const readModelWriteLag = new Histogram({
  name: 'lien_thong_read_model_write_lag_seconds',
  help: 'From a change in the workflow to its row in the read model (the oldest event of each write)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

export const readModelWrites = new Counter({
  name: 'lien_thong_read_model_writes_total',
  help: 'Read-model writes by result: applied, or stale (a newer state was already there)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export type DeliveryOutcome =
  | 'DONE'
  | 'ACCEPTED'
  | 'NEEDS_SUPPLEMENT'
  | 'REFUSED'
  | 'transient_error'
  | 'permanent_error'
  | 'malformed_answer';

export function recordDelivery(agency: string, outcome: DeliveryOutcome, seconds: number): void {
  if (!enabled) return;
  agencyDeliveries.inc({ agency, outcome });
  const answered = outcome !== 'transient_error' && outcome !== 'permanent_error';
  agencyDeliveryDuration.observe({ agency, result: answered ? 'answered' : 'failed' }, seconds);
}

export function recordAction(action: string, seconds: number, refusalCode?: string, failed = false): void {
  if (!enabled) return;
  actionDuration.observe({ action, outcome: refusalCode ? 'refused' : failed ? 'failed' : 'ok' }, seconds);
  if (refusalCode) actionRefusals.inc({ action, code: refusalCode });
}

export function recordReadModelWrite(applied: boolean, oldestChange: Date | undefined, now = Date.now()) {
  if (!enabled) return;
  readModelWrites.inc({ result: applied ? 'applied' : 'stale' });
  if (applied && oldestChange) readModelWriteLag.observe(Math.max(0, (now - oldestChange.getTime()) / 1000));
}

export function recordCallback(
  outcome: 'accepted' | 'refused' | 'unavailable' | 'invalid' | 'bad_signature',
): void {
  if (enabled) agencyCallbacks.inc({ outcome });
}

/** Seconds since `started` (a `process.hrtime.bigint()`). */
export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;
