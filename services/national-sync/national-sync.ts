// The national portal sync as administrators and supervisors see it: the status mapping (validated
// here, stored by prisma/read-model/national-sync.ts), each dossier's sync state, the dossiers out of
// sync, and resending a dossier's rows. Delivery itself runs in the worker
// (activities/national-portal-delivery.ts).
import { DomainError } from '../../domain/errors';
import { mappingProblem } from '../../domain/national-portal/status-mapping';
import type { PrismaClient } from '../../prisma/database';
import {
  deleteStatusMapping,
  dossiersOutOfSync,
  nationalSyncState,
  requeueDossier,
  upsertStatusMapping,
  type NationalSyncState,
} from '../../prisma/read-model/national-sync';

export async function setStatusMapping(
  prisma: PrismaClient,
  input: { eventType: string; statusCode: number | null },
  by: string | null,
) {
  if (input.statusCode === null) {
    if (!(await deleteStatusMapping(prisma, input.eventType)))
      throw new DomainError('NOT_FOUND', `No mapping for ${input.eventType}`, { field: 'eventType' });
    return null;
  }
  const problem = mappingProblem(input.eventType, input.statusCode);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { field: problem.split(' ')[0] });
  return upsertStatusMapping(prisma, { ...input, statusCode: input.statusCode, updatedBy: by });
}

/** Longest lag accepted in `dossiersOutOfSync` (a week), and the page size's bound. */
export const MAX_LAG_MINUTES = 7 * 24 * 60;
export const MAX_OUT_OF_SYNC = 500;

export function outOfSync(
  prisma: PrismaClient,
  query: { lagMinutes: number; limit: number; now?: Date },
): Promise<NationalSyncState[]> {
  if (!Number.isInteger(query.lagMinutes) || query.lagMinutes < 0 || query.lagMinutes > MAX_LAG_MINUTES)
    throw new DomainError('VALIDATION_FAILED', `lagMinutes must be from 0 to ${MAX_LAG_MINUTES}`, {
      field: 'lagMinutes',
    });
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_OUT_OF_SYNC)
    throw new DomainError('VALIDATION_FAILED', `limit must be from 1 to ${MAX_OUT_OF_SYNC}`, {
      field: 'limit',
    });
  const now = query.now ?? new Date();
  return dossiersOutOfSync(prisma, {
    queuedBefore: new Date(now.getTime() - query.lagMinutes * 60_000),
    limit: query.limit,
  });
}

/** Makes the dossier's undelivered rows (a refused one included) due now; the state after. */
export async function resendDossier(prisma: PrismaClient, dossierCode: string): Promise<NationalSyncState> {
  const state = await nationalSyncState(prisma, dossierCode);
  if (!state)
    throw new DomainError('DOSSIER_NOT_FOUND', `Nothing queued for the national portal for ${dossierCode}`);
  await requeueDossier(prisma, dossierCode, state.lastSentSeq, new Date());
  return (await nationalSyncState(prisma, dossierCode))!;
}

export { nationalSyncState };
