// A Temporal payload codec that encrypts every payload our clients and workers hand to Temporal
// (workflow inputs, activity inputs and results, updates, signals, failure details), so that the
// form data and answers of citizens' dossiers are never stored or shown by Temporal in clear.
//
// Each payload is serialised whole (its metadata, e.g. `encoding: json/plain`, included), encrypted
// with AES-256-GCM under the current key with a fresh random 12-byte nonce, and replaced by a payload
// `{ encoding: binary/encrypted, encryption-key-id: <id> } nonce ‖ ciphertext ‖ tag`: the layout of
// Temporal's encryption samples, so their codec servers and tools read ours. Decoding picks the key
// by its id, so payloads written under an older key stay readable after a rotation, and lets
// payloads that are not encrypted through untouched: histories recorded before encryption replay.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { PAYLOAD_KEY_BYTES, type PayloadKey } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A payload this process cannot decrypt: its key is unknown here, or it was altered. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

const utf8 = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

export class EncryptionCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly byId: ReadonlyMap<string, Buffer>;

  /** `keys[0]` encrypts; all of them decrypt. */
  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
    for (const k of keys) {
      if (k.key.length !== PAYLOAD_KEY_BYTES)
        throw new Error(`Payload key "${k.id}" is ${k.key.length} bytes, not ${PAYLOAD_KEY_BYTES}`);
    }
    if (new Set(keys.map((k) => k.id)).size !== keys.length)
      throw new Error('Payload key ids must be unique');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) =>
      utf8(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING
        ? this.decrypt(payload)
        : payload,
    );
  }

  private encrypt(payload: Payload): Payload {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(CIPHER, this.current.key, nonce);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(this.current.id),
      },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = utf8(payload.metadata?.[KEY_ID_METADATA]);
    const key = keyId === undefined ? undefined : this.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        keyId === undefined
          ? 'Encrypted payload without an encryption-key-id: it was not written by this system'
          : `Payload encrypted with key "${keyId}", which is not among the keys of this process (${[...this.byId.keys()].join(', ')}): add it to PAYLOAD_ENCRYPTION_KEYS`,
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < NONCE_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(`Payload encrypted with key "${keyId}" is truncated`);
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, NONCE_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `Payload encrypted with key "${keyId}" failed authentication: it was altered, or that id names another key here`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
