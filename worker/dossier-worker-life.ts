// One life of the dossier worker, for the supervisor of `npm start` and for `npm run worker`: its
// own connection to Temporal (a failed worker's connection is never trusted again), the worker
// built by createDossierWorker on it, and, when it fails, the first error the SDK reported rather
// than a later one that may hide it (platform/sdk-worker-failures.ts).
import { forgetWorkerFailure, takeWorkerFailure } from '../platform/sdk-worker-failures';
import { connectWorker, type TemporalSettings } from '../platform/temporal-connection';
import { createDossierWorker, type DossierWorkerOptions } from './create-worker';
import type { WorkerLife } from './supervisor';

export async function startDossierWorker(
  settings: TemporalSettings,
  options: Omit<DossierWorkerOptions, 'connection'>,
): Promise<WorkerLife> {
  const connection = await connectWorker(settings);
  try {
    const worker = await createDossierWorker({ ...options, connection });
    return {
      async run() {
        forgetWorkerFailure(options.taskQueue);
        try {
          await worker.run();
        } catch (err) {
          throw takeWorkerFailure(options.taskQueue) ?? err;
        }
      },
      shutdown() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      },
      close: () => connection.close(),
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
