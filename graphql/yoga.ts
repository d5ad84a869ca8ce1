// The Yoga instance, separate from the server that listens, so tests call `yoga.fetch` in-process.
import { randomUUID } from 'node:crypto';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { DomainError } from '../domain/errors';
import type { ApiServices, GraphQLContext } from './context';
import { schema } from './schema';

export function createApi(services: ApiServices, options: { graphiql?: boolean } = {}) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql ?? true,
    landingPage: false,
    logging: expectedErrorsSilenced,
    context: ({ request }) => ({
      ...services,
      requestId: request.headers.get('x-request-id') ?? randomUUID(),
    }),
    maskedErrors: {
      // Expected failures keep their message and code; anything else is masked as "Unexpected error.".
      maskError(error, message, isDev) {
        const original = (error as { originalError?: unknown }).originalError;
        if (original instanceof DomainError) {
          return createGraphQLError(original.message, {
            extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
          });
        }
        if ((error as { extensions?: { code?: string } }).extensions?.code) return error as Error;
        return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', ...(isDev ? { originalError: String(original) } : {}) } });
      },
    },
  });
}

// Yoga logs every error a resolver throws; expected (coded) ones are answers, not incidents.
const isExpected = (value: unknown) =>
  value instanceof DomainError || (value as { originalError?: unknown })?.originalError instanceof DomainError;
const expectedErrorsSilenced = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    if (!args.some(isExpected)) console.error(...args);
  },
};
