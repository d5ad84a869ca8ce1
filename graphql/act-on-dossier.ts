// How every action on a running dossier resolves (schema/dossier-actions.ts, schema/escalation.ts):
// it goes to the dossier's workflow as an Update and answers with the dossier as it now stands in
// the read model (the workflow records the change there before it answers).
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor, DossierState } from '../domain/contract/dossier-workflow';
import { actorOf } from '../domain/principal';
import { requireDossier, runDossierAction } from '../services/actions/dossier-actions';
import type { GraphQLContext } from './context';

/** The client's selection, as Pothos hands it to a Prisma field's resolver. */
type Query = { include?: object; select?: object };

/** Runs the action, then reads the dossier back with the client's selection. */
export async function actOnDossier<Args extends object>(
  ctx: GraphQLContext,
  query: Query,
  dossierCode: string,
  update: UpdateDefinition<DossierState, [Args]>,
  args: (actor: Actor) => Args,
  lookupKey?: string | null,
) {
  // Anonymous callers prove with the lookup key printed on their receipt that the dossier is theirs.
  const anonymous = { clientIp: ctx.clientIp, lookupKey: lookupKey ?? null, throttle: ctx.lookupThrottle };
  await requireDossier(ctx.prisma, dossierCode, ctx.principal ? undefined : anonymous);
  await runDossierAction(
    ctx.temporal,
    dossierCode,
    update,
    args(actorOf(ctx.principal)),
    ctx.engineDeadlineMs,
  );
  return ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code: dossierCode } });
}
