// Agencies of the catalog: who handles steps, who receives dossiers, and who supervises whom
// (escalations climb from an agency to its parent).
import { upsertAgency } from '../../services/catalog/agencies';
import { builder } from '../builder';
import { AdminLevelEnum } from './enums';

builder.prismaObject('Agency', {
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    level: t.expose('level', { type: AdminLevelEnum, nullable: false }),
    parentCode: t.exposeString('parentCode', { nullable: true }),
    endpointUrl: t.exposeString('endpointUrl', {
      nullable: true,
      description: "Base URL of the agency's own system, for SYSTEM steps.",
    }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { nullable: false, query: { orderBy: { code: 'asc' } } }),
  }),
});

builder.queryField('agencies', (t) =>
  t.prismaField({
    authScopes: { authenticated: true },
    type: ['Agency'],
    nullable: false,
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.agency.findMany({ ...query, orderBy: [{ level: 'asc' }, { code: 'asc' }] }),
  }),
);

const UpsertAgencyInput = builder.inputType('UpsertAgencyInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      description: 'A-Z, 0-9 and _ (no "-": it separates receipt codes), at most 16.',
    }),
    name: t.string({ required: true }),
    level: t.field({ type: AdminLevelEnum, required: true }),
    parentCode: t.string({ description: 'The supervising agency; it must exist.' }),
    endpointUrl: t.string(),
  }),
});

builder.mutationField('upsertAgency', (t) =>
  t.prismaField({
    authScopes: { admin: true },
    type: 'Agency',
    nullable: false,
    args: { input: t.arg({ type: UpsertAgencyInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const saved = await upsertAgency(ctx.prisma, {
        ...input,
        parentCode: input.parentCode ?? undefined,
        endpointUrl: input.endpointUrl ?? undefined,
      });
      return ctx.prisma.agency.findUniqueOrThrow({ ...query, where: { code: saved.code } });
    },
  }),
);
