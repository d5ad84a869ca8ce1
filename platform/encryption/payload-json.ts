// Temporal payloads in proto3 JSON, as the Temporal CLI and Web UI send them to a codec server and
// as `temporal workflow show --output json` writes histories: metadata values and data in base64.
import type { Payload } from '@temporalio/common';

export interface PayloadJSON {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isPayloadJSON(value: unknown): value is PayloadJSON {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { metadata, data } = value as Record<string, unknown>;
  if (data !== undefined && !(typeof data === 'string' && BASE64.test(data))) return false;
  if (metadata === undefined) return true;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return false;
  return Object.values(metadata).every((v) => typeof v === 'string' && BASE64.test(v));
}

export function payloadFromJSON(json: PayloadJSON): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(json.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(json.data ?? '', 'base64'),
  };
}

export function payloadToJSON(payload: Payload): PayloadJSON {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
