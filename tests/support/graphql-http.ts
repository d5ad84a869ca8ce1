// GraphQL over a plain HTTP connection of its own, optionally from a chosen loopback address (Linux
// routes all of 127/8 to the loopback interface, so each address is a distinct client to the API).
// A connection refused or cut rejects, so callers can tell "the server is gone" from an answer.
import { request } from 'node:http';

export interface GraphqlAnswer<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: Record<string, unknown> } }>;
}

export interface PostOptions {
  apiKey?: string;
  /** The local address to send from (a distinct client for the lookup throttle). */
  from?: string;
  timeoutMs?: number;
}

export function postGraphql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: PostOptions = {},
): Promise<GraphqlAnswer<T>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        ...(options.from ? { localAddress: options.from } : {}),
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(JSON.parse(text) as GraphqlAnswer<T>);
          } catch {
            reject(new Error(`HTTP ${res.statusCode} without a GraphQL answer: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The first error's code, if any. */
export const errorCode = (answer: GraphqlAnswer) => answer.errors?.[0]?.extensions?.code;
