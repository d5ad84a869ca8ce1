import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { mutualTlsFrom, tlsOf } from './temporal-connection';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-tls-'));
  for (const name of ['client.pem', 'client.key', 'ca.pem'])
    writeFileSync(path.join(dir, name), `-- ${name} --`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('no TLS settings: plain connection; TEMPORAL_TLS or an API key: TLS with the system trust store', () => {
  expect(tlsOf({})).toBeUndefined();
  expect(tlsOf({ tls: true })).toEqual({});
  expect(tlsOf({ apiKey: 'secret' })).toEqual({});
  expect(mutualTlsFrom(loadConfig({}))).toBeUndefined();
});

test('mutual TLS: the client certificate and key, the CA and the server name are read at start', () => {
  const config = loadConfig({
    TEMPORAL_TLS_CERT_PATH: path.join(dir, 'client.pem'),
    TEMPORAL_TLS_KEY_PATH: path.join(dir, 'client.key'),
    TEMPORAL_TLS_CA_PATH: path.join(dir, 'ca.pem'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal.tinh.gov.vn',
  });
  const mtls = mutualTlsFrom(config)!;
  expect(Buffer.from(mtls.clientCertPair!.crt).toString()).toBe('-- client.pem --');
  expect(Buffer.from(mtls.clientCertPair!.key).toString()).toBe('-- client.key --');
  expect(Buffer.from(mtls.serverRootCACertificate!).toString()).toBe('-- ca.pem --');
  expect(mtls.serverNameOverride).toBe('temporal.tinh.gov.vn');
  expect(tlsOf({ mtls })).toBe(mtls);
  // A private CA alone (server TLS, no client certificate) also turns TLS on.
  expect(mutualTlsFrom(loadConfig({ TEMPORAL_TLS_CA_PATH: path.join(dir, 'ca.pem') }))).toEqual({
    serverRootCACertificate: expect.any(Buffer),
  });
});

test('a certificate without its key is refused, and a file that cannot be read is named', () => {
  expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: path.join(dir, 'client.pem') })).toThrow(
    /TEMPORAL_TLS_KEY_PATH: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together/,
  );
  const missing = loadConfig({ TEMPORAL_TLS_CA_PATH: path.join(dir, 'nope.pem') });
  expect(() => mutualTlsFrom(missing)).toThrow(ConfigError);
  expect(() => mutualTlsFrom(missing)).toThrow(/TEMPORAL_TLS_CA_PATH: cannot read .*nope\.pem/);
});
