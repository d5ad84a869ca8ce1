// Only the builder's setup: context, scalars, plugins, auth scopes and the Prisma types. Schema files add to it.
import SchemaBuilder, { BasePlugin, isThenable, PothosValidationError, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLFieldResolver } from 'graphql';
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

/**
 * Pothos reports a caller's bad connection arguments (an unparsable cursor, a negative `first`,
 * `first` with `before`) as PothosValidationError, which the API would mask as an unexpected error.
 * On connection fields they are the caller's mistake: answered as VALIDATION_FAILED.
 */
class ConnectionArgumentErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!('after' in fieldConfig.args) && !('before' in fieldConfig.args)) return resolver;
    const coded = (error: unknown) =>
      error instanceof PothosValidationError ? new DomainError('VALIDATION_FAILED', error.message) : error;
    return (parent, args, context, info) => {
      try {
        const result: unknown = resolver(parent, args, context, info);
        return isThenable(result) ? Promise.resolve(result).catch((error: unknown) => Promise.reject(coded(error))) : result;
      } catch (error) {
        throw coded(error);
      }
    };
  }
}

/**
 * PostgreSQL text and jsonb cannot hold the NUL character (U+0000): an argument carrying one made
 * the database fail the query, answered as an unexpected error. No legitimate input contains it, so
 * every field refuses it up front as VALIDATION_FAILED, naming where it was.
 */
export function findNulCharacter(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNulCharacter(key, `${path}.<key>`) ?? findNulCharacter(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function refuseNulCharacters(args: object): void {
  for (const [name, value] of Object.entries(args)) {
    const found = findNulCharacter(value, name);
    if (found) throw new DomainError('VALIDATION_FAILED', `${found}: must not contain the NUL character (U+0000)`);
  }
}

class NulCharacterPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      refuseNulCharacters(args);
      return resolver(parent, args, context, info);
    };
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return (parent, args, context, info) => {
      refuseNulCharacters(args);
      return subscribe(parent, args, context, info);
    };
  }
}

declare global {
  // Pothos registers plugins by augmenting its global namespace.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      connectionArgumentErrors: ConnectionArgumentErrorsPlugin<Types>;
      nulCharacters: NulCharacterPlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin('connectionArgumentErrors', ConnectionArgumentErrorsPlugin);
SchemaBuilder.registerPlugin('nulCharacters', NulCharacterPlugin);

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
  plugins: [ScopeAuthPlugin, 'nulCharacters', 'connectionArgumentErrors', RelayPlugin, PrismaPlugin],
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
