// Only the builder's setup: context, scalars, plugins, auth scopes and the Prisma types. Schema files add to it.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DomainError } from '../domain/errors';
import type PrismaTypes from '../prisma/generated/pothos-types';
import { getDatamodel } from '../prisma/generated/pothos-types';
import type { GraphQLContext } from './context';

/**
 * Who may call a field: `public` (anyone, anonymous included), `authenticated` (any API key) or one
 * role. Roles do not include each other (ADMIN is not implicitly everything): each field lists
 * the roles it serves, `{ portal: true, admin: true }` meaning either (defaultStrategy 'any').
 */
export interface AuthScopes {
  public: boolean;
  authenticated: boolean;
  portal: boolean;
  agency: boolean;
  supervisor: boolean;
  admin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultAuthStrategy: 'any';
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // ScopeAuthPlugin first (Pothos requires it): authorization then runs before anything another plugin wraps around a resolver.
  plugins: [ScopeAuthPlugin, PrismaPlugin],
  scopeAuth: {
    defaultStrategy: 'any',
    authScopes: ({ principal }) => ({
      public: true,
      authenticated: principal !== null,
      portal: principal?.role === 'PORTAL',
      agency: principal?.role === 'AGENCY',
      supervisor: principal?.role === 'SUPERVISOR',
      admin: principal?.role === 'ADMIN',
    }),
    // A DomainError, so the API answers with the stable code like every other expected refusal.
    unauthorizedError: () => new DomainError('FORBIDDEN', 'Not allowed for this API key'),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('Date', LocalDateResolver);
builder.addScalarType('JSON', JSONResolver);
builder.queryType({});
builder.mutationType({});
