// A controllable TCP proxy on 127.0.0.1 for fault tests: put it between a client and a dependency
// (an agency system, PostgreSQL) and cut the line for a while. While cut, every open connection is
// reset and every new one is reset as soon as it is accepted (the client sees ECONNRESET / a
// terminated connection, as when a server or a firewall drops it); restore lets connections through
// again. The proxy keeps listening throughout, so its port never changes hands.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Resets every open connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  /** Connections accepted and passed through / refused while cut, since the start. */
  stats(): { forwarded: number; refused: number };
  close(): Promise<void>;
}

export async function startTcpProxy(options: { target: { host: string; port: number } }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let isCut = false;
  let forwarded = 0;
  let refused = 0;
  const kill = (socket: net.Socket) => {
    if (!socket.destroyed) socket.resetAndDestroy();
  };
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined); // resets are the point of this proxy
  };

  const server = net.createServer((client) => {
    track(client);
    if (isCut) {
      refused += 1;
      return kill(client);
    }
    forwarded += 1;
    const upstream = net.connect(options.target.port, options.target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // pipe() carries a normal end across; when one side goes away otherwise, end the other (flushing
    // what it still has to write) rather than leave it open.
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      isCut = true;
      for (const socket of open) kill(socket);
    },
    restore() {
      isCut = false;
    },
    stats: () => ({ forwarded, refused }),
    close() {
      isCut = true;
      for (const socket of open) kill(socket);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
