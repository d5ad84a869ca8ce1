import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, payloadEncryptionKeys } from '../config';
import { DEV_PAYLOAD_KEY_FILE, formatPayloadKeys, parsePayloadKeys } from './payload-keys';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('parsePayloadKeys', () => {
  test('reads `id:base64` pairs in order: the first is the current key', () => {
    const [a, b] = [b64(32), b64(32)];
    const { keys, problems } = parsePayloadKeys(` k2:${a} , k1:${b} `);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.id, k.key.toString('base64')])).toEqual([
      ['k2', a],
      ['k1', b],
    ]);
    expect(parsePayloadKeys(formatPayloadKeys(keys)).keys).toEqual(keys);
  });

  test('reports every mistake at once, never quoting key material', () => {
    const short = b64(16);
    const { keys, problems } = parsePayloadKeys(
      `k1:${short},k2:not base64!,:${b64(32)},k3:${b64(32)},k3:${b64(32)}`,
    );
    expect(keys).toEqual([]);
    expect(problems).toEqual([
      expect.stringMatching(/^key 1 \("k1"\): is 16 bytes; each key must be 32 random bytes in base64/),
      expect.stringMatching(/^key 2 \("k2"\): is not base64/),
      expect.stringMatching(/^key 3: must be `id:base64`/),
      expect.stringMatching(/^key 5 \("k3"\): the id is listed twice/),
    ]);
    expect(problems.join(' ')).not.toContain(short);
    expect(parsePayloadKeys(' , ').problems).toEqual([expect.stringMatching(/lists no key/)]);
  });
});

describe('PAYLOAD_ENCRYPTION_KEYS in the configuration', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-keys-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a key that is not 32 bytes is refused at start with a clear message', () => {
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k1:${b64(24)}` })).toThrow(ConfigError);
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k1:${b64(24)}` })).toThrow(
      /PAYLOAD_ENCRYPTION_KEYS: key 1 \("k1"\): is 24 bytes; each key must be 32/,
    );
  });

  test('given keys are used as they are, in production and out of it', () => {
    const spec = `k2:${b64(32)},k1:${b64(32)}`;
    for (const NODE_ENV of ['production', 'development']) {
      const keys = payloadEncryptionKeys(
        loadConfig({ NODE_ENV, DATA_DIR: dataDir, PAYLOAD_ENCRYPTION_KEYS: spec }),
      );
      expect(formatPayloadKeys(keys)).toBe(spec);
    }
    expect(() => statSync(path.join(dataDir, DEV_PAYLOAD_KEY_FILE))).toThrow();
  });

  test('production without keys refuses to start', () => {
    expect(() => payloadEncryptionKeys(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }))).toThrow(
      /PAYLOAD_ENCRYPTION_KEYS: required when NODE_ENV=production/,
    );
    expect(() => statSync(path.join(dataDir, DEV_PAYLOAD_KEY_FILE))).toThrow();
  });

  test('outside production a dev key is made once in DATA_DIR, private to its owner, and reused', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = payloadEncryptionKeys(config);
    const file = path.join(dataDir, DEV_PAYLOAD_KEY_FILE);
    expect(first).toHaveLength(1);
    expect(first[0].id).toMatch(/^dev-[0-9a-f]{8}$/);
    expect(first[0].key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(formatPayloadKeys(first));
    expect(payloadEncryptionKeys(config)).toEqual(first);
  });
});
