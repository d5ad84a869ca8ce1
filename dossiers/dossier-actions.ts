// Agency, officer and applicant actions go to the dossier's workflow as Updates; the workflow's
// validators decide, and a refusal comes back as a coded error with nothing changed anywhere.
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { workflowIdForDossier, type DossierState } from '../domain/dossier/contract';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { PrismaClient } from '../prisma/database';
import { lookupKeyMatches } from './lookup-key';

const REFUSAL_CODES = new Set<ErrorCode>(['FORBIDDEN', 'INVALID_TRANSITION', 'STEP_NOT_FOUND', 'ESCALATION_NOT_FOUND', 'VALIDATION_FAILED']);

export async function runDossierAction<Args>(
  temporal: Client,
  dossierCode: string,
  update: UpdateDefinition<DossierState, [Args]>,
  args: Args,
): Promise<DossierState> {
  const handle = temporal.workflow.getHandle(workflowIdForDossier(dossierCode));
  try {
    return await handle.executeUpdate(update, { args: [args] });
  } catch (err) {
    throw asDomainError(err, dossierCode);
  }
}

function asDomainError(err: unknown, dossierCode: string): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type as ErrorCode;
    return new DomainError(REFUSAL_CODES.has(code) ? code : 'INVALID_TRANSITION', err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new DomainError('INVALID_TRANSITION', `Dossier ${dossierCode} is closed: it accepts no more actions`);
  }
  // An update sent to a workflow that has already finished.
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) {
    return new DomainError('INVALID_TRANSITION', `Dossier ${dossierCode} is closed: it accepts no more actions`);
  }
  return err;
}

/**
 * The dossier must exist; an anonymous caller must also hold its lookup key. The same answer for
 * "no such dossier" and "wrong key", so codes cannot be probed.
 */
export async function requireDossier(prisma: PrismaClient, code: string, lookupKey?: string | null) {
  const dossier = await prisma.dossier.findUnique({ where: { code }, select: { code: true, lookupKeyHash: true } });
  if (!dossier || (lookupKey !== undefined && (!lookupKey || !lookupKeyMatches(lookupKey, dossier.lookupKeyHash)))) {
    throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${code}${lookupKey !== undefined ? ' with that lookup key' : ''}`);
  }
  return dossier;
}
