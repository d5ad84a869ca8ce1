// The Yoga instance, separate from the server that listens, so tests call `yoga.fetch` in-process.
// Production hygiene lives here: authentication in the context factory, a nesting limit (before
// parsing) and depth / alias / cost / token limits (graphql-armor) answered as QUERY_TOO_COMPLEX, a
// request body limit (413), a request id on every request (echoed in `x-request-id`), masked
// unexpected errors logged with that id, and CORS from the configuration.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, type Plugin } from 'graphql-yoga';
import { authenticateCaller, CSRF_HEADER } from '../services/access/sessions';
import { clientIpOf, trustedProxies } from '../services/access/client-address';
import { DomainError } from '../domain/errors';
import {
  currentRequestScope,
  logger as processLogger,
  requestIdFrom,
  runInRequestScope,
  type Logger,
} from '../platform/logger';
import { createLiveEvents, type LiveEvents } from '../services/live/live-events';
import { auditPlugin } from './plugins/audit';
import { observabilityPlugin } from './plugins/observability';
import { nestedDeeperThan } from './plugins/document-nesting';
import type { ApiServices } from '../services/create-services';
import type { GraphQLContext } from './context';
import { schema } from './schema';

/** What one request may ask for. Generous for every query the portals and agencies send; far below what hurts. */
export const API_LIMITS = {
  /** Nesting of fields (introspection excepted; fragments flattened). */
  maxDepth: 10,
  maxAliases: 15,
  /**
   * graphql-armor's cost: 2 per object, 1 per scalar, times `depthCostFactor` per level of depth,
   * times `first`/`last` on a list. The heaviest legitimate request, a page of 100 dossiers with
   * every field, their steps, escalations and apologies, costs about 28,000; a few aliased copies
   * of it are refused.
   */
  maxCost: 40_000,
  depthCostFactor: 1.5,
  maxTokens: 2000,
  maxDirectives: 20,
  /**
   * Braces, brackets and parentheses in the document, checked before parsing (graphql/plugins/document-nesting.ts).
   * Above anything legitimate (selections 10 deep, JSON literals 32), far below the ~2,000 that overflow the parser.
   */
  maxNesting: 100,
  /** Bytes of request body; larger answers 413. */
  maxBodyBytes: 1_000_000,
};

export interface ApiOptions {
  /** GraphiQL at /graphql for browsers (development only). */
  graphiql?: boolean;
  /** Where subscriptions listen; an in-process pub/sub when absent. */
  live?: LiveEvents;
  logger?: Logger;
  /** Production hides field suggestions ("Did you mean …") that would reveal the schema. Default: NODE_ENV=production. */
  production?: boolean;
  /** Allowed browser origins (`['*']`: any); false: no CORS headers at all. Default: any outside production, none in it. */
  corsOrigins?: string[] | false;
  limits?: Partial<typeof API_LIMITS>;
}

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export function createApi(services: ApiServices, options: ApiOptions = {}) {
  const log = options.logger ?? processLogger;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const limits = { ...API_LIMITS, ...options.limits };
  const live = options.live ?? createLiveEvents({ kind: 'memory' });
  const corsOrigins = options.corsOrigins ?? (production ? false : ['*']);

  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql ?? true,
    landingPage: false,
    logging: yogaLogger(log),
    maxRequestBodySize: limits.maxBodyBytes,
    cors:
      corsOrigins === false
        ? false
        : {
            origin: corsOrigins,
            methods: ['GET', 'POST', 'OPTIONS'],
            allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id', CSRF_HEADER],
            exposedHeaders: ['x-request-id'],
            maxAge: 600,
          },
    plugins: [
      observabilityPlugin(),
      requestIdPlugin(log),
      nestingLimitPlugin(limits.maxNesting),
      auditPlugin(log),
      EnvelopArmorPlugin({
        maxDepth: {
          n: limits.maxDepth,
          ignoreIntrospection: true,
          flattenFragments: true,
          onReject: [tooComplex],
        },
        maxAliases: { n: limits.maxAliases, allowList: [], onReject: [tooComplex] },
        costLimit: {
          maxCost: limits.maxCost,
          depthCostFactor: limits.depthCostFactor,
          ignoreIntrospection: true,
          onReject: [tooComplex],
        },
        maxTokens: { n: limits.maxTokens, onReject: [tooComplex] },
        maxDirectives: { n: limits.maxDirectives, onReject: [tooComplex] },
        blockFieldSuggestion: { enabled: production },
      }),
    ],
    // Authenticated before any resolver runs: a bad key fails the whole request with nothing executed.
    context: async ({ request, req }) => ({
      ...services,
      live,
      requestId: currentRequestScope()?.requestId ?? requestIdFrom(request.headers.get('x-request-id')),
      // On node:http Yoga gets the IncomingMessage as `req`; an in-process `yoga.fetch` has none.
      clientIp: clientIpOf(
        request.headers.get('x-forwarded-for'),
        (req as IncomingMessage | undefined)?.socket?.remoteAddress,
        trustedProxies(),
      ),
      // An API key, or a person's session cookie with its CSRF header (services/access/sessions.ts).
      principal: await authenticateCaller(services.sql, services.sessions, {
        authorization: request.headers.get('authorization'),
        cookie: request.headers.get('cookie'),
        csrfToken: request.headers.get(CSRF_HEADER),
      }),
    }),
    maskedErrors: {
      // Expected failures keep their message and code; anything else is masked as "Unexpected error.".
      maskError(error, message, isDev) {
        // A resolver's error arrives wrapped (originalError); the context's (a refused API key) arrives bare.
        const original =
          error instanceof DomainError ? error : (error as { originalError?: unknown }).originalError;
        if (original instanceof DomainError) {
          return createGraphQLError(original.message, {
            path: (error as GraphQLError).path,
            extensions: {
              code: original.code,
              ...(original.details ? { details: original.details } : {}),
              // A forged cross-site request is refused as such, before anything runs.
              ...(original.code === 'CSRF_REJECTED' ? { http: { status: 403 } } : {}),
            },
          });
        }
        if (error instanceof GraphQLError && !error.path && original === undefined) {
          const code = error.extensions?.code;
          // A query over the limits (graphql-armor, tagged by `tooComplex`).
          if (code === QUERY_TOO_COMPLEX) {
            return createGraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } });
          }
          // Yoga's own refusal of an oversized body: keep its code and its HTTP status (413).
          if (code === 'REQUEST_ENTITY_TOO_LARGE') return error;
        }
        // Invalid variables (a bad Date, an unknown enum value) fail before any resolver runs: the caller's mistake.
        if (
          error instanceof GraphQLError &&
          !error.path &&
          (original === undefined || original instanceof GraphQLError)
        ) {
          return createGraphQLError(error.message, { extensions: { code: 'VALIDATION_FAILED' } });
        }
        if ((error as { extensions?: { code?: string } }).extensions?.code) return error as Error;
        // Unexpected: logged here with the stack and the request id (never the request's variables),
        // answered with that id so support can find the log line.
        const scope = currentRequestScope();
        const requestId = scope?.requestId ?? randomUUID();
        const cause = original ?? error;
        (scope?.log ?? log.child({ requestId })).error(
          { err: cause, path: (error as GraphQLError).path?.join('.') },
          'unexpected error (masked in the response)',
        );
        return createGraphQLError(message, {
          path: (error as GraphQLError).path,
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            requestId,
            ...(isDev ? { originalError: String(cause) } : {}),
          },
        });
      },
    },
  });
}

