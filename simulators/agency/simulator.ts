/**
 * A simulated agency system: a real HTTP server that receives signed work items from the engine and
 * answers them the way an agency's own IT system would (synchronously, later by callback, asking for
 * supplements, refusing, failing transiently or permanently, or hanging), as configured.
 *
 * Idempotency: the first business answer (DONE / ACCEPTED / NEEDS_SUPPLEMENT / REFUSED) given for an
 * Idempotency-Key is stored and replayed verbatim to any later delivery of that key, and the callback of
 * an ACCEPTED work item is scheduled only once. Error answers (transient 503s, permanent errors, bad
 * requests) are not stored: a retry with the same key gets a fresh chance, as it would at a real agency
 * whose integration was repaired. Every authenticated, well-formed delivery is counted per key so tests
 * can check that no step attempt reached an agency system twice.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createPrng, EffectiveBehaviour, parseBehaviourUpdate, resolveBehaviour } from './behaviour';
import {
  CallbackRecord,
  CallbackRetryPolicy,
  CallbackSender,
  DEFAULT_CALLBACK_RETRY,
} from './callback-sender';
import {
  BehaviourConfig,
  DEFAULT_MAX_SKEW_MS,
  ErrorCode,
  ErrorResponse,
  HEADER_IDEMPOTENCY_KEY,
  HEADER_TRACEPARENT,
  TRACEPARENT_FORMAT,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  headerKey,
  OUTCOME_HTTP_STATUS,
  SimulationDirective,
  WORK_ITEMS_PATH,
  WorkItemCallback,
  WorkItemRequest,
} from '../../integrations/agency-protocol/protocol';
import { verifySignature } from '../../integrations/agency-protocol/signature';
import type { AgencyAnswer } from '../../domain/contract/agency-answer';
import { parseJson, readBody, sendJson } from '../../platform/http';
import { parseWorkItemRequest } from './work-item';

export interface AgencySimulatorOptions {
  agencyCode: string;
  /** Shared secret with the engine, used to verify requests and sign callbacks. */
  secret: string;
  behaviour?: BehaviourConfig;
  /** Seed of the PRNG behind `failureRate`; same seed and arrival order give the same failures. Default 1. */
  seed?: number;
  /** Serve the `/_sim/*` control endpoints. Default true (dev and tests); turn off for anything exposed. */
  control?: boolean;
  maxSkewMs?: number;
  /** Clock for signature skew checks, callback signing and document numbers. */
  now?: () => number;
  callbackRetry?: Partial<CallbackRetryPolicy>;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface DeliveryStats {
  /** Deliveries per Idempotency-Key (authenticated, well-formed requests only). */
  byKey: Record<string, number>;
  total: number;
  distinctKeys: number;
  /** Deliveries answered with a transient 503. */
  transientFailures: number;
}

/** Body of `PUT /_sim/behaviour`: `default` replaces the agency default; `procedures` merges, `null` removes one. */
export interface BehaviourUpdate {
  default?: SimulationDirective;
  procedures?: Record<string, SimulationDirective | null>;
}

export interface AgencySimulator {
  readonly agencyCode: string;
  /** Port 0 (default) picks a free port. Resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
  listen(port?: number, host?: string): Promise<{ url: string }>;
  /** Stops accepting, drops keep-alive and hanging connections, cancels pending callbacks. */
  close(): Promise<void>;
  deliveries(): DeliveryStats;
  setBehaviour(update: BehaviourUpdate): BehaviourConfig;
  behaviour(): BehaviourConfig;
  callbacks(): CallbackRecord[];
  /** Back to the state at creation: deliveries, stored answers, callbacks, PRNG and behaviour. */
  reset(): void;
  url(): string | undefined;
}

interface Answer {
  status: number;
  body: AgencyAnswer | ErrorResponse;
  /** Stored answers are replayed for the key; transient and error answers are not. */
  store: boolean;
}

const CONTROL_PREFIX = '/_sim/';
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

