// Agency, officer, applicant and supervisor actions on a running dossier. Each goes to the dossier's
// workflow as an Update and answers with the dossier as it now stands in the read model (the
// workflow records the change there before it answers).
import type { UpdateDefinition } from '@temporalio/common';
import { actorOf } from '../../services/access/principal';
import {
  acknowledgeEscalationUpdate,
  completeStepUpdate,
  issueApologyUpdate,
  provideSupplementUpdate,
  refuseDossierUpdate,
  requestSupplementUpdate,
  resolveEscalationUpdate,
  retryStepUpdate,
  withdrawDossierUpdate,
  type Actor,
  type DossierState,
} from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import { requireDossier, runDossierAction } from '../../services/actions/dossier-actions';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';

type Query = { include?: object; select?: object };

/** Runs the action, then reads the dossier back with the client's selection. */
async function act<Args extends object>(
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

const CompleteStepInput = builder.inputType('CompleteStepInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    result: t.field({ type: 'JSON', description: 'What the agency produced, e.g. { documentNo }' }),
  }),
});
const RequestSupplementInput = builder.inputType('RequestSupplementInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    items: t.stringList({ required: true }),
    note: t.string(),
  }),
});
const RefuseDossierInput = builder.inputType('RefuseDossierInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    reason: t.string({ required: true }),
  }),
});
const IssueApologyInput = builder.inputType('IssueApologyInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    reason: t.string({ required: true }),
    newDueAt: t.field({ type: 'DateTime', required: true }),
  }),
});
const RetryStepInput = builder.inputType('RetryStepInput', {
  fields: (t) => ({ dossierCode: t.string({ required: true }), stepKey: t.string({ required: true }) }),
});
const ApplicantActionInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      dossierCode: t.string({ required: true }),
      lookupKey: t.string({ description: 'Required for anonymous callers: the key printed on the receipt.' }),
      note: t.string(),
    }),
  });
const ProvideSupplementInput = ApplicantActionInput('ProvideSupplementInput');
const WithdrawDossierInput = ApplicantActionInput('WithdrawDossierInput');
const EscalationActionInput = builder.inputType('EscalationActionInput', {
  fields: (t) => ({ escalationId: t.string({ required: true }), note: t.string() }),
});

builder.mutationFields((t) => ({
  completeStep: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: CompleteStepInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(ctx, query, input.dossierCode, completeStepUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        result: (input.result ?? undefined) as Record<string, unknown> | undefined,
      })),
  }),
  requestSupplement: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: RequestSupplementInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(ctx, query, input.dossierCode, requestSupplementUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        items: input.items,
        note: input.note ?? undefined,
      })),
  }),
  provideSupplement: t.prismaField({
    type: 'Dossier',
    authScopes: { public: true },
    args: { input: t.arg({ type: ProvideSupplementInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(
        ctx,
        query,
        input.dossierCode,
        provideSupplementUpdate,
        (actor) => ({ actor, note: input.note ?? undefined }),
        input.lookupKey,
      ),
  }),
  refuseDossier: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: RefuseDossierInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(ctx, query, input.dossierCode, refuseDossierUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        reason: input.reason,
      })),
  }),
  withdrawDossier: t.prismaField({
    type: 'Dossier',
    authScopes: { public: true },
    args: { input: t.arg({ type: WithdrawDossierInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(
        ctx,
        query,
        input.dossierCode,
        withdrawDossierUpdate,
        (actor) => ({ actor, reason: input.note ?? undefined }),
        input.lookupKey,
      ),
  }),
  issueApology: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: IssueApologyInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(ctx, query, input.dossierCode, issueApologyUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        reason: input.reason,
        newDueAt: input.newDueAt.toISOString(),
      })),
  }),
  retryStep: t.prismaField({
    type: 'Dossier',
    authScopes: { supervisor: true, admin: true },
    args: { input: t.arg({ type: RetryStepInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      act(ctx, query, input.dossierCode, retryStepUpdate, (actor) => ({ actor, stepKey: input.stepKey })),
  }),
  acknowledgeEscalation: t.prismaField({
    type: 'Dossier',
    authScopes: { supervisor: true, admin: true, agency: true },
    args: { input: t.arg({ type: EscalationActionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) =>
      act(
        ctx,
        query,
        await dossierOfEscalation(ctx, input.escalationId),
        acknowledgeEscalationUpdate,
        (actor) => ({
          actor,
          escalationId: input.escalationId,
        }),
      ),
  }),
  resolveEscalation: t.prismaField({
    type: 'Dossier',
    authScopes: { supervisor: true, admin: true, agency: true },
    args: { input: t.arg({ type: EscalationActionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) =>
      act(
        ctx,
        query,
        await dossierOfEscalation(ctx, input.escalationId),
        resolveEscalationUpdate,
        (actor) => ({
          actor,
          escalationId: input.escalationId,
          note: input.note ?? undefined,
        }),
      ),
  }),
}));

async function dossierOfEscalation(ctx: GraphQLContext, escalationId: string): Promise<string> {
  const escalation = await ctx.prisma.escalation.findUnique({
    where: { id: escalationId },
    select: { dossierCode: true },
  });
  if (!escalation) throw new DomainError('ESCALATION_NOT_FOUND', `No escalation ${escalationId}`);
  return escalation.dossierCode;
}
