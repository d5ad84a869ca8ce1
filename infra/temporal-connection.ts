// Connection settings for a Temporal cluster (or the dev server), shared by the worker and the API.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from './config';

export interface TemporalSettings {
  address: string;
  namespace: string;
  tls?: boolean;
  apiKey?: string;
}

/** The settings from the validated configuration; `address` overrides it (the embedded dev server). */
export function temporalSettingsFrom(config: AppConfig, address = config.TEMPORAL_ADDRESS): TemporalSettings {
  if (!address) throw new Error('TEMPORAL_ADDRESS is required here');
  return { address, namespace: config.TEMPORAL_NAMESPACE, tls: config.TEMPORAL_TLS, apiKey: config.TEMPORAL_API_KEY };
}

const tlsOf = (s: TemporalSettings) => (s.tls || s.apiKey ? {} : undefined);

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, tls: tlsOf(settings), apiKey: settings.apiKey });
  return new Client({ connection, namespace: settings.namespace });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.address, tls: tlsOf(settings), apiKey: settings.apiKey });
}
