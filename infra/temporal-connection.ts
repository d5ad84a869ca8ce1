// Connection settings for a Temporal cluster (or the dev server), shared by the worker and the API.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalSettings {
  address: string;
  namespace: string;
  tls?: boolean;
  apiKey?: string;
}

const tlsOf = (s: TemporalSettings) => (s.tls || s.apiKey ? {} : undefined);

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, tls: tlsOf(settings), apiKey: settings.apiKey });
  return new Client({ connection, namespace: settings.namespace });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.address, tls: tlsOf(settings), apiKey: settings.apiKey });
}
