// Which engine events may report a national status (the administrators' mapping, stored in the read
// model as data: national_status_mapping), and the rules a line of it must keep. Internal events
// (warnings, escalations, deadline reprojection, retries) are not the applicant's business and are
// never sent.
export const MAPPABLE_EVENT_TYPES = [
  'DOSSIER_RECEIVED',
  'STEP_STARTED',
  'STEP_DELIVERED',
  'STEP_COMPLETED',
  'STEP_FAILED',
  'SUPPLEMENT_REQUESTED',
  'SUPPLEMENT_PROVIDED',
  'APOLOGY_ISSUED',
  'DOSSIER_COMPLETED',
  'DOSSIER_REFUSED',
  'DOSSIER_WITHDRAWN',
  'DOSSIER_STOPPED',
  /** Recorded by the desk, not the workflow (domain/handover/result-return.ts). */
  'RESULT_RETURNED',
] as const;
export type MappableEventType = (typeof MAPPABLE_EVENT_TYPES)[number];

export const isMappableEventType = (type: string): type is MappableEventType =>
  (MAPPABLE_EVENT_TYPES as readonly string[]).includes(type);

/** The national codes: 1 new … 10 result returned (integrations/national-portal/protocol.ts names them). */
export const MIN_NATIONAL_STATUS = 1;
export const MAX_NATIONAL_STATUS = 10;

/** Why a mapping line is refused, or undefined when it is fine. */
export function mappingProblem(eventType: string, statusCode: number): string | undefined {
  if (!isMappableEventType(eventType)) return `eventType must be one of ${MAPPABLE_EVENT_TYPES.join(', ')}`;
  if (!Number.isInteger(statusCode) || statusCode < MIN_NATIONAL_STATUS || statusCode > MAX_NATIONAL_STATUS)
    return `statusCode must be an integer from ${MIN_NATIONAL_STATUS} to ${MAX_NATIONAL_STATUS}`;
  return undefined;
}
