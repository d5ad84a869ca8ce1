// `me`: who the caller's API key says they are.
import type { Principal as PrincipalShape } from '../../domain/principal';
import { builder } from '../builder';
import { RoleEnum } from './enums';

const Principal = builder.objectRef<PrincipalShape>('Principal').implement({
  description: 'The caller as its API key identifies it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The API key's id, recorded in audit trails." }),
    role: t.expose('role', { type: RoleEnum }),
    agencyCode: t.exposeString('agencyCode', { nullable: true }),
    label: t.exposeString('label', { nullable: true }),
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
