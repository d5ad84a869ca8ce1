/**
 * Delivery of asynchronous outcomes (callbacks) from a simulated agency system to the engine.
 *
 * Each callback is signed afresh on every attempt (so a late retry is not rejected for timestamp
 * skew), retried with capped exponential backoff on non-2xx answers and connection errors, and given
 * up after a bounded number of attempts: a simulator must never retry forever. `cancelAll()` stops
 * every pending timer and aborts requests in flight so that closing a server leaves no open handles.
 */
import http from 'node:http';
import https from 'node:https';
import {
  HEADER_AGENCY,
  HEADER_IDEMPOTENCY_KEY,
  HEADER_TRACEPARENT,
  WorkItemCallback,
} from '../../integrations/agency-protocol/protocol';
import { signedHeaders } from '../../integrations/agency-protocol/signature';

export interface CallbackRetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt request timeout. */
  timeoutMs: number;
}

export const DEFAULT_CALLBACK_RETRY: Readonly<CallbackRetryPolicy> = Object.freeze({
  maxAttempts: 10,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  timeoutMs: 5_000,
});

export type CallbackState = 'PENDING' | 'DELIVERED' | 'GAVE_UP' | 'CANCELLED';

/** What tests and `/_sim/callbacks` see of one callback. */
export interface CallbackRecord {
  idempotencyKey: string;
  reference: string;
  callbackUrl: string;
  outcome: WorkItemCallback['outcome'];
  state: CallbackState;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
}

/** Delay before retry number `attempt + 1` (attempt counts from 1). Deterministic: no jitter in a simulator. */
export function callbackBackoffMs(policy: CallbackRetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export class CallbackSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly records: CallbackRecord[] = [];
  private stopped = false;

  constructor(
    private readonly agencyCode: string,
    private readonly secret: string,
    private readonly policy: CallbackRetryPolicy,
    private readonly now: () => number,
  ) {}

  /** Schedules the first attempt after `delayMs`; `traceparent`: the work item's, sent back. */
  schedule(
    callbackUrl: string,
    body: WorkItemCallback,
    delayMs: number,
    traceparent?: string,
  ): CallbackRecord {
    const record: CallbackRecord = {
      idempotencyKey: body.idempotencyKey,
      reference: body.reference,
      callbackUrl,
      outcome: body.outcome,
      state: 'PENDING',
      attempts: 0,
    };
    this.records.push(record);
    if (this.stopped) {
      record.state = 'CANCELLED';
      return record;
    }
    const rawBody = JSON.stringify(body);
    const attempt = async (): Promise<void> => {
      if (this.stopped || record.state !== 'PENDING') return;
      record.attempts += 1;
      try {
        const status = await this.post(callbackUrl, rawBody, body.idempotencyKey, traceparent);
        record.lastStatus = status;
        record.lastError = undefined;
        if (status >= 200 && status < 300) {
          record.state = 'DELIVERED';
          return;
        }
      } catch (err) {
        record.lastError = err instanceof Error ? err.message : String(err);
      }
      // Cancelled (reset or close) while the attempt was in flight: do not retry.
      if (this.stopped || record.state !== 'PENDING') return;
      if (record.attempts >= this.policy.maxAttempts) {
        record.state = 'GAVE_UP';
        return;
      }
      this.after(callbackBackoffMs(this.policy, record.attempts), attempt);
    };
    this.after(delayMs, attempt);
    return record;
  }

  list(): CallbackRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Cancels pending attempts; `stop` also refuses future schedules (server closing). */
  cancelAll(stop: boolean): void {
    if (stop) this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.requests) request.destroy();
    this.requests.clear();
    for (const record of this.records) if (record.state === 'PENDING') record.state = 'CANCELLED';
    if (!stop) this.records.length = 0;
  }

  private after(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    this.timers.add(timer);
  }

  private post(
    callbackUrl: string,
    rawBody: string,
    idempotencyKey: string,
    traceparent: string | undefined,
  ): Promise<number> {
    const url = new URL(callbackUrl);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const request = transport.request(url, {
        method: 'POST',
        // A fresh connection per attempt: no pooled sockets outlive the simulator.
        agent: false,
        timeout: this.policy.timeoutMs,
        headers: {
          ...signedHeaders(this.secret, rawBody, this.now()),
          'Content-Length': Buffer.byteLength(rawBody),
          [HEADER_AGENCY]: this.agencyCode,
          [HEADER_IDEMPOTENCY_KEY]: idempotencyKey,
          ...(traceparent ? { [HEADER_TRACEPARENT]: traceparent } : {}),
        },
      });
      this.requests.add(request);
      request.on('timeout', () =>
        request.destroy(new Error(`callback timed out after ${this.policy.timeoutMs} ms`)),
      );
      request.on('error', (err) => {
        this.requests.delete(request);
        reject(err);
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          this.requests.delete(request);
          resolve(response.statusCode ?? 0);
        });
        response.on('error', (err) => {
          this.requests.delete(request);
          reject(err);
        });
      });
      request.end(rawBody);
    });
  }
}
