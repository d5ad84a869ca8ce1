/**
 * Validation of an incoming `POST /work-items` body. Agency systems must reject malformed work items
 * with 400 rather than half-process them, so every required field is checked before anything is stored.
 */
import { parseDirective, Parsed } from './behaviour';
import { SimulationDirective, WorkItemRequest } from '../../integrations/agency-protocol/protocol';

const REQUIRED_STRINGS = [
  'dossierCode',
  'procedureCode',
  'stepKey',
  'stepName',
  'agencyCode',
  'dueAt',
] as const;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseWorkItemRequest(value: unknown): Parsed<WorkItemRequest> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'body must be a JSON object' };
  }
  const body = value as Record<string, unknown>;
  for (const field of REQUIRED_STRINGS) {
    const v = body[field];
    if (typeof v !== 'string' || v.trim() === '')
      return { ok: false, message: `${field} is required (non-empty string)` };
  }
  const dueAt = body.dueAt as string;
  if (!ISO_DATE_TIME.test(dueAt) || Number.isNaN(Date.parse(dueAt))) {
    return { ok: false, message: 'dueAt must be an ISO 8601 date-time with a time zone' };
  }
  if (body.callbackUrl !== undefined) {
    if (typeof body.callbackUrl !== 'string' || !isHttpUrl(body.callbackUrl)) {
      return { ok: false, message: 'callbackUrl must be an http(s) URL' };
    }
  }
  let simulation: SimulationDirective | undefined;
  if (body.simulation !== undefined && body.simulation !== null) {
    const parsed = parseDirective(body.simulation, 'simulation');
    if (!parsed.ok) return parsed;
    simulation = parsed.value;
  }
  return {
    ok: true,
    value: {
      dossierCode: body.dossierCode as string,
      procedureCode: body.procedureCode as string,
      stepKey: body.stepKey as string,
      stepName: body.stepName as string,
      agencyCode: body.agencyCode as string,
      dueAt,
      formData: body.formData,
      callbackUrl: body.callbackUrl as string | undefined,
      simulation,
    },
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
