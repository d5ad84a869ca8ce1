// Database pool use, read from the pool at scrape time: connections open, idle, and callers waiting
// for one (waiting > 0 for long means the pool is too small for the load).
import { Gauge } from 'prom-client';
import { registry } from './metrics';

/** What `pg.Pool` exposes of its state (structural: the platform does not depend on the driver). */
export interface PoolState {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { max?: number };
}

const pools = new Map<string, PoolState>();

new Gauge({
  name: 'lien_thong_db_pool_connections',
  help: 'Read-model database pool connections by pool and state (total, idle, waiting callers, max)',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [pool, state] of pools) {
      this.set({ pool, state: 'total' }, state.totalCount);
      this.set({ pool, state: 'idle' }, state.idleCount);
      this.set({ pool, state: 'waiting' }, state.waitingCount);
      if (state.options?.max !== undefined) this.set({ pool, state: 'max' }, state.options.max);
    }
  },
});

/** Reports `pool` under `name` (e.g. `api`, `worker`) from now on; `forget` when it closes. */
export function observePool(name: string, pool: PoolState | undefined): () => void {
  if (!pool) return () => undefined;
  pools.set(name, pool);
  return () => {
    if (pools.get(name) === pool) pools.delete(name);
  };
}
