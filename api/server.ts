// The HTTP server in front of Yoga: `/graphql` (queries, mutations, and subscriptions over SSE with
// `Accept: text/event-stream`), people's sign-in and sign-out (`/auth/…`: api/auth-routes.ts),
// `/agency-callbacks`, the printed forms (`/forms/…`: api/forms-route.ts), the codec for operators' Temporal tools
// (`/codec/…`) and `/healthz` (liveness plus readiness of the database, Temporal and the worker:
// api/readiness.ts), and the console at every other GET path (api/console-route.ts). Every response carries an `x-request-id` (the caller's, when sane, or a
// new one) that also tags the request's log lines.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger as processLogger, requestIdFrom, runInRequestScope } from '../platform/logger';
import type { ApiServices } from '../services/create-services';
import { AGENCY_CALLBACK_PATH, handleAgencyCallback } from '../integrations/agency-protocol/callback-route';
import { sendJson } from '../platform/http';
import { readiness } from './readiness';
import { handleCodecRequest, isCodecPath, type CodecEndpointOptions } from './codec-endpoint';
import { handleAuthRequest, isAuthPath } from './auth-routes';
import { handleFormsRequest, isFormsPath } from './forms-route';
import { createApi, type ApiOptions } from '../graphql/yoga';
import { isConsoleRequest, serveConsole } from './console-route';
import { handleMetricsRequest, METRICS_PATH } from '../platform/observability/metrics-endpoint';
import { observeOperations } from '../platform/observability/read-model-gauges';
import { operationsCounts } from '../prisma/read-model/operations-gauges';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open: longer than a load balancer's usual 60 s. */
const KEEP_ALIVE_MS = 65_000;

/** How long `close` waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 10_000;
const STREAMING = /^(text\/event-stream|multipart\/mixed)/;

export async function startApiServer(
  services: ApiServices,
  options: {
    port: number;
    host: string;
    codec?: Partial<CodecEndpointOptions>;
    /**
     * GET /metrics (platform/observability/metrics-endpoint.ts) with the dossier gauges counted in
     * the read model; `token`: scrapes must send it (METRICS_TOKEN). false: not served. Default: open.
     */
    metrics?: { token?: string } | false;
  } & ApiOptions,
): Promise<RunningApi> {
  const log = options.logger ?? processLogger;
  const codec: CodecEndpointOptions = {
    corsOrigins: [],
    secureCookies: options.production ?? false,
    ...options.codec,
  };
  const yoga = createApi(services, options);
  const metrics = options.metrics ?? {};
  if (metrics) observeOperations(() => operationsCounts(services.sql, new Date()));
  const inFlight = new Map<ServerResponse, Promise<void>>();
  const server = createServer((req, res) => {
    inFlight.set(
      res,
      new Promise<void>((resolve) =>
        res.once('close', () => {
          inFlight.delete(res);
          resolve();
        }),
      ),
    );
    const requestId = requestIdFrom(req.headers['x-request-id']);
    // Yoga reads the id from the request, so the whole request shares it.
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path without its query string (GET queries may carry variables).
      log.debug(
        {
          requestId,
          method: req.method,
          path: req.url?.split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms),
        },
        'request',
      );
    });
    runInRequestScope(requestId, log, () => {
      if (req.url === '/healthz') {
        void readiness(services).then((status) => {
          if (!status.ready) log.warn({ requestId, ...status }, 'not ready');
          sendJson(res, status.ready ? 200 : 503, status);
        });
        return;
      }
      if (req.url === AGENCY_CALLBACK_PATH) {
        void handleAgencyCallback(services, req, res);
        return;
      }
      if (metrics && req.url?.split('?')[0] === METRICS_PATH) {
        void handleMetricsRequest(req, res, metrics.token);
        return;
      }
      if (isAuthPath(req.url?.split('?')[0])) {
        void handleAuthRequest(services, req, res);
        return;
      }
      if (isFormsPath(req.url?.split('?')[0])) {
        void handleFormsRequest(services, req, res);
        return;
      }
      if (isCodecPath(req.url?.split('?')[0])) {
        void handleCodecRequest(services, codec, req, res);
        return;
      }
      const pathname = req.url?.split('?')[0] ?? '/';
      if (pathname !== '/graphql' && !pathname.startsWith('/auth/') && isConsoleRequest(req)) {
        void serveConsole(req, res);
        return;
      }
      void yoga(req, res);
    });
  });
  // Node closes an idle keep-alive connection after 5 s. A client (or a load balancer, whose idle
  // timeout is commonly 60 s) that sends its next request on that connection just as it closes gets a
  // reset instead of an answer. Outlasting the usual 60 s avoids that race; `close` still ends idle
  // connections at once.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${['0.0.0.0', '127.0.0.1', '::'].includes(options.host) ? 'localhost' : options.host}:${port}/graphql`,
    // Graceful: no new connections, idle keep-alive ones closed, requests in flight answered (a
    // submission half done would otherwise lose its Temporal client under it), then the rest cut.
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Subscriptions (event streams) never end by themselves: they are cut, not awaited.
      const answering = [...inFlight]
        .filter(([res]) => !STREAMING.test(String(res.getHeader('content-type') ?? '')))
        .map(([, done]) => done);
      await Promise.race([
        Promise.all(answering),
        new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
      ]);
      server.closeAllConnections();
      await closed;
    },
  };
}
