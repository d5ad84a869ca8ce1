// OpenTelemetry tracing, off unless asked for: OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT, the
// standard variables) sends spans to an OTLP/HTTP collector; tests hand in their own span processor.
// Once started, the process's spans share one W3C trace context: the GraphQL request
// (graphql/plugins/tracing.ts), Temporal's client, workflow and activity interceptors
// (@temporalio/interceptors-opentelemetry, wired in platform/temporal-connection.ts and
// worker/create-worker.ts), the HTTP delivery to an agency (`traceparent` sent along) and the
// agency's callback (its `traceparent` continued). Off, every span is the API's no-op: nothing is
// recorded and no header is sent.
import {
  context,
  propagation,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  /** Where every span ends, the workflows' too (they leave the sandbox through a sink). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Flushes what is buffered and stops. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The tracing this process started, if any: the Temporal wiring adds its interceptors only then. */
export const activeTracing = (): Tracing | undefined => active;

export interface TracingOptions {
  /** `service.name` of the spans (OTEL_SERVICE_NAME wins). */
  serviceName: string;
  /** The standard OTLP variables; tracing starts when one of them is set. */
  env?: Pick<
    NodeJS.ProcessEnv,
    'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SERVICE_NAME'
  >;
  /** A processor of one's own (tests: an in-memory exporter); starts tracing whatever the environment. */
  spanProcessor?: SpanProcessor;
}

/** Starts tracing once per process when configured; returns it, or undefined when tracing stays off. */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (active) return active;
  const env = options.env ?? process.env;
  const configured = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!options.spanProcessor && !configured) return undefined;
  // The exporter reads the OTLP variables itself (endpoint, headers, timeout), as every OTel SDK does.
  const spanProcessor = options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter());
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager().enable(),
    propagator: new W3CTraceContextPropagator(),
  });
  active = {
    spanProcessor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
      // Unregistered: spans are no-ops again and no header is sent (the benchmarks turn it off and on).
      trace.disable();
      context.disable();
      propagation.disable();
      active = undefined;
    },
  };
  return active;
}

/** The engine's tracer (a no-op one while tracing is off). */
export const tracer = (): Tracer => trace.getTracer('lien-thong');

/** The W3C headers (`traceparent`, `tracestate`) of the current span, to send along; none when off. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
}

/** The context a caller's W3C headers carry (an agency's callback), or the current one. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => {
      const value = carrier[key];
      return Array.isArray(value) ? value[0] : value;
    },
  });
}

/** Runs `work` in a span that ends with it (an error marks it failed and is rethrown). */
export async function inSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    parent?: Context;
    attributes?: Record<string, string | number>;
  },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (err) {
        // The kind of error only: a message may quote an agency's or a caller's text.
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', err instanceof Error ? err.name : typeof err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
