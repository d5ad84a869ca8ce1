/**
 * The shared HTTP chores over a real loopback socket: a bounded body, JSON answers, the error body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJson, readBody, sendError, sendJson } from './http';

const LIMIT = 1_000;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req, LIMIT).then((raw) => {
      if (!raw) return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `At most ${LIMIT} bytes`);
      sendJson(res, 200, { bytes: raw.length, text: raw.toString('utf8') }, { 'x-extra': 'yes' });
      // Once the answer is under way, a second one is ignored instead of throwing.
      sendJson(res, 500, { late: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('a body within the bound is read whole and answered as JSON, with its length and extra headers', async () => {
  const body = 'ắ'.repeat(300); // 900 bytes in UTF-8, sent in several chunks
  const response = await fetch(url, {
    method: 'POST',
    body: new ReadableStream({
      start(controller) {
        const bytes = Buffer.from(body);
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.subarray(i, i + 100));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  expect(response.headers.get('x-extra')).toBe('yes');
  expect(JSON.parse(text)).toEqual({ bytes: 900, text: body });
});

test('a body over the bound is refused with 413 and the error body, even one far over it', async () => {
  for (const size of [LIMIT + 1, 5_000_000]) {
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(size) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: `At most ${LIMIT} bytes` },
    });
  }
});

test('parseJson gives every JSON value, and undefined only for text that is not JSON', () => {
  expect(parseJson('{"a":[1,"ắ"]}')).toEqual({ a: [1, 'ắ'] });
  expect(parseJson(Buffer.from('null'))).toBeNull();
  expect(parseJson('0')).toBe(0);
  expect(parseJson('false')).toBe(false);
  expect(parseJson('')).toBeUndefined();
  expect(parseJson('{"a":')).toBeUndefined();
});
