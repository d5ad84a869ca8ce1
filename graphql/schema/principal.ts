// `me`: who the caller is, as its API key or its session says.
import type { Person as PersonShape, Principal as PrincipalShape } from '../../domain/principal';
import { builder } from '../builder';
import { RoleEnum } from './enums';

const Person = builder.objectRef<PersonShape>('Person').implement({
  description: 'A person signed in with an account: what the trail records and signature blocks print.',
  fields: (t) => ({
    username: t.exposeString('username'),
    name: t.exposeString('name'),
    title: t.exposeString('title', { description: 'Chức vụ.' }),
  }),
});

const Principal = builder.objectRef<PrincipalShape>('Principal').implement({
  description: 'The caller as its API key or its session identifies it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The API key's or the account's id, recorded in audit trails." }),
    role: t.expose('role', { type: RoleEnum }),
    agencyCode: t.exposeString('agencyCode', { nullable: true }),
    label: t.exposeString('label', { nullable: true }),
    person: t.field({
      type: Person,
      nullable: true,
      description: 'The person, when the caller signed in with an account; null for an API key.',
      resolve: (principal) => principal.person ?? null,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: Principal,
    nullable: true,
    description: 'null for anonymous callers.',
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => ctx.principal,
  }),
);
