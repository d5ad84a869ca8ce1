// GET /metrics in Prometheus's text format: on the API's server (api/server.ts) and on the worker's
// own small listener (`startMetricsServer`, WORKER_METRICS_PORT). With METRICS_TOKEN set, a scrape
// must send `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`);
// without it the route is open, which production allows only on a listener bound to an internal
// address (README.md, "Metrics, traces and alerts").
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendError } from '../http';
import { registry } from './metrics';

export const METRICS_PATH = '/metrics';

function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers a scrape of this process's registry. */
export async function handleMetricsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'METHOD_NOT_ALLOWED');
  if (!authorised(req, token))
    return sendError(res, 401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <METRICS_TOKEN>');
  try {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(req.method === 'HEAD' ? undefined : text);
  } catch {
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'metrics could not be collected');
  }
}

export interface MetricsServer {
  server: Server;
  /** The scrape URL, `http://host:port/metrics`. */
  url: string;
  close(): Promise<void>;
}

/** A listener that serves only /metrics (the worker has no other HTTP server). */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  token?: string;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] === METRICS_PATH) void handleMetricsRequest(req, res, options.token);
    else sendError(res, 404, 'NOT_FOUND');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
