// Is any worker serving the task queue? What an API process without a worker of its own (`npm run
// api`) can learn from Temporal: the pollers the server saw on the task queue. A poller's
// `lastAccessTime` is when its last long poll *began*, and an idle worker begins a new one at least
// every minute (the server's long-poll expiry; measured here at 51-55 s on the dev server). So a
// poller seen within LIVE_POLLER_WITHIN_MS means a live worker, and a worker that died is reported
// down between 20 and 75 s later, depending on how far into its last poll it was. The server only
// forgets a poller minutes later, so a stale entry is normal. Only the root partition is asked: on
// a cluster with several partitions per task queue, idle pollers are forwarded to it.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const LIVE_POLLER_WITHIN_MS = 75_000;

export interface PollerPresence {
  source: 'task-queue pollers';
  status: 'POLLING' | 'NOT_POLLING';
  taskQueue: string;
  /** The latest poll any worker began, per kind of task; null if the server knows of none. */
  lastPollAt: { workflow: string | null; activity: string | null };
  /** Why the worker counts as down; absent when it polls both kinds of task. */
  down?: string;
}

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

async function latestPoll(
  client: Client,
  taskQueue: string,
  taskQueueType: temporal.api.enums.v1.TaskQueueType,
): Promise<Date | null> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType,
  });
  let latest: number | null = null;
  for (const poller of pollers ?? []) {
    const at = poller.lastAccessTime;
    if (!at) continue;
    const ms = Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6);
    if (latest === null || ms > latest) latest = ms;
  }
  return latest === null ? null : new Date(latest);
}

/** What Temporal knows of the workers polling `taskQueue`, as of `now`. */
export async function pollerPresence(
  client: Client,
  taskQueue: string,
  now = Date.now(),
): Promise<PollerPresence> {
  const [workflow, activity] = await Promise.all([
    latestPoll(client, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
    latestPoll(client, taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  const stale = (
    [
      ['workflow', workflow],
      ['activity', activity],
    ] as const
  ).filter(([, at]) => at === null || now - at.getTime() > LIVE_POLLER_WITHIN_MS);
  const presence: PollerPresence = {
    source: 'task-queue pollers',
    status: stale.length ? 'NOT_POLLING' : 'POLLING',
    taskQueue,
    lastPollAt: { workflow: workflow?.toISOString() ?? null, activity: activity?.toISOString() ?? null },
  };
  if (stale.length) {
    const kinds = stale.map(([kind]) => kind).join(' and ');
    presence.down = `no worker has polled task queue ${taskQueue} for ${kinds} tasks in the last ${LIVE_POLLER_WITHIN_MS / 1000} s`;
  }
  return presence;
}
