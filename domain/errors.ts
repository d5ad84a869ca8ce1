// Expected failures carry a stable code that clients act on; the API exposes their message and
// code, and masks every other error. This is the one list of the codes (the fuzzer and the API's
// error masking read it too).
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'DOSSIER_NOT_FOUND',
  'PROCEDURE_NOT_FOUND',
  'AGENCY_NOT_FOUND',
  'STEP_NOT_FOUND',
  'ESCALATION_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
  'INVALID_TRANSITION',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  /** Sign-in: unknown username, wrong password or a deactivated account (one answer for all three). */
  'INVALID_CREDENTIALS',
  /** A cookie-authenticated request without the session's `x-csrf-token` header (HTTP 403). */
  'CSRF_REJECTED',
  /** A password shorter than the policy's minimum (domain/accounts/account-rules.ts). */
  'WEAK_PASSWORD',
  /** createAccount: the username is taken (usernames are never reused, deactivated accounts included). */
  'ACCOUNT_EXISTS',
  /** Temporal did not answer in time; `details.applied` says for certain whether anything was done. */
  'ENGINE_UNAVAILABLE',
  /**
   * submitDossier: the engine already holds another dossier's workflow under the new receipt code (two
   * databases, or a restored one, share a Temporal namespace); nothing was registered.
   */
  'ENGINE_CONFLICT',
  /** The engine accepted the action and will apply it, but not within the deadline. */
  'ACTION_PENDING',
  /** Only inside the workflow: an action that arrived after its deadline (the API reports ENGINE_UNAVAILABLE). */
  'ACTION_EXPIRED',
  /** A submission lacks a required document component (thành phần hồ sơ); `details.component` names it. */
  'COMPONENT_MISSING',
  /** A submission or supplement request names a component the procedure version does not list. */
  'UNKNOWN_COMPONENT',
  /** A printed form asked for before it applies (an apology for a dossier that is not late, …). */
  'FORM_NOT_APPLICABLE',
  /** recordResultReturned: the register already holds a different hand-back of this dossier's result. */
  'RESULT_ALREADY_RETURNED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What a dossier's workflow may refuse an action with (the ApplicationFailure type of a rejected
 * update); the API answers with the same code.
 */
export const ACTION_REFUSAL_CODES = [
  'FORBIDDEN',
  'INVALID_TRANSITION',
  'STEP_NOT_FOUND',
  'ESCALATION_NOT_FOUND',
  'VALIDATION_FAILED',
  'ACTION_EXPIRED',
  'UNKNOWN_COMPONENT',
] as const satisfies readonly ErrorCode[];
export type ActionRefusalCode = (typeof ACTION_REFUSAL_CODES)[number];

export const isActionRefusalCode = (code: unknown): code is ActionRefusalCode =>
  (ACTION_REFUSAL_CODES as readonly unknown[]).includes(code);

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
