// The one data converter of every Temporal client and worker of the system (API, worker, scripts,
// tests, benchmarks): payloads encrypted with the configured keys, failures' messages with them.
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { PayloadKey } from './payload-keys';

/** Bundled into the workflow code (platform/workflow-bundle.ts) and loaded by clients and activities. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function dossierDataConverter(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
