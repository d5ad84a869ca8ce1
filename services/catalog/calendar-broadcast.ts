// After the calendar changes, every running dossier re-projects its deadlines onto the new
// snapshot. One batch operation on the Temporal server signals them all (however many thousands),
// instead of one request per dossier from here. The batch request is raw gRPC, so its signal input
// is converted and encoded here with the client's own data converter, as a signal sent through the
// client would be (the worker would also accept a plain payload: decoding lets those through).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { CalendarSnapshot } from '../../domain/calendar/types';
import { calendarChangedSignal, DOSSIER_WORKFLOW_TYPE } from '../../domain/contract/dossier-workflow';

export const RUNNING_DOSSIERS_QUERY = `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;

/** Returns the batch job id. Dossiers started after this already carry the new snapshot. */
export async function broadcastCalendarChange(
  temporal: Client,
  snapshot: CalendarSnapshot,
  reason: string,
): Promise<string> {
  const jobId = `calendar-v${snapshot.version}-${randomUUID()}`;
  await temporal.workflowService.startBatchOperation({
    namespace: temporal.options.namespace,
    jobId,
    reason,
    visibilityQuery: RUNNING_DOSSIERS_QUERY,
    signalOperation: {
      signal: calendarChangedSignal.name,
      input: { payloads: await encodeToPayloads(temporal.options.loadedDataConverter, snapshot) },
      identity: 'lien-thong-calendar',
    },
  });
  return jobId;
}
