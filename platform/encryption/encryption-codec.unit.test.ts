import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  encodeToPayloads,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { dossierDataConverter } from './data-converter';
import {
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from './encryption-codec';
import type { PayloadKey } from './payload-keys';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const k1 = key('k1');
const k2 = key('k2');
const FORM = { address: '12 ngõ 34 phố Hàng Bạc', income: 123456789, spouse: 'Lê Thị Hoa Sen' };
const plain = () => defaultPayloadConverter.toPayload(FORM);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('EncryptionCodec', () => {
  test('encrypts the whole payload under the current key, naming it, and decodes it back exactly', async () => {
    const codec = new EncryptionCodec([k1]);
    const [encrypted] = await codec.encode([plain()]);
    expect(text(encrypted.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(encrypted.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA]);
    // Neither the value nor its original encoding shows.
    for (const hidden of ['Hàng Bạc', 'Hoa Sen', '123456789', 'json/plain'])
      expect(text(encrypted.data)).not.toContain(hidden);
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(FORM);
    expect(text(decoded.metadata?.encoding)).toBe('json/plain');
  });

  test('a fresh nonce per payload: the same value never encrypts the same way twice', async () => {
    const codec = new EncryptionCodec([k1]);
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
  });

  test('after a rotation, new payloads use the new key and payloads under the old key are still read', async () => {
    const [old] = await new EncryptionCodec([k1]).encode([plain()]);
    const rotated = new EncryptionCodec([k2, k1]);
    const [fresh] = await rotated.encode([plain()]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const decoded = await rotated.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([FORM, FORM]);
  });

  test('a payload under a key this process lacks is refused, naming the key', async () => {
    const [fresh] = await new EncryptionCodec([k2, k1]).encode([plain()]);
    await expect(new EncryptionCodec([k1]).decode([fresh])).rejects.toThrow(PayloadDecryptionError);
    await expect(new EncryptionCodec([k1]).decode([fresh])).rejects.toThrow(
      /key "k2", which is not among the keys of this process \(k1\).*PAYLOAD_ENCRYPTION_KEYS/,
    );
  });

  test('an altered payload fails authentication: ciphertext, tag, nonce, or a key id swapped for another known key', async () => {
    const codec = new EncryptionCodec([k1, k2]);
    const [encrypted] = await codec.encode([plain()]);
    const flip = (at: (length: number) => number): Payload => {
      const data = Buffer.from(encrypted.data!);
      data[at(data.length)] ^= 0x01;
      return { ...encrypted, data };
    };
    const altered: Payload[] = [
      flip(() => 12 + 3), // ciphertext
      flip((n) => n - 1), // tag
      flip(() => 0), // nonce
      { ...encrypted, metadata: { ...encrypted.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } },
    ];
    for (const payload of altered) {
      await expect(codec.decode([payload])).rejects.toThrow(/failed authentication/);
    }
    await expect(codec.decode([{ ...encrypted, data: Buffer.alloc(10) }])).rejects.toThrow(/truncated/);
  });

  test('payloads that are not encrypted pass through untouched (histories from before encryption)', async () => {
    const codec = new EncryptionCodec([k1]);
    const payloads = [
      plain(),
      defaultPayloadConverter.toPayload(undefined),
      defaultPayloadConverter.toPayload(new Uint8Array([1, 2])),
    ];
    expect(await codec.decode(payloads)).toEqual(payloads);
  });

  test('keys are checked when the codec is made', () => {
    expect(() => new EncryptionCodec([])).toThrow(/at least one key/);
    expect(() => new EncryptionCodec([{ id: 'short', key: randomBytes(16) }])).toThrow(
      /"short" is 16 bytes, not 32/,
    );
    expect(() => new EncryptionCodec([k1, { ...k2, id: 'k1' }])).toThrow(/unique/);
  });
});

describe('the data converter of every client and worker', () => {
  const converter = loadDataConverter(dossierDataConverter([k1]));

  test('values go out encrypted and come back as they were', async () => {
    const payloads = (await encodeToPayloads(converter, FORM))!;
    expect(text(payloads[0].metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(await decodeFromPayloadsAtIndex(converter, 0, payloads)).toEqual(FORM);
  });

  test('failure messages and stack traces are encrypted too, and read back with the key', async () => {
    const error = ApplicationFailure.create({
      type: 'AgencyPermanentError',
      message: `Agency rejected: ${FORM.address}`,
      nonRetryable: true,
    });
    const failure = await encodeErrorToFailure(converter, error);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(text(failure.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(JSON.stringify(failure)).not.toContain('Hàng Bạc');
    expect(text(failure.encodedAttributes?.data)).not.toContain('Hàng Bạc');
    const decoded = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(decoded).toBeInstanceOf(ApplicationFailure);
    expect(decoded).toMatchObject({
      type: 'AgencyPermanentError',
      message: `Agency rejected: ${FORM.address}`,
      nonRetryable: true,
    });
  });
});
