// Connection settings for a Temporal cluster (or the dev server), shared by the worker and the API.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { payloadEncryptionKeys, type AppConfig } from './config';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { dossierDataConverter } from './encryption/data-converter';
import { activeTracing } from './observability/tracing';
import type { PayloadKey } from './encryption/payload-keys';

export interface TemporalSettings {
  address: string;
  namespace: string;
  tls?: boolean;
  apiKey?: string;
  /** The payload codec's keys (first = current): every client and worker of the system encrypts with them. */
  payloadKeys: readonly PayloadKey[];
}

/** The settings from the validated configuration; `address` overrides it (the embedded dev server). */
export function temporalSettingsFrom(
  config: AppConfig,
  address = config.TEMPORAL_ADDRESS,
  payloadKeys: readonly PayloadKey[] = payloadEncryptionKeys(config),
): TemporalSettings {
  if (!address) throw new Error('TEMPORAL_ADDRESS is required here');
  return {
    address,
    namespace: config.TEMPORAL_NAMESPACE,
    tls: config.TEMPORAL_TLS,
    apiKey: config.TEMPORAL_API_KEY,
    payloadKeys,
  };
}

const tlsOf = (s: Pick<TemporalSettings, 'tls' | 'apiKey'>) => (s.tls || s.apiKey ? {} : undefined);

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({
    address: settings.address,
    tls: tlsOf(settings),
    apiKey: settings.apiKey,
  });
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: dossierDataConverter(settings.payloadKeys),
    // Starts, updates and signals carry the caller's trace to the workflow (when tracing is on).
    ...(activeTracing()
      ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } }
      : {}),
  });
}

/** The worker's connection; its payload codec is set on the worker (`createDossierWorker`'s `payloadKeys`). */
export function connectWorker(settings: Omit<TemporalSettings, 'payloadKeys'>): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: settings.address,
    tls: tlsOf(settings),
    apiKey: settings.apiKey,
  });
}
