// recordResultReturned: the desk that received a dossier records that the applicant (or someone
// on their behalf) collected its result. Checked here, written in one statement by the read model
// (prisma/read-model/result-return.ts): the dossier's columns, its trail and the national portal's
// outbox. Repeating the same record answers it again; a different one is refused, so a second
// officer cannot overwrite what the first wrote in the register. The API writes it, not the workflow,
// so the read-model writer never sees it: the dossier's followers (its page) and the desk's agency
// (its hand-back list and register) are told here.
import {
  RESULT_READY_STATUSES,
  RESULT_RETURNED_SEQ,
  isResultReady,
  resultReturnProblem,
} from '../../domain/handover/result-return';
import { DomainError } from '../../domain/errors';
import { actorLabel, actorOf, type Principal } from '../../domain/principal';
import type { PrismaClient } from '../../prisma/database';
import {
  dossierForHandover,
  recordResultReturn,
  type HandoverDossier,
} from '../../prisma/read-model/result-return';
import type { SqlExecutor } from '../../prisma/sql-executor';
import { agencyDossiersTopic, dossierTopic, type LiveEvents } from '../live/live-events';

export interface RecordResultReturnedInput {
  dossierCode: string;
  returnedTo: string;
  /** When it was handed over; now when not given. */
  returnedAt?: Date | null;
}

export interface HandoverDeps {
  prisma: PrismaClient;
  sql: SqlExecutor;
  principal: Principal | null;
  live: Pick<LiveEvents, 'publish'>;
  now?: () => Date;
}

const sameInstant = (a: Date | null, b: Date) => a !== null && Math.abs(a.getTime() - b.getTime()) < 1_000;

export async function recordResultReturned(
  { prisma, sql, principal, live, now = () => new Date() }: HandoverDeps,
  input: RecordResultReturnedInput,
): Promise<{ code: string }> {
  const found = await dossierForHandover(prisma, input.dossierCode, principal);
  if (!found) throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${input.dossierCode}`);
  // Administrators act for any desk; a desk only for the dossiers its own agency received (the read
  // above already hides the others).
  const returnedAt = input.returnedAt ?? now();
  const returnedTo = input.returnedTo.trim();
  const problem = resultReturnProblem({ returnedTo, returnedAt }, found, now());
  if (problem)
    throw new DomainError('VALIDATION_FAILED', problem.message, {
      field: `input.${problem.field}`,
      reason: problem.reason,
    });
  if (found.resultReturnedAt) return alreadyReturned(found, returnedTo, input.returnedAt ?? null);
  if (!isResultReady(found.status)) throw notReady(found);

  const actor = actorOf(principal);
  const recorded = await recordResultReturn(sql, {
    code: found.code,
    returnedAt,
    returnedTo,
    recordedBy: principal?.person?.name ?? principal?.label ?? actorLabel(actor),
    actor: actorLabel(actor),
    payload: {
      returnedAt: returnedAt.toISOString(),
      ...(actor.person ? { by: { name: actor.person.name, title: actor.person.title } } : {}),
    },
    readyStatuses: RESULT_READY_STATUSES,
  });
  if (recorded) {
    // The event's sequence number in the trail is the record's reference, as a workflow event's is.
    const reference = { code: found.code, seq: RESULT_RETURNED_SEQ };
    live.publish(dossierTopic(found.code), reference);
    live.publish(agencyDossiersTopic(found.receivingAgencyCode), reference);
    return { code: found.code };
  }
  // Another desk recorded it, or the dossier changed, between the read and the write: answer as then.
  const latest = await dossierForHandover(prisma, input.dossierCode, principal);
  if (latest?.resultReturnedAt) return alreadyReturned(latest, returnedTo, input.returnedAt ?? null);
  throw notReady(latest ?? found);
}

function notReady(d: HandoverDossier): DomainError {
  return new DomainError(
    'INVALID_TRANSITION',
    `Dossier ${d.code} is ${d.status}: there is no result to hand back yet`,
    { status: d.status },
  );
}

/** The same record again is answered as done; another one is refused with what the register says. */
function alreadyReturned(d: HandoverDossier, returnedTo: string, returnedAt: Date | null): { code: string } {
  const same =
    d.resultReturnedTo === returnedTo && (returnedAt === null || sameInstant(d.resultReturnedAt, returnedAt));
  if (same) return { code: d.code };
  throw new DomainError(
    'RESULT_ALREADY_RETURNED',
    `The result of dossier ${d.code} was already handed back on ${d.resultReturnedAt!.toISOString()}`,
    { returnedAt: d.resultReturnedAt!.toISOString() },
  );
}