/** A document nested deeper than `maxNesting` is refused before graphql-js's recursive parser sees it. */
function nestingLimitPlugin(maxNesting: number): Plugin {
  return {
    onParse({ params }) {
      const document = typeof params.source === 'string' ? params.source : params.source.body;
      if (nestedDeeperThan(document, maxNesting)) {
        throw createGraphQLError(`The document is nested more than ${maxNesting} levels deep`, {
          extensions: { code: QUERY_TOO_COMPLEX },
        });
      }
    },
  };
}

/** graphql-armor's rejections carry no code: tag them so the answer is a stable QUERY_TOO_COMPLEX. */
const tooComplex: GraphQLArmorRejectCallback = (_context, error) => {
  (error.extensions as Record<string, unknown>).code = QUERY_TOO_COMPLEX;
};

/**
 * Every request runs in a request scope (platform/logger.ts) with an id: the caller's `x-request-id`
 * when sane, else a new one; the response echoes it. Validation errors (unknown field, bad
 * literal) are the caller's mistake: coded VALIDATION_FAILED like every other (Yoga's default
 * would be GRAPHQL_VALIDATION_FAILED).
 */
function requestIdPlugin(log: Logger): Plugin {
  const ids = new WeakMap<Request, string>();
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const requestId = requestIdFrom(request.headers.get('x-request-id'));
        ids.set(request, requestId);
        return runInRequestScope(requestId, log, wrapped);
      },
    },
    onValidate() {
      return ({ valid, result }) => {
        if (valid) return;
        for (const error of result) {
          const extensions = error.extensions as Record<string, unknown>;
          if (extensions.code === undefined || extensions.code === 'GRAPHQL_VALIDATION_FAILED')
            extensions.code = 'VALIDATION_FAILED';
        }
      };
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request) ?? currentRequestScope()?.requestId;
      if (requestId && !response.headers.has('x-request-id')) response.headers.set('x-request-id', requestId);
    },
  };
}

// Yoga reports every error it masked or rewrote; the unexpected ones are already logged (with the
// request id) by maskError, and expected (coded) ones are answers, not incidents: debug at most.
function yogaLogger(log: Logger) {
  const scoped = () => currentRequestScope()?.log ?? log;
  const describe = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? `${a.name}: ${withheldInput(a.message)}` : String(a))).join(' ');
  return {
    debug: (...args: unknown[]) => scoped().debug(describe(args)),
    info: (...args: unknown[]) => scoped().debug(describe(args)),
    warn: (...args: unknown[]) => scoped().warn(describe(args)),
    error: (...args: unknown[]) => scoped().debug(`yoga reported: ${describe(args)}`),
  };
}

/**
 * GraphQL's coercion and validation messages quote the caller's value (`Variable "$input" got
 * invalid value "Nguyễn Văn An" at "input.channel"; …`), which may be an applicant's personal data:
 * the log keeps what was wrong and where, never the value.
 */
export function withheldInput(message: string): string {
  const variable = /^Variable "(\$[^"]*)" got invalid value [\s\S]*?(?: at "([^"]*)")?;/.exec(message);
  if (variable)
    return `Variable "${variable[1]}" got an invalid value${variable[2] ? ` at "${variable[2]}"` : ''} (value withheld)`;
  if (/got invalid value|cannot represent|does not exist in|Expected value of type|found /i.test(message)) {
    return `${message.split(/[:;,]/)[0].slice(0, 80)}… (message withheld: it quotes the caller's input)`;
  }
  return message;
}
