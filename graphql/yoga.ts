// The Yoga instance, separate from the server that listens, so tests call `yoga.fetch` in-process.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga } from 'graphql-yoga';
import { authenticate } from '../auth/api-keys';
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
    // Authenticated before any resolver runs: a bad key fails the whole request with nothing executed.
    context: async ({ request }) => ({
      ...services,
      requestId: request.headers.get('x-request-id') ?? randomUUID(),
      principal: await authenticate(services.prisma, request.headers.get('authorization')),
    }),
    maskedErrors: {
      // Expected failures keep their message and code; anything else is masked as "Unexpected error.".
      maskError(error, message, isDev) {
        // A resolver's error arrives wrapped (originalError); the context's (a refused API key) arrives bare.
        const original = error instanceof DomainError ? error : (error as { originalError?: unknown }).originalError;
        if (original instanceof DomainError) {
          return createGraphQLError(original.message, {
            path: (error as GraphQLError).path,
            extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
          });
        }
        // Invalid variables (a bad Date, an unknown enum value) fail before any resolver runs: the caller's mistake.
        if (error instanceof GraphQLError && !error.path && (original === undefined || original instanceof GraphQLError)) {
          return createGraphQLError(error.message, { extensions: { code: 'VALIDATION_FAILED' } });
        }
        if ((error as { extensions?: { code?: string } }).extensions?.code) return error as Error;
        return createGraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', ...(isDev ? { originalError: String(original) } : {}) } });
      },
    },
  });
}

// Yoga logs every error a resolver throws; expected (coded) ones are answers, not incidents.
const isExpected = (value: unknown) =>
  value instanceof DomainError ||
  (value as { originalError?: unknown })?.originalError instanceof DomainError ||
  (value instanceof GraphQLError && !value.path && !(value.originalError && !(value.originalError instanceof GraphQLError)));
const expectedErrorsSilenced = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    if (!args.some(isExpected)) console.error(...args);
  },
};
