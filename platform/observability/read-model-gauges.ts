// The operators' gauges of the dossiers' state, counted in the read model when Prometheus scrapes
// (the statements: prisma/read-model/operations-gauges.ts), at most once per `cacheMs` however many
// scrapers ask: several Prometheus servers, or a quick scrape interval, do not multiply the queries.
// Only the API serves them: with several API processes each reports the same numbers (use max(),
// not sum(), across instances).
import { Gauge } from 'prom-client';
import { registry } from './metrics';

/** What the probe counts (structural: the platform does not depend on the read model). */
export interface OperationsCountsLike {
  openDossiers: { status: string; procedure: string; count: number; late: number }[];
  lateSteps: { agency: string; count: number }[];
  openEscalations: { agency: string; level: number; status: string; count: number }[];
}

// prom-client reads the metrics of a scrape in parallel, awaiting each one's collect(): every gauge
// awaits the same count, so none is read before it is done.
let fresh: () => Promise<void> = async () => undefined;

const openDossiers = new Gauge({
  name: 'lien_thong_open_dossiers',
  collect: () => fresh(),
  help: 'Open dossiers (IN_PROGRESS, WAITING_SUPPLEMENT) by status and procedure',
  labelNames: ['status', 'procedure'] as const,
  registers: [],
});
const openLateDossiers = new Gauge({
  name: 'lien_thong_open_late_dossiers',
  collect: () => fresh(),
  help: 'Dossiers in progress past their due date, by procedure',
  labelNames: ['procedure'] as const,
  registers: [],
});
const openLateSteps = new Gauge({
  name: 'lien_thong_open_late_steps',
  collect: () => fresh(),
  help: "Steps still in an agency's hands past their own deadline, by agency",
  labelNames: ['agency'] as const,
  registers: [],
});
const openEscalations = new Gauge({
  name: 'lien_thong_open_escalations',
  collect: () => fresh(),
  help: 'Escalations not yet resolved, by the late agency, level (1 its head, 2 the supervising body) and status',
  labelNames: ['agency', 'level', 'status'] as const,
  registers: [],
});
const countedAt = new Gauge({
  name: 'lien_thong_operations_gauges_timestamp_seconds',
  collect: () => fresh(),
  help: 'When the dossier gauges were last counted in the read model (Unix time)',
  registers: [],
});
const countFailures = new Gauge({
  name: 'lien_thong_operations_gauges_failures',
  collect: () => fresh(),
  help: 'Consecutive failures to count the dossier gauges (the read model did not answer)',
  registers: [],
});

const DEFAULT_CACHE_MS = 15_000;

/**
 * From now on the gauges are counted by `probe` before a scrape, when the last count is older than
 * `cacheMs`. A failed count keeps the previous numbers and says so in the failures gauge.
 */
export function observeOperations(
  probe: () => Promise<OperationsCountsLike>,
  options: { cacheMs?: number; now?: () => number } = {},
): void {
  // Registered only here: a process that does not count them (the worker) does not show them empty.
  for (const gauge of [
    openDossiers,
    openLateDossiers,
    openLateSteps,
    openEscalations,
    countedAt,
    countFailures,
  ])
    if (!registry.getSingleMetric((gauge as unknown as { name: string }).name))
      registry.registerMetric(gauge);
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const now = options.now ?? Date.now;
  let last = -Infinity;
  let inFlight: Promise<void> | undefined;
  let failures = 0;
  const refresh = async () => {
    try {
      const counts = await probe();
      last = now();
      failures = 0;
      apply(counts, last);
    } catch {
      failures += 1;
    }
    countFailures.set(failures);
  };
  fresh = async () => {
    if (now() - last < cacheMs) return;
    inFlight ??= refresh().finally(() => (inFlight = undefined));
    await inFlight;
  };
}

function apply(counts: OperationsCountsLike, at: number): void {
  openDossiers.reset();
  openLateDossiers.reset();
  openLateSteps.reset();
  openEscalations.reset();
  const late = new Map<string, number>();
  for (const row of counts.openDossiers) {
    openDossiers.set({ status: row.status, procedure: row.procedure }, row.count);
    late.set(row.procedure, (late.get(row.procedure) ?? 0) + row.late);
  }
  for (const [procedure, count] of late) openLateDossiers.set({ procedure }, count);
  for (const row of counts.lateSteps) openLateSteps.set({ agency: row.agency }, row.count);
  for (const row of counts.openEscalations)
    openEscalations.set({ agency: row.agency, level: String(row.level), status: row.status }, row.count);
  countedAt.set(at / 1000);
}
