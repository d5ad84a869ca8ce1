// How a worker running in this process is doing, as its supervisor (worker/supervisor.ts) reports
// it and /healthz (api/readiness.ts) shows it.
export type WorkerStatus = 'STARTING' | 'RUNNING' | 'RESTARTING' | 'STOPPED';

export interface WorkerHealth {
  status: WorkerStatus;
  /** When the worker entered `status`. */
  since: Date;
  /** Workers started again after one stopped or failed to start. */
  restarts: number;
  /** Why the last worker stopped or failed to start, kept after a successful restart. */
  lastError?: { message: string; at: Date };
  /** While RESTARTING: when the next worker is started. */
  nextAttemptAt?: Date;
}