function cloneConfig(config: BehaviourConfig | undefined): BehaviourConfig {
  return JSON.parse(
    JSON.stringify({ default: config?.default ?? {}, procedures: config?.procedures ?? {} }),
  ) as BehaviourConfig;
}

function errorAnswer(status: number, code: ErrorCode, message?: string): Answer {
  return { status, body: { error: { code, message } }, store: false };
}

function reply(res: http.ServerResponse, answer: Answer): void {
  sendJson(res, answer.status, answer.body);
}

function singleHeader(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[headerKey(name)];
  return Array.isArray(value) ? value[0] : value;
}

export function createAgencySimulator(options: AgencySimulatorOptions): AgencySimulator {
  const { agencyCode, secret } = options;
  if (!agencyCode) throw new Error('agencyCode is required');
  if (!secret) throw new Error(`secret is required for agency ${agencyCode}`);
  const control = options.control ?? true;
  const seed = options.seed ?? 1;
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const retryPolicy: CallbackRetryPolicy = { ...DEFAULT_CALLBACK_RETRY, ...options.callbackRetry };

  let config = cloneConfig(options.behaviour);
  let random = createPrng(seed);
  let referenceSeq = 0;
  let total = 0;
  let transientFailures = 0;
  const byKey = new Map<string, number>();
  const storedAnswers = new Map<string, Answer>();
  const inflight = new Map<string, Promise<Answer>>();
  const callbacks = new CallbackSender(agencyCode, secret, retryPolicy, now);
  // Latency/hang waits of requests in progress; resolved early on close so no timer outlives the server.
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;
  let baseUrl: string | undefined;

  const server = http.createServer((req, res) => {
    readBody(req, maxBodyBytes)
      .then((rawBody) =>
        rawBody
          ? route(req, res, rawBody)
          : reply(res, errorAnswer(413, 'BAD_REQUEST', `body exceeds ${maxBodyBytes} bytes`)),
      )
      .catch(() => reply(res, errorAnswer(500, 'UNAVAILABLE', 'internal simulator error')));
  });

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      waits.set(timer, resolve);
    });
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, rawBody: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    if (path === WORK_ITEMS_PATH) {
      if (req.method !== 'POST') return reply(res, errorAnswer(405, 'METHOD_NOT_ALLOWED'));
      const answer = await handleWorkItem(req, rawBody);
      return reply(res, answer);
    }
    if (control && path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, path, rawBody);
    reply(res, errorAnswer(404, 'NOT_FOUND', `no route ${req.method} ${path}`));
  }

  async function handleWorkItem(req: http.IncomingMessage, rawBody: Buffer): Promise<Answer> {
    const timestamp = singleHeader(req, HEADER_TIMESTAMP);
    const signature = singleHeader(req, HEADER_SIGNATURE);
    if (!verifySignature(secret, timestamp, rawBody, signature, now(), maxSkewMs)) {
      return errorAnswer(
        401,
        'BAD_SIGNATURE',
        'missing or invalid signature, or timestamp outside the allowed skew',
      );
    }
    const json = parseJson(rawBody);
    if (json === undefined) return errorAnswer(400, 'BAD_REQUEST', 'body is not valid JSON');
    const parsed = parseWorkItemRequest(json);
    if (!parsed.ok) return errorAnswer(400, 'BAD_REQUEST', parsed.message);
    const request = parsed.value;
    if (request.agencyCode !== agencyCode) {
      // A work item signed with this agency's secret but addressed to another agency is a routing bug.
      return errorAnswer(
        400,
        'BAD_REQUEST',
        `work item is addressed to ${request.agencyCode}, this is ${agencyCode}`,
      );
    }
    const key = singleHeader(req, HEADER_IDEMPOTENCY_KEY);
    if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      return errorAnswer(
        400,
        'BAD_REQUEST',
        `${HEADER_IDEMPOTENCY_KEY} header is required (1..${MAX_IDEMPOTENCY_KEY_LENGTH} chars)`,
      );
    }
    const deliveryNo = (byKey.get(key) ?? 0) + 1;
    byKey.set(key, deliveryNo);
    total += 1;
    // Like a real agency system asked to: the trace context comes back on the callback.
    const traceparent = singleHeader(req, HEADER_TRACEPARENT);
    return answerDelivery(
      key,
      request,
      deliveryNo,
      TRACEPARENT_FORMAT.test(traceparent ?? '') ? traceparent : undefined,
    );
  }

  async function answerDelivery(
    key: string,
    request: WorkItemRequest,
    deliveryNo: number,
    traceparent?: string,
  ): Promise<Answer> {
    for (;;) {
      const stored = storedAnswers.get(key);
      if (stored) return stored;
      const pending = inflight.get(key);
      if (!pending) break;
      // A duplicate arriving while the first delivery is still being processed waits for its answer
      // rather than processing the work item a second time.
      const answer = await pending;
      if (answer.store) return answer;
      // The first delivery failed transiently: this one gets its own chance (loop re-checks state).
    }
    const processing = processDelivery(key, request, deliveryNo, traceparent);
    inflight.set(key, processing);
    try {
      return await processing;
    } finally {
      if (inflight.get(key) === processing) inflight.delete(key);
    }
  }

  async function processDelivery(
    key: string,
    request: WorkItemRequest,
    deliveryNo: number,
    traceparent?: string,
  ): Promise<Answer> {
    const behaviour = resolveBehaviour(config, request.procedureCode, request.simulation);
    // Decide at arrival, answer after the processing time: this is when a real system would commit.
    const transient =
      deliveryNo <= behaviour.failFirst || (behaviour.failureRate > 0 && random() < behaviour.failureRate);
    await wait(behaviour.latencyMs + behaviour.hangMs);
    if (closed) return errorAnswer(503, 'UNAVAILABLE', 'agency system is shutting down');
    if (transient) {
      transientFailures += 1;
      return errorAnswer(503, 'UNAVAILABLE', 'agency system temporarily unavailable');
    }
    if (behaviour.permanentError) {
      return errorAnswer(
        400,
        'PERMANENT_ERROR',
        'agency integration is broken and will not accept this work item',
      );
    }
    if (behaviour.outcome === 'ACCEPTED' && !request.callbackUrl) {
      return errorAnswer(400, 'BAD_REQUEST', 'callbackUrl is required: this agency answers asynchronously');
    }
    const answer = businessAnswer(key, request, behaviour, traceparent);
    storedAnswers.set(key, answer);
    return answer;
  }

  function nextReference(): { reference: string; documentNo: string } {
    referenceSeq += 1;
    const seq = String(referenceSeq).padStart(6, '0');
    const year = new Date(now()).getUTCFullYear();
    // Vietnamese administrative documents are numbered "<no>/<year>/<kind>-<issuer>".
    return { reference: `${agencyCode}-${seq}`, documentNo: `${referenceSeq}/${year}/QĐ-${agencyCode}` };
  }

  function businessAnswer(
    key: string,
    request: WorkItemRequest,
    behaviour: EffectiveBehaviour,
    traceparent?: string,
  ): Answer {
    const { reference, documentNo } = nextReference();
    const store = true;
    switch (behaviour.outcome) {
      case 'DONE':
        return {
          status: OUTCOME_HTTP_STATUS.DONE,
          body: {
            status: 'DONE',
            reference,
            result: { documentNo, note: `Hoàn thành bước "${request.stepName}"` },
          },
          store,
        };
      case 'NEEDS_SUPPLEMENT':
        return {
          status: OUTCOME_HTTP_STATUS.NEEDS_SUPPLEMENT,
          body: { status: 'NEEDS_SUPPLEMENT', reference, items: [...behaviour.supplementItems] },
          store,
        };
      case 'REFUSED':
        return {
          status: OUTCOME_HTTP_STATUS.REFUSED,
          body: { status: 'REFUSED', reference, reason: behaviour.refusalReason },
          store,
        };
      case 'ACCEPTED': {
        const callback: WorkItemCallback = {
          dossierCode: request.dossierCode,
          stepKey: request.stepKey,
          agencyCode,
          reference,
          idempotencyKey: key,
          outcome: behaviour.callbackOutcome,
        };
        if (behaviour.callbackOutcome === 'DONE') {
          callback.result = { documentNo, note: `Hoàn thành bước "${request.stepName}"` };
        } else if (behaviour.callbackOutcome === 'NEEDS_SUPPLEMENT') {
          callback.items = [...behaviour.supplementItems];
        } else {
          callback.reason = behaviour.refusalReason;
        }
        callbacks.schedule(request.callbackUrl as string, callback, behaviour.callbackDelayMs, traceparent);
        return { status: OUTCOME_HTTP_STATUS.ACCEPTED, body: { status: 'ACCEPTED', reference }, store };
      }
    }
  }

  function deliveries(): DeliveryStats {
    return { byKey: Object.fromEntries(byKey), total, distinctKeys: byKey.size, transientFailures };
  }

  function setBehaviour(update: BehaviourUpdate): BehaviourConfig {
    const parsed = parseBehaviourUpdate(update);
    if (!parsed.ok) throw new Error(parsed.message);
    const next = cloneConfig(config);
    if (parsed.value.default !== undefined) next.default = { ...parsed.value.default };
    const procedures = next.procedures ?? {};
    for (const [code, directive] of Object.entries(parsed.value.procedures ?? {})) {
      if (directive === null) delete procedures[code];
      else procedures[code] = { ...directive };
    }
    next.procedures = procedures;
    config = next;
    return cloneConfig(config);
  }

  function reset(): void {
    callbacks.cancelAll(false);
    config = cloneConfig(options.behaviour);
    random = createPrng(seed);
    referenceSeq = 0;
    total = 0;
    transientFailures = 0;
    byKey.clear();
    storedAnswers.clear();
    inflight.clear();
  }

  function handleControl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    rawBody: Buffer,
  ): void {
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'GET /_sim/health':
        return sendJson(res, 200, { status: 'ok', agencyCode });
      case 'GET /_sim/deliveries':
        return sendJson(res, 200, deliveries());
      case 'GET /_sim/callbacks':
        return sendJson(res, 200, { callbacks: callbacks.list() });
      case 'GET /_sim/behaviour':
        return sendJson(res, 200, cloneConfig(config));
      case 'PUT /_sim/behaviour': {
        const json = parseJson(rawBody);
        if (json === undefined) return reply(res, errorAnswer(400, 'BAD_REQUEST', 'body is not valid JSON'));
        const parsed = parseBehaviourUpdate(json);
        if (!parsed.ok) return reply(res, errorAnswer(400, 'BAD_REQUEST', parsed.message));
        return sendJson(res, 200, setBehaviour(parsed.value));
      }
      case 'POST /_sim/reset':
        reset();
        return sendJson(res, 200, { status: 'reset' });
      default:
        return reply(res, errorAnswer(404, 'NOT_FOUND', `no route ${route}`));
    }
  }

  function listen(port = 0, host = '127.0.0.1'): Promise<{ url: string }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        const address = server.address() as AddressInfo;
        const hostPart = host.includes(':') ? `[${host}]` : host;
        baseUrl = `http://${hostPart}:${address.port}`;
        resolve({ url: baseUrl });
      });
    });
  }

  function close(): Promise<void> {
    closed = true;
    callbacks.cancelAll(true);
    for (const [timer, resolve] of waits) {
      clearTimeout(timer);
      resolve();
    }
    waits.clear();
    return new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Keep-alive sockets and requests still hanging would otherwise hold `close` open.
      server.closeAllConnections();
    });
  }

  return {
    agencyCode,
    listen,
    close,
    deliveries,
    setBehaviour,
    behaviour: () => cloneConfig(config),
    callbacks: () => callbacks.list(),
    reset,
    url: () => baseUrl,
  };
}
