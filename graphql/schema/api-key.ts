// API keys as administrators manage them. Hashes never leave the database; the plain key appears
// once, in createApiKey's answer.
import { createApiKey, revokeApiKey } from '../../services/access/api-keys';
import { builder } from '../builder';
import { RoleEnum } from './enums';

const ApiKey = builder.prismaObject('ApiKey', {
  // Defence in depth: whatever field returns a key later, only administrators read keys.
  authScopes: { admin: true },
  fields: (t) => ({
    id: t.exposeID('id', { nullable: false }),
    prefix: t.exposeString('prefix', {
      nullable: false,
      description: 'The lt_<prefix>_ part of the key: names it without revealing it.',
    }),
    role: t.expose('role', { nullable: false, type: RoleEnum }),
    agencyCode: t.exposeString('agencyCode', { nullable: true }),
    label: t.exposeString('label', { nullable: true }),
    createdAt: t.expose('createdAt', { nullable: false, type: 'DateTime' }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'The id of the key that created this one.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedBy: t.exposeString('revokedBy', {
      nullable: true,
      description: 'The id of the key or account that revoked this one.',
    }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the key last authenticated a request, to the minute; null: never used.',
    }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    description: 'Every key, revoked ones included, newest first.',
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.apiKey.findMany({ ...query, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    role: t.field({ type: RoleEnum, required: true }),
    agencyCode: t.string({
      description: 'Required for AGENCY keys (an existing agency), absent for the others.',
    }),
    label: t.string({ description: 'Who holds the key, e.g. "Cổng DVC tỉnh" (at most 200 characters).' }),
  }),
});

const CreateApiKeyPayload = builder
  .objectRef<Awaited<ReturnType<typeof createApiKey>>>('CreateApiKeyPayload')
  .implement({
    fields: (t) => ({
      key: t.exposeString('key', {
        nullable: false,
        description: 'The plain key, shown this once: only its hash is stored.',
      }),
      apiKey: t.field({ type: ApiKey, nullable: false, resolve: (created) => created.apiKey }),
    }),
  });

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    authScopes: { admin: true },
    resolve: (_root, { input }, ctx) => createApiKey(ctx.prisma, input, ctx.principal?.id),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.prismaField({
    type: 'ApiKey',
    description: 'Takes effect on the next request. Revoking a revoked key changes nothing.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { admin: true },
    resolve: async (query, _root, { id }, ctx) => {
      const revoked = await revokeApiKey(ctx.prisma, String(id), ctx.principal?.id);
      return ctx.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id: revoked.id } });
    },
  }),
);
