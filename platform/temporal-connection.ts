// Connection settings for a Temporal cluster (or the dev server), shared by the worker and the API.
import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, payloadEncryptionKeys, type AppConfig } from './config';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { dossierDataConverter } from './encryption/data-converter';
import { activeTracing } from './observability/tracing';
import type { PayloadKey } from './encryption/payload-keys';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** TLS on with the system's trust store; `mtls` adds a client certificate, a CA, a server name. */
  tls?: boolean;
  mtls?: TLSConfig;
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
    mtls: mutualTlsFrom(config),
    apiKey: config.TEMPORAL_API_KEY,
    payloadKeys,
  };
}

/** The TEMPORAL_TLS_* files, read once at start (a missing file stops the process with its name). */
export function mutualTlsFrom(config: AppConfig): TLSConfig | undefined {
  const read = (name: keyof AppConfig) => {
    const file = config[name] as string | undefined;
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(
        `Invalid configuration:\n  ${name}: cannot read ${file}: ${(err as Error).message}`,
      );
    }
  };
  const crt = read('TEMPORAL_TLS_CERT_PATH');
  const key = read('TEMPORAL_TLS_KEY_PATH');
  const ca = read('TEMPORAL_TLS_CA_PATH');
  const serverName = config.TEMPORAL_TLS_SERVER_NAME;
  if (!crt && !ca && !serverName) return undefined;
  return {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
}

/** TLS when asked for, and always with an API key (Temporal Cloud accepts API keys over TLS only). */
export const tlsOf = (s: Pick<TemporalSettings, 'tls' | 'mtls' | 'apiKey'>): TLSConfig | undefined =>
  s.mtls ?? (s.tls || s.apiKey ? {} : undefined);

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
