// Only the builder's setup: context, scalars, plugins, auth scopes and the Prisma types. Schema files add to it.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DomainError } from '../domain/errors';
import type PrismaTypes from '../prisma/generated/pothos-types';
import { getDatamodel } from '../prisma/generated/pothos-types';
import { authScopesOf, type AuthScopes } from './auth-scopes';
import type { GraphQLContext } from './context';
import { connectionArgumentErrors, wellFormedInput } from './plugins/register';

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
  // Relay connections: `edges: [XEdge!]!` with `node: X!`.
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  // ScopeAuthPlugin first (Pothos requires it): authorization then runs before anything another plugin wraps around a resolver.
  plugins: [ScopeAuthPlugin, wellFormedInput, connectionArgumentErrors, RelayPlugin, PrismaPlugin],
  scopeAuth: {
    defaultStrategy: 'any',
    authScopes: authScopesOf,
    // A DomainError, so the API answers with the stable code like every other expected refusal.
    unauthorizedError: () => new DomainError('FORBIDDEN', 'Not allowed for this API key'),
  },
  relay: {
    cursorType: 'String',
    clientMutationId: 'omit',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // No global `node(id)`/`nodes(ids)` fields: every read goes through a field with its own scopes.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
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
