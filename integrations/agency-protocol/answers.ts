// What the engine accepts from an agency's system, checked at the door: its synchronous answer to a
// work item and its later callback. Both are outside input: shape and sizes by schema, and every
// string well-formed (domain/text), before anything reaches a workflow's history or the read model.
// Each schema is typed by the shape it admits (domain/contract/agency-answer.ts, protocol.ts), so the
// shape and its check cannot drift apart.
import { z } from 'zod';
import type { AgencyAnswer } from '../../domain/contract/agency-answer';
import { findIllFormedInput, type InputProblem } from '../../domain/text/well-formed';
import { issuePath } from '../../domain/zod-issues';
import { CALLBACK_OUTCOMES, type WorkItemCallback } from './protocol';

const reference = z.string().min(1).max(200);
const items = z.array(z.string().max(500)).max(100);
/** What the agency produced (e.g. `{ documentNo }`): at most 16 kB of JSON. */
const result = z
  .record(z.string(), z.unknown())
  .refine((r) => JSON.stringify(r).length <= 16_384, { message: 'at most 16,384 bytes of JSON' });

export const workItemAnswerSchema: z.ZodType<AgencyAnswer> = z.discriminatedUnion('status', [
  z.object({ status: z.literal('DONE'), reference, result: result.optional() }),
  z.object({ status: z.literal('ACCEPTED'), reference }),
  z.object({ status: z.literal('NEEDS_SUPPLEMENT'), reference, items }),
  z.object({ status: z.literal('REFUSED'), reference, reason: z.string().max(2000) }),
]);

/** A callback as the engine reads it: the `idempotencyKey` it does not need is dropped. */
export const callbackSchema: z.ZodType<Omit<WorkItemCallback, 'idempotencyKey'>> = z.object({
  dossierCode: z.string().min(1).max(64),
  stepKey: z.string().min(1).max(64),
  agencyCode: z.string().min(1).max(32),
  reference,
  outcome: z.enum(CALLBACK_OUTCOMES),
  result: result.optional(),
  items: items.optional(),
  reason: z.string().max(2000).optional(),
});

/** The parsed value, or the first problem with its path (`items[2]: …`). */
export function readAgencyInput<T>(
  schema: z.ZodType<T>,
  json: unknown,
): { ok: true; value: T } | { ok: false; problem: InputProblem } {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: { path: issuePath(issue.path) || '(body)', problem: issue.message },
    };
  }
  const illFormed = findIllFormedInput(parsed.data, 'body');
  return illFormed
    ? { ok: false, problem: { ...illFormed, path: illFormed.path.replace(/^body\.?/, '') || '(body)' } }
    : { ok: true, value: parsed.data };
}
