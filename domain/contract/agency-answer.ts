// An agency system's answer to a work item, one type from the wire to the workflow: the body of its
// answer to `POST /work-items` (integrations/agency-protocol), the deliverWorkItem activity's result and
// what the dossier workflow applies. Its callback variant, `AgencyOutcome`, is the later answer to a
// work item it ACCEPTED, as the callback and the agencyOutcome update carry it; with them, the failure
// types that end a delivery for good. Here in the domain (pure, no imports) because the workflow reads
// it and depends on nothing outside the domain; the protocol builds its wire types on it, so the
// engine and the simulators keep one shape.

/** What the agency produced, e.g. `{ documentNo, note }` for the decision or certificate it issued. */
export type AgencyResult = Record<string, unknown>;

/** ACCEPTED means "done later, by callback"; the other three settle the step at once. */
export type AgencyAnswer =
  | { status: 'DONE'; reference: string; result?: AgencyResult }
  | { status: 'ACCEPTED'; reference: string }
  | { status: 'NEEDS_SUPPLEMENT'; reference: string; items: string[] }
  | { status: 'REFUSED'; reference: string; reason: string };

/**
 * How an ACCEPTED work item finally ends, as the agency's callback reports it. It differs from the
 * answer where the wire and recorded histories fix it: the status is named `outcome`, it is never
 * ACCEPTED, it names the step it answers, and `items` and `reason` may be missing.
 */
export interface AgencyOutcome {
  agencyCode: string;
  stepKey: string;
  reference: string;
  outcome: Exclude<AgencyAnswer['status'], 'ACCEPTED'>;
  result?: AgencyResult;
  items?: string[];
  reason?: string;
}

/** The answer a callback amounts to. */
export function answerOfOutcome({ outcome, reference, result, items, reason }: AgencyOutcome): AgencyAnswer {
  switch (outcome) {
    case 'DONE':
      return { status: outcome, reference, result };
    case 'NEEDS_SUPPLEMENT':
      return { status: outcome, reference, items: items ?? [] };
    case 'REFUSED':
      return { status: outcome, reference, reason: reason ?? 'Refused by the agency' };
  }
}

/** Failure types that end a delivery for good: the workflow does not retry them, the step fails. */
export const AGENCY_PERMANENT_ERROR = 'AgencyPermanentError';
export const AGENCY_NOT_CONFIGURED = 'AgencyNotConfigured';
