// Escalations as supervisors and agencies read them: raised when a step or the dossier runs late or
// an agency system fails for good (level 1: the responsible agency's head; level 2: its supervising
// body). Read from the read model only.
import type { Prisma } from '../../prisma/generated/client/client';
import type { Principal } from '../../services/access/principal';
import { builder } from '../builder';
import { checkPageSize } from './dossier';
import { EscalationReasonEnum, EscalationStatusEnum } from './enums';

export const Escalation = builder.prismaObject('Escalation', {
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

/** Supervisors and administrators see every escalation; an agency those it is responsible for or addressed. */
function escalationsVisibleTo(principal: Principal | null): Prisma.EscalationWhereInput {
  if (principal?.role !== 'AGENCY') return {};
  const agencyCode = principal.agencyCode ?? '';
  return { OR: [{ agencyCode }, { targetAgencyCode: agencyCode }] };
}

type EscalationFilterShape = typeof EscalationFilter.$inferInput;

function escalationWhere(
  filter: EscalationFilterShape | null | undefined,
  principal: Principal | null,
): Prisma.EscalationWhereInput {
  const and: Prisma.EscalationWhereInput[] = [escalationsVisibleTo(principal)];
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.level != null) and.push({ level: filter.level });
  if (filter?.agencyCode != null) and.push({ agencyCode: filter.agencyCode });
  if (filter?.targetAgencyCode != null) and.push({ targetAgencyCode: filter.targetAgencyCode });
  if (filter?.dossierCode != null) and.push({ dossierCode: filter.dossierCode });
  return { AND: and };
}

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
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.escalation.findMany({
          ...query,
          where: escalationWhere(args.filter, ctx.principal),
          orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
        });
      },
    },
    { name: 'EscalationConnection' },
    { name: 'EscalationEdge' },
  ),
);
