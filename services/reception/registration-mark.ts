// Tells a dossier's workflow from another dossier's workflow under the same id. The workflow id comes
// from the receipt code, which only one database numbers; a second database (or one restored from an
// older backup) sharing the Temporal namespace issues the same codes again. Every start of a dossier's
// workflow records this mark in the workflow's memo, so reception can see whether a workflow already
// holding the id was started for the very dossier it registered (by a concurrent replay of the same
// submission) or for someone else's. The idempotency key alone would do within one database, but it
// is chosen by the client and replaying it returns the receipt's lookup key, so it is hashed (never
// shown in Temporal's UI) together with the submission time.
import { createHash } from 'node:crypto';

/** The memo field that holds the mark. */
export const REGISTRATION_MEMO = 'registration';

export function registrationMark(dossier: { idempotencyKey: string; submittedAt: Date }): string {
  return createHash('sha256')
    .update(`${dossier.idempotencyKey}\n${dossier.submittedAt.toISOString()}`)
    .digest('hex');
}
