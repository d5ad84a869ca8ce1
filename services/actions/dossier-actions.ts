// Agency, officer and applicant actions go to the dossier's workflow as Updates; the workflow's
// validators decide, and a refusal comes back as a coded error with nothing changed anywhere.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { workflowIdForDossier, type DossierState } from '../../domain/contract/dossier-workflow';
import { DomainError, isActionRefusalCode } from '../../domain/errors';
import type { PrismaClient } from '../../prisma/database';
import { dossierForAction } from '../../prisma/read-model/dossier-actions';
import { findWithLookupKey, type AnonymousLookup } from '../access/lookup-throttle';
import { DEFAULT_ENGINE_DEADLINE_MS, updateWithDeadline } from './engine-deadline';
import { recordAction, secondsSince } from '../../platform/observability/metrics';

// What an action may carry: the workflow keeps it in its history and the read model stores it.
const LIMITS = { text: 2_000, items: 50, item: 500, id: 128, resultBytes: 16_384 };

/** Refuses oversized action arguments before they reach the workflow's history. */
export function checkActionArgs(args: object): void {
  const problems: string[] = [];
  const a = args as Record<string, unknown>;
  for (const field of ['reason', 'note'] as const) {
    if (typeof a[field] === 'string' && (a[field] as string).length > LIMITS.text)
      problems.push(`${field}: at most ${LIMITS.text} characters`);
  }
  for (const field of ['stepKey', 'escalationId', 'reference'] as const) {
    if (typeof a[field] === 'string' && (a[field] as string).length > LIMITS.id)
      problems.push(`${field}: at most ${LIMITS.id} characters`);
  }
  if (
    Array.isArray(a.items) &&
    (a.items.length > LIMITS.items || a.items.some((i) => typeof i !== 'string' || i.length > LIMITS.item))
  ) {
    problems.push(`items: at most ${LIMITS.items} items of at most ${LIMITS.item} characters`);
  }
  if (a.result !== undefined && JSON.stringify(a.result).length > LIMITS.resultBytes)
    problems.push(`result: at most ${LIMITS.resultBytes} bytes of JSON`);
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join('; '));
}

/** Sends the action to the dossier's workflow, waiting at most `deadlineMs` (engine-deadline.ts). */
export async function runDossierAction<Args extends object>(
  temporal: Client,
  dossierCode: string,
  update: UpdateDefinition<DossierState, [Args]>,
  args: Args,
  deadlineMs = DEFAULT_ENGINE_DEADLINE_MS,
): Promise<DossierState> {
  const started = process.hrtime.bigint();
  try {
    checkActionArgs(args);
    const state = await updateWithDeadline(
      temporal,
      workflowIdForDossier(dossierCode),
      dossierCode,
      update,
      args,
      deadlineMs,
    );
    recordAction(update.name, secondsSince(started));
    return state;
  } catch (err) {
    const coded = err instanceof DomainError ? err : asDomainError(err, dossierCode);
    const code = coded instanceof DomainError ? coded.code : undefined;
    recordAction(update.name, secondsSince(started), code, code === undefined);
    throw coded;
  }
}

function asDomainError(err: unknown, dossierCode: string): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type;
    return new DomainError(isActionRefusalCode(code) ? code : 'INVALID_TRANSITION', err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new DomainError(
      'INVALID_TRANSITION',
      `Dossier ${dossierCode} is closed: it accepts no more actions`,
    );
  }
  // An update sent to a workflow that has already finished.
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) {
    return new DomainError(
      'INVALID_TRANSITION',
      `Dossier ${dossierCode} is closed: it accepts no more actions`,
    );
  }
  return err;
}

/**
 * The dossier must exist; an anonymous caller (`lookupKey` given, null when missing) must also hold
 * its lookup key, under the same throttle as public tracking: key guessing is slowed wherever a key
 * is accepted, and "no such dossier" and "wrong key" get the same answer.
 */
export async function requireDossier(prisma: PrismaClient, code: string, anonymous?: AnonymousLookup) {
  const find = () => dossierForAction(prisma, code);
  if (!anonymous) {
    const dossier = await find();
    if (!dossier) throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${code}`);
    return dossier;
  }
  return findWithLookupKey(anonymous, code, find);
}
