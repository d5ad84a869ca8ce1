// The national portal's delivery loop, in the worker process beside the Temporal worker: rounds of
// `deliverDue` (activities/national-portal-delivery.ts), back to back while there is work, a pause
// when there is none. The outbox is in the read model, so a loop stopped (a crash, a restart, a
// portal down for hours) loses nothing: the next one takes each dossier up where the rows say.
import type { Logger } from '../platform/logger';
import type { NationalPortalDelivery } from '../activities/national-portal-delivery';

export interface NationalSyncLoop {
  /** Ends after the round under way. */
  stop(): Promise<void>;
}

export function startNationalSyncLoop(options: {
  delivery: NationalPortalDelivery;
  /** Pause when nothing was due. Default 1 s. */
  idleMs?: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
}): NationalSyncLoop {
  const idleMs = options.idleMs ?? 1_000;
  let stopping = false;
  let wake: (() => void) | undefined;
  const running = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        const round = await options.delivery.deliverDue();
        busy = round.delivered > 0;
        if (round.failed) options.logger?.warn({ ...round }, 'national portal: some deliveries failed');
      } catch (err) {
        options.logger?.error({ err }, 'national portal: delivery round failed');
      }
      if (!busy && !stopping)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, idleMs).unref();
        });
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}
