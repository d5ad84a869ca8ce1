// Builds the worker with the real dependencies of every activity. The entry points (npm start,
// npm run worker) and the integration tests all use this one wiring.
import type { ActivityInterceptorsFactory, NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createAgencyActivities } from '../activities/agency-delivery';
import { createReadModelActivities, type ReadModelDeps } from '../activities/read-model';
import { wellFormedActivityFailures } from '../activities/well-formed-failures';
import { dossierDataConverter } from '../platform/encryption/data-converter';
import type { PayloadKey } from '../platform/encryption/payload-keys';
import type { PrismaClient } from '../prisma/database';
import { createAgencyEndpointResolver } from './agency-endpoints';

export interface DossierWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
  /** The payload codec's keys, the same as the clients' (TemporalSettings.payloadKeys). */
  payloadKeys: readonly PayloadKey[];
  /** Where agencies POST the outcome of work items they accepted for later. */
  callbackUrl?: string;
  onReadModelApplied?: ReadModelDeps['onApplied'];
  /** A prebuilt workflow bundle (tests bundle once); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /**
   * How long one HTTP delivery to an agency system may take before it is abandoned and retried
   * (the activity's own startToClose is 30 s). Default 10 s; tests lower it to exercise timeouts.
   */
  agencyRequestTimeoutMs?: number;
  /** Size of the sticky cache (WORKER_MAX_CACHED_WORKFLOWS); unset: the SDK's default. */
  maxCachedWorkflows?: number;
  /** Outermost activity interceptors (the test-only fault switch, worker/test-fault-switch.ts). */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

export async function createDossierWorker(options: DossierWorkerOptions): Promise<Worker> {
  const activities = {
    ...createAgencyActivities({
      resolveAgency: createAgencyEndpointResolver(options.prisma),
      callbackUrl: options.callbackUrl,
      requestTimeoutMs: options.agencyRequestTimeoutMs,
    }),
    ...createReadModelActivities({ prisma: options.prisma, onApplied: options.onReadModelApplied }),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    // The test-only fault switch goes outside the sanitiser, so nothing undoes the fault it makes.
    interceptors: { activity: [...(options.activityInterceptors ?? []), wellFormedActivityFailures] },
    dataConverter: dossierDataConverter(options.payloadKeys),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
