// Escalations: raised when a step or the dossier runs late or an agency system fails for good
// (level 1: the responsible agency's head; level 2: its supervising body). Supervisors and agencies
// read them from the read model, and acknowledge and resolve them through the dossier's workflow.
import type { UpdateDefinition } from '@temporalio/common';
import {
  acknowledgeEscalationUpdate,
  resolveEscalationUpdate,
  type Actor,
  type DossierState,
} from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import { escalationDossierCode } from '../../prisma/read-model/dossier-actions';
import { escalationWhere } from '../../prisma/read-model/escalation-filters';
import { actOnDossier } from '../act-on-dossier';
import { workingCalendarOf } from '../../services/catalog/calendar';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { connectionTypes, readPage } from '../pagination';
import { EscalationReasonEnum, EscalationStatusEnum } from './enums';

builder.prismaObject('Escalation', {
  fields: (t) => ({
    id: t.exposeString('id', { nullable: false }),
    dossierCode: t.exposeString('dossierCode', { nullable: false }),
    stepKey: t.exposeString('stepKey', { nullable: true }),
    reason: t.expose('reason', { type: EscalationReasonEnum, nullable: false }),
    agencyCode: t.exposeString('agencyCode', {
      nullable: false,
      description: 'The agency responsible for what went wrong.',
    }),
    targetAgencyCode: t.exposeString('targetAgencyCode', {
      nullable: true,
      description:
        'Who must act: the responsible agency at level 1, its supervising body at level 2 (null: the province).',
    }),
    level: t.exposeInt('level', { nullable: false }),
    status: t.expose('status', { type: EscalationStatusEnum, nullable: false }),
    raisedAt: t.expose('raisedAt', { type: 'DateTime', nullable: false }),
    climbAt: t.expose('climbAt', { type: 'DateTime', nullable: true }),
    climbedAt: t.expose('climbedAt', { type: 'DateTime', nullable: true }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    acknowledgedBy: t.exposeString('acknowledgedBy', { nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.exposeString('resolvedBy', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    ageWorkingMinutes: t.float({
      nullable: false,
      description:
        'Working minutes from raisedAt to its resolution, or to now while it is open or acknowledged (the working calendar).',
      select: { raisedAt: true, resolvedAt: true },
      resolve: async (escalation, _args, ctx) =>
        workingCalendarOf(await ctx.calendar()).workingMinutesBetween(
          escalation.raisedAt,
          escalation.resolvedAt ?? new Date(),
        ),
    }),
  }),
});

const EscalationFilter = builder.inputType('EscalationFilter', {
  fields: (t) => ({
    status: t.field({ type: [EscalationStatusEnum], description: 'Any of these statuses.' }),
    level: t.int(),
    agencyCode: t.string({ description: 'The responsible agency.' }),
    targetAgencyCode: t.string({ description: 'The agency the escalation is addressed to.' }),
    dossierCode: t.string(),
  }),
});

builder.queryField('escalations', (t) =>
  t.prismaConnection(
    {
      type: 'Escalation',
      cursor: 'id',
      description:
        'Newest first. Supervisors and administrators see all; an AGENCY key those its agency is responsible for or addressed.',
      nullable: false,
      authScopes: { supervisor: true, admin: true, agency: true },
      args: { filter: t.arg({ type: EscalationFilter }) },
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.escalation.count({ where: escalationWhere(args.filter, ctx.principal) }),
      resolve: (query, _root, args, ctx) =>
        readPage(args, () =>
          ctx.prisma.escalation.findMany({
            ...query,
            where: escalationWhere(args.filter, ctx.principal),
            orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
          }),
        ),
    },
    ...connectionTypes('Escalation'),
  ),
);

const EscalationActionInput = builder.inputType('EscalationActionInput', {
  fields: (t) => ({ escalationId: t.string({ required: true }), note: t.string() }),
});

builder.mutationFields((t) => {
  // Both go to the workflow of the escalation's dossier.
  const escalationAction = <Args extends object>(
    update: UpdateDefinition<DossierState, [Args]>,
    args: (actor: Actor, input: typeof EscalationActionInput.$inferInput) => Args,
  ) =>
    t.prismaField({
      type: 'Dossier',
      authScopes: { supervisor: true, admin: true, agency: true },
      args: { input: t.arg({ type: EscalationActionInput, required: true }) },
      resolve: async (query, _root, { input }, ctx) =>
        actOnDossier(ctx, query, await dossierOfEscalation(ctx, input.escalationId), update, (actor) =>
          args(actor, input),
        ),
    });
  return {
    acknowledgeEscalation: escalationAction(acknowledgeEscalationUpdate, (actor, { escalationId }) => ({
      actor,
      escalationId,
    })),
    resolveEscalation: escalationAction(resolveEscalationUpdate, (actor, { escalationId, note }) => ({
      actor,
      escalationId,
      note: note ?? undefined,
    })),
  };
});

async function dossierOfEscalation(ctx: GraphQLContext, escalationId: string): Promise<string> {
  const dossierCode = await escalationDossierCode(ctx.prisma, escalationId);
  if (!dossierCode) throw new DomainError('ESCALATION_NOT_FOUND', `No escalation ${escalationId}`);
  return dossierCode;
}
