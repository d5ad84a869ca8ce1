// A minimal SSE client for GraphQL subscriptions over HTTP, as browsers and portals use them
// (graphql-yoga's "distinct connections" protocol: `event: next|complete`, `data: <json>`).

import { credentialHeaders, type Credential } from './session-client';

export interface SseMessage {
  event: string;
  data: any;
}

export interface Subscription {
  status: number;
  headers: Headers;
  /** The next `next` payload; undefined once the server completed the stream. */
  next(timeoutMs?: number): Promise<any | undefined>;
  /** Payloads until `predicate` holds on one (returned last). */
  until(predicate: (payload: any) => boolean, timeoutMs?: number): Promise<any[]>;
  close(): void;
}

export async function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  apiKey?: Credential,
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...credentialHeaders(apiKey),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const messages: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const fields = { event: 'message', data: [] as string[] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue; // keep-alive comment
            const colon = line.indexOf(':');
            const [name, value] =
              colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
            if (name === 'event') fields.event = value;
            if (name === 'data') fields.data.push(value);
          }
          if (fields.data.length === 0 && fields.event === 'message') continue;
          const text = fields.data.join('\n');
          messages.push({ event: fields.event, data: text ? JSON.parse(text) : null });
          wake?.();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      wake?.();
    }
  })();

  async function nextMessage(timeoutMs: number): Promise<SseMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (messages.length === 0) {
      if (ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return messages.shift();
  }

  const subscription: Subscription = {
    status: response.status,
    headers: response.headers,
    async next(timeoutMs = 20_000) {
      const message = await nextMessage(timeoutMs);
      if (!message || message.event === 'complete') return undefined;
      return message.data;
    },
    async until(predicate, timeoutMs = 30_000) {
      const seen: any[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const payload = await subscription.next(Math.max(1, deadline - Date.now()));
        if (payload === undefined)
          throw new Error(`stream completed before the condition held; saw ${JSON.stringify(seen)}`);
        seen.push(payload);
        if (predicate(payload)) return seen;
      }
    },
    close: () => abort.abort(),
  };
  return subscription;
}
