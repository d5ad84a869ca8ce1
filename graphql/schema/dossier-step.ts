// A step of a dossier at one agency, and the agency's inbox: the steps waiting on it.
import { inboxWhere } from '../../prisma/read-model/dossier-filters';
import { builder } from '../builder';
import { connectionTypes, readPage } from '../pagination';
import { StepStatusEnum } from './enums';

builder.prismaObject('DossierStep', {
  fields: (t) => ({
    key: t.exposeString('key', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    status: t.expose('status', { type: StepStatusEnum, nullable: false }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    mode: t.exposeString('mode', { nullable: false }),
    warnedAt: t.expose('warnedAt', { type: 'DateTime', nullable: true }),
    late: t.exposeBoolean('late', {
      nullable: false,
      description: 'Finished after its own deadline: the lateness is attributed to this step.',
    }),
    pausedWorkingMinutes: t.exposeFloat('pausedMinutes', { nullable: false }),
    failure: t.exposeString('failure', { nullable: true }),
    dossier: t.relation('dossier', { nullable: false }),
  }),
});

builder.queryField('agencyInbox', (t) =>
  t.prismaConnection(
    {
      type: 'DossierStep',
      cursor: 'dossierCode_key',
      description:
        "Steps at the caller's agency (AGENCY keys), most urgent first: due time ascending, then dossier code and step key.",
      nullable: false,
      authScopes: { agency: true },
      args: {
        status: t.arg({
          type: [StepStatusEnum],
          required: true,
          defaultValue: ['ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED'],
          description: 'Steps in any of these statuses.',
        }),
      },
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.dossierStep.count({ where: inboxWhere(ctx.principal, args.status) }),
      resolve: (query, _root, args, ctx) =>
        readPage(args, () =>
          ctx.prisma.dossierStep.findMany({
            ...query,
            where: inboxWhere(ctx.principal, args.status),
            orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { dossierCode: 'asc' }, { key: 'asc' }],
          }),
        ),
    },
    ...connectionTypes('DossierStep'),
  ),
);
