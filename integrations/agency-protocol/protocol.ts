/**
 * The wire protocol between the engine and an agency's own system: the contract both sides share.
 *
 * The room `integrations/agency-protocol/` holds it whole: this file (paths, headers, bodies, status
 * codes), `signature.ts` (HMAC signing of requests and callbacks), `secrets.ts` (each agency's secret),
 * `answers.ts` (zod schemas of what the engine accepts from an agency) and `callback-route.ts`
 * (`POST /agency-callbacks`). The engine imports it: the delivery activity (activities/agency-delivery.ts),
 * the worker's endpoint resolver, the API server. So do the simulators of the agency side
 * (`simulators/agency/`), which production code never imports. The answer itself, from the wire to the
 * workflow, is `AgencyAnswer` (domain/contract/agency-answer.ts). Keep this file to pure types,
 * constants and tiny helpers (no I/O).
 */
import type { AgencyAnswer, AgencyOutcome } from '../../domain/contract/agency-answer';

/** Path of the one business endpoint an agency system exposes. */
export const WORK_ITEMS_PATH = '/work-items';

/** Header names as sent on the wire. Node lowercases incoming names: use `headerKey()` to read them. */
export const HEADER_IDEMPOTENCY_KEY = 'Idempotency-Key';
export const HEADER_TIMESTAMP = 'X-LienThong-Timestamp';
export const HEADER_SIGNATURE = 'X-LienThong-Signature';
/** Sent on callbacks so the engine knows which agency's secret to verify the signature with. */
export const HEADER_AGENCY = 'X-LienThong-Agency';

/**
 * W3C trace context (https://www.w3.org/TR/trace-context/). The engine sends it with a work item when
 * tracing is on; an agency system should send the same value back on that item's callback, so the
 * callback joins the trace of the delivery. Optional on both sides, and not signed: it only links traces.
 */
export const HEADER_TRACEPARENT = 'traceparent';
/** The only form of `traceparent` passed on: version 00, ids in lowercase hex. */
export const TRACEPARENT_FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A request or callback whose timestamp is further than this from the receiver's clock is rejected (replay protection). */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

/** Prefix of the signature header value: `sha256=<hex HMAC-SHA256 of "${timestamp}.${rawBody}">`. */
export const SIGNATURE_SCHEME = 'sha256=';

/** Every answer an agency may give to a work item, and every outcome its later callback may report. */
export const WORK_ITEM_OUTCOMES = [
  'DONE',
  'ACCEPTED',
  'NEEDS_SUPPLEMENT',
  'REFUSED',
] as const satisfies readonly AgencyAnswer['status'][];
export const CALLBACK_OUTCOMES = [
  'DONE',
  'NEEDS_SUPPLEMENT',
  'REFUSED',
] as const satisfies readonly AgencyOutcome['outcome'][];

/**
 * How a simulated agency system behaves for a work item. Used at three levels (agency default,
 * per procedure, per request in `WorkItemRequest.simulation`); the most specific level that sets a
 * field wins, field by field.
 */
export interface SimulationDirective {
  /** Processing time before answering, in ms. */
  latencyMs?: number;
  /** Synchronous answer. Default DONE. */
  outcome?: AgencyAnswer['status'];
  /** For ACCEPTED: what the later callback reports. Default DONE. */
  callbackOutcome?: AgencyOutcome['outcome'];
  /** For ACCEPTED: ms between the 202 answer and the first callback attempt. */
  callbackDelayMs?: number;
  /** Probability (0..1) that a delivery answers a transient 503; drawn from the simulator's seeded PRNG. */
  failureRate?: number;
  /** The first N deliveries of each idempotency key answer 503 (deterministic transient failures). */
  failFirst?: number;
  /** A broken integration that will never succeed: answers 400 with code PERMANENT_ERROR. */
  permanentError?: boolean;
  /** Extra time before answering, meant to exceed the caller's timeout. */
  hangMs?: number;
  /** For NEEDS_SUPPLEMENT: the documents the applicant must add. */
  supplementItems?: string[];
  /** For REFUSED: the reason given to the applicant. */
  refusalReason?: string;
}

/** Behaviour configuration of a simulator; also the body of `PUT /_sim/behaviour`. */
export interface BehaviourConfig {
  default?: SimulationDirective;
  procedures?: Record<string, SimulationDirective>;
}

/** Body of `POST /work-items`: one step of a dossier handed to the agency responsible for it. */
export interface WorkItemRequest {
  dossierCode: string;
  procedureCode: string;
  stepKey: string;
  stepName: string;
  agencyCode: string;
  /** ISO date-time by which the agency must finish its step. */
  dueAt: string;
  formData?: unknown;
  /** Where an ACCEPTED work item's outcome is POSTed later. Required when the agency answers ACCEPTED. */
  callbackUrl?: string;
  /** Dev/test only: overrides the simulator's behaviour for this request. Real agency systems ignore it. */
  simulation?: SimulationDirective;
}

/**
 * Error codes. BAD_SIGNATURE (401), BAD_REQUEST (400) and PERMANENT_ERROR (400) will not get better by
 * retrying; UNAVAILABLE (503/500) is transient and the caller retries with the same idempotency key.
 */
export type ErrorCode =
  'BAD_SIGNATURE' | 'BAD_REQUEST' | 'PERMANENT_ERROR' | 'UNAVAILABLE' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED';

export interface ErrorResponse {
  error: { code: ErrorCode; message?: string };
}

/** HTTP status of each answer to `POST /work-items` (whose body is an `AgencyAnswer`), as the agency side answers it. */
export const OUTCOME_HTTP_STATUS: Readonly<Record<AgencyAnswer['status'], number>> = {
  DONE: 200,
  ACCEPTED: 202,
  NEEDS_SUPPLEMENT: 200,
  REFUSED: 422,
};

/** Body the agency POSTs to `callbackUrl` once an ACCEPTED work item is finished. */
export interface WorkItemCallback extends AgencyOutcome {
  dossierCode: string;
  /** The Idempotency-Key of the delivery that was ACCEPTED (the engine matches the step by `reference`). */
  idempotencyKey: string;
}

/** Answers the caller retries (with backoff and the same idempotency key): the agency's side may recover. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** The lowercase form Node uses for incoming header names (`req.headers[headerKey(HEADER_SIGNATURE)]`). */
export function headerKey(name: string): string {
  return name.toLowerCase();
}
