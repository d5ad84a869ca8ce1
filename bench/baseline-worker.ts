// Bundles the baseline workflow and runs it on a worker with the same settings as the dossier worker.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../platform/encryption/data-converter';
import { bundleWorkflowsToFile } from '../platform/workflow-bundle';
import type { BaselineActivities } from './baseline-workflow';

let bundle: string | undefined;
export async function baselineBundle(): Promise<string> {
  if (!bundle) {
    bundle = await bundleWorkflowsToFile(
      require.resolve('./baseline-workflow'),
      path.join(os.tmpdir(), `lien-thong-bench-baseline-${process.pid}.js`),
    );
    process.once('exit', () => void rm(bundle!, { force: true }));
  }
  return bundle;
}

/** The settings that shape throughput; the baseline must match ours on every one of them. */
const COMPARED = [
  'maxCachedWorkflows',
  'tuner',
  'workflowTaskPollerBehavior',
  'activityTaskPollerBehavior',
  'nonStickyToStickyPollRatio',
  'stickyQueueScheduleToStartTimeoutMs',
  'workflowThreadPoolSize',
  'reuseV8Context',
  'maxActivitiesPerSecond',
  'maxTaskQueueActivitiesPerSecond',
  'maxHeartbeatThrottleIntervalMs',
] as const;

export function comparableSettings(worker: Worker): Record<string, unknown> {
  const options = worker.options as unknown as Record<string, unknown>;
  return Object.fromEntries(COMPARED.map((k) => [k, options[k]]));
}

export async function createBaselineWorker(
  connection: NativeConnection,
  taskQueue: string,
  ours: Worker,
  record: { finished?(workflowId: string): void; woke?(workflowId: string, lateMs: number): void },
): Promise<Worker> {
  const activities: BaselineActivities = {
    noop: async () => undefined,
    finished: async (workflowId) => record.finished?.(workflowId),
    woke: async (workflowId, lateMs) => record.woke?.(workflowId, lateMs),
  };
  // Our worker is created with the SDK defaults (worker/create-worker.ts) but for the sticky cache's
  // size, which an operator may set; so is this one. The check below fails the benchmark if either
  // ever changes without the other. Both encrypt payloads with the same codec (the stack's client
  // starts the baseline's workflows too), so the comparison leaves encryption's cost out of the ratio.
  const worker = await Worker.create({
    connection,
    namespace: ours.options.namespace,
    taskQueue,
    activities,
    dataConverter: {
      payloadCodecs: ours.options.loadedDataConverter.payloadCodecs,
      failureConverterPath: FAILURE_CONVERTER_PATH,
    },
    maxCachedWorkflows: ours.options.maxCachedWorkflows,
    workflowBundle: { codePath: await baselineBundle() },
  });
  const a = JSON.stringify(comparableSettings(ours));
  const b = JSON.stringify(comparableSettings(worker));
  if (a !== b)
    throw new Error(
      `baseline worker settings differ from the dossier worker's:\n ours     ${a}\n baseline ${b}`,
    );
  return worker;
}
