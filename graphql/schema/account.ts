// People's accounts as administrators manage them. Password hashes never leave the database; a
// password goes in (createAccount, resetAccountPassword) and never comes out, and the audit trail
// records the account's id, never the arguments.
import { createAccount, deactivateAccount, resetAccountPassword } from '../../services/access/accounts';
import { builder } from '../builder';
import { RoleEnum } from './enums';

builder.prismaObject('Account', {
  // Defence in depth: whatever field returns an account later, only administrators read accounts.
  authScopes: { admin: true },
  fields: (t) => ({
    id: t.exposeID('id', { nullable: false }),
    username: t.exposeString('username', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    title: t.exposeString('title', {
      nullable: false,
      description: 'Chức vụ: printed under the name in signature blocks.',
    }),
    role: t.expose('role', { nullable: false, type: RoleEnum }),
    agencyCode: t.exposeString('agencyCode', { nullable: true }),
    active: t.exposeBoolean('active', { nullable: false }),
    createdAt: t.expose('createdAt', { nullable: false, type: 'DateTime' }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'The id of the API key or account that created this one.',
    }),
    passwordChangedAt: t.expose('passwordChangedAt', { nullable: false, type: 'DateTime' }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('accounts', (t) =>
  t.prismaField({
    type: ['Account'],
    description: 'Every account, deactivated ones included, by username.',
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.account.findMany({ ...query, orderBy: { username: 'asc' } }),
  }),
);

const CreateAccountInput = builder.inputType('CreateAccountInput', {
  fields: (t) => ({
    username: t.string({
      required: true,
      description: '3-64 characters of a-z, 0-9, `.`, `_`, `-` (stored in lower case; never reused).',
    }),
    password: t.string({ required: true, description: 'At least 10 characters (WEAK_PASSWORD otherwise).' }),
    name: t.string({ required: true, description: 'The person’s full name, e.g. "Nguyễn Thị Lan".' }),
    title: t.string({ required: true, description: 'Chức vụ, e.g. "Chuyên viên Bộ phận Một cửa".' }),
    role: t.field({
      type: RoleEnum,
      required: true,
      description: 'SUPERVISOR, AGENCY, DESK or ADMIN (PORTAL is for systems: use an API key).',
    }),
    agencyCode: t.string({
      description: 'Required for AGENCY and DESK accounts (an existing agency), absent otherwise.',
    }),
  }),
});

builder.mutationField('createAccount', (t) =>
  t.prismaField({
    type: 'Account',
    description: 'ACCOUNT_EXISTS when the username is taken; WEAK_PASSWORD when the password is too short.',
    args: { input: t.arg({ type: CreateAccountInput, required: true }) },
    authScopes: { admin: true },
    resolve: async (query, _root, { input }, ctx) => {
      const account = await createAccount(ctx.prisma, input, ctx.principal?.id);
      return ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
);

builder.mutationField('deactivateAccount', (t) =>
  t.prismaField({
    type: 'Account',
    description:
      'Ends the account’s sessions at once; it can no longer sign in. Deactivating twice changes nothing.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { admin: true },
    resolve: async (query, _root, { id }, ctx) => {
      const account = await deactivateAccount(ctx.prisma, String(id));
      return ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
);

builder.mutationField('resetAccountPassword', (t) =>
  t.prismaField({
    type: 'Account',
    description: 'Sets a new password (the same policy as createAccount) and ends the account’s sessions.',
    args: { id: t.arg.id({ required: true }), password: t.arg.string({ required: true }) },
    authScopes: { admin: true },
    resolve: async (query, _root, { id, password }, ctx) => {
      const account = await resetAccountPassword(ctx.prisma, String(id), password);
      return ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
);
