// Builds the worker with the real dependencies of every activity. The entry points (npm start,
// npm run worker) and the integration tests all use this one wiring.
import type { ActivityInterceptorsFactory, NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { activeTracing } from '../platform/observability/tracing';
import { TRACING_WORKFLOW_INTERCEPTORS } from '../platform/workflow-bundle';
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
  const tracing = activeTracing();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    // The test-only fault switch goes outside the sanitiser, so nothing undoes the fault it makes.
    interceptors: {
      activity: [
        ...(options.activityInterceptors ?? []),
        wellFormedActivityFailures,
        ...(tracing ? [tracedActivities] : []),
      ],
      // Used when the worker bundles its workflows; a prebuilt bundle carries them from
      // bundleWorkflowsToFile(…, { tracing: true }).
      ...(tracing && !options.workflowBundlePath ? { workflowModules: [TRACING_WORKFLOW_INTERCEPTORS] } : {}),
    },
    // The workflows' spans leave the sandbox through this sink, to the process's span processor.
    ...(tracing
      ? { sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }
      : {}),
    dataConverter: dossierDataConverter(options.payloadKeys),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}

/** Activities continue the trace of the workflow that scheduled them (Temporal's headers). */
const tracedActivities: NonNullable<NonNullable<WorkerOptions['interceptors']>['activity']>[number] = (
  ctx,
) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});
