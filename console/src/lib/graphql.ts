// gql.tada: every operation's result and variables are typed from schema.graphql (its introspection
// is generated into graphql-env.d.ts by `gql.tada generate-output`), so an operation that no longer
// fits the schema fails the console's type check in `npm run typecheck`.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; Date: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
