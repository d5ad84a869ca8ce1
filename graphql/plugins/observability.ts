// Metrics and a trace span for every GraphQL request. The label that names the operation is the
// root field it asks for (`completeStep`, `dossiers`, …), taken from the schema: the operation
// *name* is the client's own text and would let anyone make new series. A document with several
// root fields is `_multiple`, introspection `_introspection`, a request that never reached execution
// (unparsable, invalid, refused at the door) `_unknown`. The span wraps the whole request, so the
// Temporal client's spans (a start, an update) are its children.
import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import { getOperationAST, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../../domain/errors';
import { graphqlRequestDuration, metricsEnabled, secondsSince } from '../../platform/observability/metrics';
import { tracer } from '../../platform/observability/tracing';

interface Observed {
  started: bigint;
  span: Span;
  operation: string;
  type: string;
  outcome?: 'ok' | 'refused' | 'error';
}

/** The operation's root field (bounded by the schema), and its type. */
export function rootFieldOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): { operation: string; type: string } {
  const op = getOperationAST(document, operationName ?? undefined);
  if (!op) return { operation: '_unknown', type: 'unknown' };
  const fields = op.selectionSet.selections;
  const root =
    op.operation === 'query'
      ? schema.getQueryType()
      : op.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (fields.length !== 1 || fields[0].kind !== Kind.FIELD)
    return { operation: '_multiple', type: op.operation };
  const name = fields[0].name.value;
  if (name.startsWith('__')) return { operation: '_introspection', type: op.operation };
  return { operation: root?.getFields()[name] ? name : '_unknown', type: op.operation };
}

/** ok, refused (every error coded, e.g. FORBIDDEN) or error (an unexpected one). */
function outcomeOf(result: ExecutionResult): Observed['outcome'] {
  if (!result.errors?.length) return 'ok';
  const unexpected = result.errors.some((error) => {
    const code = error.extensions?.code ?? (error.originalError instanceof DomainError ? 'coded' : undefined);
    return code === undefined || code === 'INTERNAL_SERVER_ERROR';
  });
  return unexpected ? 'error' : 'refused';
}

export function observabilityPlugin(): Plugin {
  const requests = new WeakMap<Request, Observed>();
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const span = tracer().startSpan('graphql', { kind: SpanKind.SERVER });
        requests.set(request, {
          started: process.hrtime.bigint(),
          span,
          operation: '_unknown',
          type: 'unknown',
        });
        return context.with(trace.setSpan(context.active(), span), wrapped);
      },
    },
    onExecute({ args }) {
      const observed = requests.get((args.contextValue as { request: Request }).request);
      if (!observed) return;
      Object.assign(observed, rootFieldOf(args.schema, args.document, args.operationName));
      observed.span.updateName(`graphql ${observed.type} ${observed.operation}`);
      return {
        onExecuteDone({ result }) {
          if ('errors' in result || 'data' in result) observed.outcome = outcomeOf(result as ExecutionResult);
        },
      };
    },
    onResponse({ request, response }) {
      const observed = requests.get(request);
      if (!observed) return;
      requests.delete(request);
      const outcome = observed.outcome ?? (response.status >= 500 ? 'error' : 'refused');
      observed.span.setAttribute('graphql.operation.type', observed.type);
      observed.span.setAttribute('lien_thong.graphql.root_field', observed.operation);
      observed.span.setAttribute('lien_thong.outcome', outcome);
      observed.span.end();
      // A GET of GraphiQL's page is not a GraphQL request.
      if (request.method === 'GET' && observed.type === 'unknown') return;
      if (metricsEnabled()) {
        graphqlRequestDuration.observe(
          { operation: observed.operation, type: observed.type, outcome },
          secondsSince(observed.started),
        );
      }
    },
  };
}
