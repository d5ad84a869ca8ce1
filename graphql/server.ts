// The HTTP server in front of Yoga: `/graphql` and `/healthz` (liveness plus readiness of the
// database and Temporal).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiServices } from './context';
import { AGENCY_CALLBACK_PATH, handleAgencyCallback } from './agency-callback';
import { createApi } from './yoga';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

async function readiness(services: ApiServices) {
  const check = async (probe: () => Promise<unknown>) => {
    try {
      await probe();
      return 'ok';
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  };
  const [database, temporal] = await Promise.all([
    check(() => services.prisma.$queryRaw`SELECT 1`),
    check(() => services.temporal.workflowService.getSystemInfo({})),
  ]);
  return { database, temporal, ready: database === 'ok' && temporal === 'ok' };
}

export async function startApiServer(
  services: ApiServices,
  options: { port: number; host: string; graphiql?: boolean },
): Promise<RunningApi> {
  const yoga = createApi(services, { graphiql: options.graphiql });
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      void readiness(services).then((status) => {
        res.writeHead(status.ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status));
      });
      return;
    }
    if (req.url === AGENCY_CALLBACK_PATH) {
      void handleAgencyCallback(services, req, res);
      return;
    }
    void yoga(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${['0.0.0.0', '127.0.0.1', '::'].includes(options.host) ? 'localhost' : options.host}:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
