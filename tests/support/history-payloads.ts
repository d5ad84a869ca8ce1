// Reading what Temporal stored, as an operator would: payloads and failures decoded with a client's
// data converter (its codec), or left as stored to see what someone without the key sees.
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { isPayloadJSON, payloadFromJSON, payloadToJSON } from '../../platform/encryption/payload-json';

/** A failure's message as the client decodes it (with encoded common attributes, the stored one is "Encoded failure"). */
export async function failureMessage(
  client: Client,
  failure: temporal.api.failure.v1.IFailure | null | undefined,
): Promise<string> {
  return (
    (await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, failure ?? undefined))
      ?.message ?? ''
  );
}

const PAYLOAD_FIELDS = new Set(['metadata', 'data', 'externalPayloads']);
const looksLikePayload = (value: object) =>
  'metadata' in value && Object.keys(value).every((k) => PAYLOAD_FIELDS.has(k)) && isPayloadJSON(value);

/** Every payload in a history's proto3 JSON (`historyToJSON`), run through `codec.decode`. */
export async function decodeHistoryJSON(json: string, codec: PayloadCodec): Promise<string> {
  const walk = async (value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    if (typeof value !== 'object' || value === null) return value;
    if (looksLikePayload(value)) {
      const [decoded] = await codec.decode([payloadFromJSON(value as Parameters<typeof payloadFromJSON>[0])]);
      return payloadToJSON(decoded);
    }
    return Object.fromEntries(
      await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await walk(v)])),
    );
  };
  return JSON.stringify(await walk(JSON.parse(json)));
}

/** The history JSON with every payload's `data` shown as text (JSON payloads are base64 in it), so a search sees their content. */
export function historyWithPayloadText(json: string): string {
  return json.replace(
    /"data":\s*"([A-Za-z0-9+/=]*)"/g,
    (_m, b64: string) => `"data": ${JSON.stringify(Buffer.from(b64, 'base64').toString('utf8'))}`,
  );
}
