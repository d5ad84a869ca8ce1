// Expected failures carry a stable code that clients act on (PRODUCT.md "Errors"); the API exposes
// their message and code, and masks every other error.
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'DOSSIER_NOT_FOUND'
  | 'PROCEDURE_NOT_FOUND'
  | 'AGENCY_NOT_FOUND'
  | 'STEP_NOT_FOUND'
  | 'ESCALATION_NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  /** Temporal did not answer in time; `details.applied` says for certain whether anything was done. */
  | 'ENGINE_UNAVAILABLE'
  /** The engine accepted the action and will apply it, but not within the deadline. */
  | 'ACTION_PENDING';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
