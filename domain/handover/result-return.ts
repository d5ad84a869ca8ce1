// Handing the result back at the one-stop desk (trả kết quả): the last fact of a dossier, recorded by
// the desk after the engine's workflow has closed it. It is a fact of its own, not a workflow state:
// the workflow has usually ended by then, so the desk writes it into the read model directly, beside
// the workflow's events but in a sequence range the workflow never reaches.
import type { DossierStatus } from '../contract/dossier-workflow';

/** The event recorded in the dossier's trail; the national portal reports it as code 10 (result returned). */
export const RESULT_RETURNED_EVENT = 'RESULT_RETURNED';

/**
 * The event's sequence number. Workflow events count up from 1 and a dossier's workflow records a few
 * dozen of them (continue-as-new keeps counting, but never near this); one return per dossier, so
 * one fixed number keys it, sorts it after everything the workflow recorded, and never collides with
 * an event the workflow may still record (an escalation resolved after the dossier closed).
 */
export const RESULT_RETURNED_SEQ = 1_000_000_000;

/** What the applicant collects: the result, a refusal, or the notice of stopping with the papers. */
export const RESULT_READY_STATUSES = [
  'COMPLETED',
  'REFUSED',
  'STOPPED',
] as const satisfies readonly DossierStatus[];
export const isResultReady = (status: string) =>
  (RESULT_READY_STATUSES as readonly string[]).includes(status);

/** The collector's name as written in the register: a person, or "Ông A (ủy quyền)". */
export const MAX_RETURNED_TO_LENGTH = 200;
/** A desk may write the time a little ahead of the server's clock; beyond that it is a typing error. */
export const RETURNED_AT_CLOCK_SKEW_MS = 5 * 60_000;

export interface ResultReturnInput {
  returnedTo: string;
  returnedAt: Date;
}

/** What is wrong with a hand-back: the field, a reason a client can say in its own words, the message. */
export interface ResultReturnProblem {
  field: 'returnedTo' | 'returnedAt';
  reason: 'BLANK' | 'TOO_LONG' | 'NOT_A_DATE' | 'IN_THE_FUTURE' | 'BEFORE_CLOSED';
  message: string;
}

/** Why the hand-back cannot be recorded as given (VALIDATION_FAILED), or undefined when it can. */
export function resultReturnProblem(
  input: ResultReturnInput,
  dossier: { completedAt: Date | null },
  now: Date,
): ResultReturnProblem | undefined {
  const problem = (
    field: ResultReturnProblem['field'],
    reason: ResultReturnProblem['reason'],
    text: string,
  ) => ({
    field,
    reason,
    message: `${field}: ${text}`,
  });
  const name = input.returnedTo.trim();
  if (!name)
    return problem('returnedTo', 'BLANK', 'the name of the person who collected the result is required');
  if (name.length > MAX_RETURNED_TO_LENGTH)
    return problem('returnedTo', 'TOO_LONG', `at most ${MAX_RETURNED_TO_LENGTH} characters`);
  const at = input.returnedAt.getTime();
  if (Number.isNaN(at)) return problem('returnedAt', 'NOT_A_DATE', 'not a date');
  if (at > now.getTime() + RETURNED_AT_CLOCK_SKEW_MS)
    return problem('returnedAt', 'IN_THE_FUTURE', 'cannot be in the future');
  if (dossier.completedAt && at < dossier.completedAt.getTime())
    return problem('returnedAt', 'BEFORE_CLOSED', 'before the dossier was closed');
  return undefined;
}
