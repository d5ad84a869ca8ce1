// Only the builder's setup: context, scalars, plugins, auth scopes and the Prisma types. Schema files add to it.
import SchemaBuilder, {
  BasePlugin,
  isThenable,
  PothosValidationError,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLFieldResolver } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DomainError } from '../domain/errors';
import type PrismaTypes from '../prisma/generated/pothos-types';
import { getDatamodel } from '../prisma/generated/pothos-types';
import type { GraphQLContext } from './context';
import { WellFormedInputPlugin } from './plugins/well-formed-input';

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
        return isThenable(result)
          ? Promise.resolve(result).catch((error: unknown) => Promise.reject(coded(error)))
          : result;
      } catch (error) {
        throw coded(error);
      }
    };
  }
}

declare global {
  // Pothos registers plugins by augmenting its global namespace.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      connectionArgumentErrors: ConnectionArgumentErrorsPlugin<Types>;
      wellFormedInput: WellFormedInputPlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin('connectionArgumentErrors', ConnectionArgumentErrorsPlugin);
SchemaBuilder.registerPlugin('wellFormedInput', WellFormedInputPlugin);

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
  plugins: [ScopeAuthPlugin, 'wellFormedInput', 'connectionArgumentErrors', RelayPlugin, PrismaPlugin],
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
