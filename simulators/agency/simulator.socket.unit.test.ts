/**
 * The simulator over real loopback sockets: every server is started on port 0 and closed in afterAll.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { requestJson, sendWorkItem } from './client';
import { startAgencyFleet } from './fleet';
import { AgencySimulator, createAgencySimulator } from './simulator';
import {
  HEADER_AGENCY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  WorkItemCallback,
  WorkItemRequest,
} from '../../integrations/agency-protocol/protocol';
import { verifySignature } from '../../integrations/agency-protocol/signature';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';

const AGENCY = 'CUC-THUE';
const SECRET = devAgencySecret(AGENCY);

let keySeq = 0;
const newKey = (): string => `dossier-step-attempt-${++keySeq}`;

function workItem(overrides: Partial<WorkItemRequest> = {}): WorkItemRequest {
  return {
    dossierCode: 'VPDKDD-250601-0001',
    procedureCode: '1.004227',
    stepKey: 'tax-assessment',
    stepName: 'Xác định nghĩa vụ tài chính',
    agencyCode: AGENCY,
    dueAt: '2025-06-05T17:00:00+07:00',
    formData: { parcel: 'Thửa 12, tờ bản đồ 5' },
    ...overrides,
  };
}

/** Stands in for the engine's callback endpoint: records verified callbacks, can fail on demand. */
interface CallbackReceiver {
  url: string;
  received: { body: WorkItemCallback; verified: boolean; agency?: string }[];
  failNext: number;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const waiters: (() => void)[] = [];
  const receiver: CallbackReceiver = {
    url: '',
    received: [],
    failNext: 0,
    waitFor(count, timeoutMs = 3_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (receiver.received.length >= count) {
            clearTimeout(timer);
            resolve();
            return true;
          }
          return false;
        };
        const timer = setTimeout(
          () => reject(new Error(`only ${receiver.received.length} of ${count} callbacks`)),
          timeoutMs,
        );
        if (!check()) waiters.push(() => void check());
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (receiver.failNext > 0) {
        receiver.failNext -= 1;
        res.writeHead(500).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const verified = verifySignature(
        SECRET,
        req.headers[HEADER_TIMESTAMP.toLowerCase()] as string,
        raw,
        req.headers[HEADER_SIGNATURE.toLowerCase()] as string,
      );
      receiver.received.push({
        body: JSON.parse(raw.toString('utf8')) as WorkItemCallback,
        verified,
        agency: req.headers[HEADER_AGENCY.toLowerCase()] as string,
      });
      res.writeHead(204).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agency-callbacks`;
  return receiver;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `condition` holds: the simulator learns of a callback's success only after the receiver answers. */
async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('agency simulator over a real socket', () => {
  let simulator: AgencySimulator;
  let url: string;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    simulator = createAgencySimulator({
      agencyCode: AGENCY,
      secret: SECRET,
      seed: 2025,
      callbackRetry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    ({ url } = await simulator.listen(0));
    receiver = await startCallbackReceiver();
  });

  afterAll(async () => {
    await simulator.close();
    await receiver.close();
  });

  beforeEach(() => {
    simulator.reset();
    receiver.received.length = 0;
    receiver.failNext = 0;
  });

  it('completes a work item synchronously (200 DONE with a document number)', async () => {
    const answer = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: newKey() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'DONE',
      reference: 'CUC-THUE-000001',
      result: { documentNo: expect.stringMatching(/^1\/\d{4}\/QĐ-CUC-THUE$/), note: expect.any(String) },
    });
  });

  it('accepts a work item (202) and later POSTs a signed callback', async () => {
    const key = newKey();
    const answer = await sendWorkItem<{ status: string; reference: string }>(
      url,
      SECRET,
      workItem({
        callbackUrl: receiver.url,
        simulation: { outcome: 'ACCEPTED', callbackDelayMs: 20 },
      }),
      { idempotencyKey: key },
    );
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: 'ACCEPTED', reference: expect.any(String) });

    await receiver.waitFor(1);
    const [callback] = receiver.received;
    expect(callback.verified).toBe(true);
    expect(callback.agency).toBe(AGENCY);
    expect(callback.body).toEqual({
      dossierCode: 'VPDKDD-250601-0001',
      stepKey: 'tax-assessment',
      agencyCode: AGENCY,
      reference: answer.body.reference,
      idempotencyKey: key,
      outcome: 'DONE',
      result: { documentNo: expect.any(String), note: expect.any(String) },
    });
  });

  it('reports a refusal by callback when so configured', async () => {
    await sendWorkItem(
      url,
      SECRET,
      workItem({
        callbackUrl: receiver.url,
        simulation: {
          outcome: 'ACCEPTED',
          callbackOutcome: 'REFUSED',
          callbackDelayMs: 0,
          refusalReason: 'Chưa nộp lệ phí trước bạ',
        },
      }),
      { idempotencyKey: newKey() },
    );
    await receiver.waitFor(1);
    expect(receiver.received[0].body).toMatchObject({
      outcome: 'REFUSED',
      reason: 'Chưa nộp lệ phí trước bạ',
    });
  });

  it('retries a failing callback with backoff until the engine accepts it', async () => {
    receiver.failNext = 2;
    await sendWorkItem(
      url,
      SECRET,
      workItem({
        callbackUrl: receiver.url,
        simulation: { outcome: 'ACCEPTED', callbackDelayMs: 0 },
      }),
      { idempotencyKey: newKey() },
    );
    await receiver.waitFor(1);
    expect(receiver.received[0].verified).toBe(true);
    await eventually(() => simulator.callbacks()[0]?.state === 'DELIVERED');
    expect(simulator.callbacks()).toEqual([
      expect.objectContaining({ state: 'DELIVERED', attempts: 3, lastStatus: 204 }),
    ]);
  });

  it('gives up on a callback after a bounded number of attempts', async () => {
    const bounded = createAgencySimulator({
      agencyCode: AGENCY,
      secret: SECRET,
      callbackRetry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 5 },
    });
    const { url: boundedUrl } = await bounded.listen(0);
    try {
      receiver.failNext = 100;
      await sendWorkItem(
        boundedUrl,
        SECRET,
        workItem({
          callbackUrl: receiver.url,
          simulation: { outcome: 'ACCEPTED', callbackDelayMs: 0 },
        }),
        { idempotencyKey: newKey() },
      );
      await eventually(() => bounded.callbacks()[0]?.state === 'GAVE_UP');
      expect(bounded.callbacks()).toEqual([
        expect.objectContaining({ state: 'GAVE_UP', attempts: 3, lastStatus: 500 }),
      ]);
      expect(receiver.failNext).toBe(97);
    } finally {
      await bounded.close();
    }
  });

  it('asks for supplements (200 NEEDS_SUPPLEMENT with the missing items)', async () => {
    const answer = await sendWorkItem(
      url,
      SECRET,
      workItem({
        simulation: {
          outcome: 'NEEDS_SUPPLEMENT',
          supplementItems: ['Tờ khai lệ phí trước bạ', 'Hợp đồng chuyển nhượng có công chứng'],
        },
      }),
      { idempotencyKey: newKey() },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'NEEDS_SUPPLEMENT',
      reference: expect.any(String),
      items: ['Tờ khai lệ phí trước bạ', 'Hợp đồng chuyển nhượng có công chứng'],
    });
  });

  it('refuses with 422 and a reason', async () => {
    const answer = await sendWorkItem(
      url,
      SECRET,
      workItem({
        simulation: { outcome: 'REFUSED', refusalReason: 'Thửa đất đang có tranh chấp' },
      }),
      { idempotencyKey: newKey() },
    );
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      status: 'REFUSED',
      reference: expect.any(String),
      reason: 'Thửa đất đang có tranh chấp',
    });
  });

  it('fails the first N deliveries of a key with 503, then succeeds on a retry with the same key', async () => {
    const key = newKey();
    const item = workItem({ simulation: { failFirst: 2 } });
    const first = await sendWorkItem(url, SECRET, item, { idempotencyKey: key });
    const second = await sendWorkItem(url, SECRET, item, { idempotencyKey: key });
    const third = await sendWorkItem(url, SECRET, item, { idempotencyKey: key });
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.body).toEqual({ error: { code: 'UNAVAILABLE', message: expect.any(String) } });
    expect(third.body).toMatchObject({ status: 'DONE' });
    expect(simulator.deliveries()).toEqual({
      byKey: { [key]: 3 },
      total: 3,
      distinctKeys: 1,
      transientFailures: 2,
    });
  });

  it('replays the stored answer for a repeated key and counts both deliveries', async () => {
    const key = newKey();
    const first = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key });
    const replay = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key });
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    expect(simulator.deliveries()).toMatchObject({ byKey: { [key]: 2 }, total: 2, distinctKeys: 1 });
  });

  it('does not schedule a second callback for a replayed ACCEPTED work item', async () => {
    const key = newKey();
    const item = workItem({
      callbackUrl: receiver.url,
      simulation: { outcome: 'ACCEPTED', callbackDelayMs: 30 },
    });
    const answers = await Promise.all([
      sendWorkItem(url, SECRET, item, { idempotencyKey: key }),
      sendWorkItem(url, SECRET, item, { idempotencyKey: key }),
    ]);
    const replay = await sendWorkItem(url, SECRET, item, { idempotencyKey: key });
    expect(answers[1].body).toEqual(answers[0].body);
    expect(replay.body).toEqual(answers[0].body);
    await receiver.waitFor(1);
    await sleep(100);
    expect(receiver.received).toHaveLength(1);
    expect(simulator.callbacks()).toHaveLength(1);
    expect(simulator.deliveries()).toMatchObject({ byKey: { [key]: 3 }, distinctKeys: 1 });
  });

  it('answers 400 BAD_REQUEST to an asynchronous work item without a callbackUrl (counted, not stored)', async () => {
    const key = newKey();
    const answer = await sendWorkItem(url, SECRET, workItem({ simulation: { outcome: 'ACCEPTED' } }), {
      idempotencyKey: key,
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(/callbackUrl/) } },
    });
    expect(simulator.deliveries().byKey[key]).toBe(1);
    expect((await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key })).status).toBe(200);
  });

  it('does not store permanent errors: they answer 400 PERMANENT_ERROR until the integration is repaired', async () => {
    const key = newKey();
    simulator.setBehaviour({ procedures: { '1.004227': { permanentError: true } } });
    const broken = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: { code: 'PERMANENT_ERROR', message: expect.any(String) } });
    simulator.setBehaviour({ procedures: { '1.004227': null } });
    const repaired = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key });
    expect(repaired.status).toBe(200);
  });

  describe('rejects unauthenticated or malformed work items without counting them', () => {
    afterEach(() => expect(simulator.deliveries().total).toBe(0));

    it.each([
      ['a wrong signature', { signature: 'sha256=' + '0'.repeat(64) }],
      ['a missing signature', { signature: null }],
      ['a malformed signature', { signature: 'sha1=abc' }],
      ['a stale timestamp', { timestamp: Date.now() - 6 * 60_000 }],
    ])('401 BAD_SIGNATURE for %s', async (_label, options) => {
      const answer = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: newKey(), ...options });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'BAD_SIGNATURE', message: expect.any(String) } });
    });

    it("401 for a request signed with another agency's secret", async () => {
      const answer = await sendWorkItem(url, devAgencySecret('KHO-BAC'), workItem(), {
        idempotencyKey: newKey(),
      });
      expect(answer.status).toBe(401);
    });

    it.each([
      ['invalid JSON', { rawBody: '{"dossierCode":' }],
      ['a missing field', { rawBody: JSON.stringify({ ...workItem(), stepKey: undefined }) }],
      [
        'a bad simulation directive',
        { rawBody: JSON.stringify(workItem({ simulation: { outcome: 'SOON' as never } })) },
      ],
      ['a work item for another agency', { rawBody: JSON.stringify(workItem({ agencyCode: 'KHO-BAC' })) }],
    ])('400 BAD_REQUEST for %s', async (_label, options) => {
      const answer = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: newKey(), ...options });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    });

    it('400 BAD_REQUEST without an Idempotency-Key', async () => {
      const answer = await sendWorkItem(url, SECRET, workItem());
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Idempotency-Key/) },
      });
    });
  });

  it("hangs past the caller's timeout, then replays the answer it committed meanwhile", async () => {
    const key = newKey();
    const item = workItem({ simulation: { hangMs: 300 } });
    const started = Date.now();
    await expect(
      sendWorkItem(url, SECRET, item, { idempotencyKey: key, timeoutMs: 80 }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(250);
    await sleep(350);
    const retry = await sendWorkItem(url, SECRET, item, { idempotencyKey: key, timeoutMs: 80 });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: 'DONE', reference: 'CUC-THUE-000001' });
    expect(simulator.deliveries().byKey[key]).toBe(2);
  });

  it('applies latency before answering', async () => {
    const started = Date.now();
    await sendWorkItem(url, SECRET, workItem({ simulation: { latencyMs: 120 } }), {
      idempotencyKey: newKey(),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('resolves behaviour most specific first: request > procedure > agency default', async () => {
    simulator.setBehaviour({
      default: { outcome: 'NEEDS_SUPPLEMENT' },
      procedures: { '1.004227': { outcome: 'REFUSED' } },
    });
    const byDefault = await sendWorkItem(url, SECRET, workItem({ procedureCode: '2.001234' }), {
      idempotencyKey: newKey(),
    });
    const byProcedure = await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: newKey() });
    const byRequest = await sendWorkItem(url, SECRET, workItem({ simulation: { outcome: 'DONE' } }), {
      idempotencyKey: newKey(),
    });
    expect(byDefault.body).toMatchObject({ status: 'NEEDS_SUPPLEMENT' });
    expect(byProcedure).toMatchObject({ status: 422, body: { status: 'REFUSED' } });
    expect(byRequest).toMatchObject({ status: 200, body: { status: 'DONE' } });
  });

  it('draws random transient failures from the seeded PRNG, reproducibly', async () => {
    const run = async (): Promise<number[]> => {
      const sim = createAgencySimulator({
        agencyCode: AGENCY,
        secret: SECRET,
        seed: 99,
        behaviour: { default: { failureRate: 0.5 } },
      });
      const { url: simUrl } = await sim.listen(0);
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++)
          statuses.push((await sendWorkItem(simUrl, SECRET, workItem(), { idempotencyKey: `k${i}` })).status);
        return statuses;
      } finally {
        await sim.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  describe('control endpoints', () => {
    it('serves health, deliveries, behaviour and reset', async () => {
      const key = newKey();
      await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key });
      expect((await requestJson('GET', `${url}/_sim/health`)).body).toEqual({
        status: 'ok',
        agencyCode: AGENCY,
      });
      expect((await requestJson('GET', `${url}/_sim/deliveries`)).body).toEqual({
        byKey: { [key]: 1 },
        total: 1,
        distinctKeys: 1,
        transientFailures: 0,
      });

      const put = await requestJson(
        'PUT',
        `${url}/_sim/behaviour`,
        JSON.stringify({ procedures: { '1.004227': { outcome: 'REFUSED' } } }),
      );
      expect(put).toMatchObject({
        status: 200,
        body: { procedures: { '1.004227': { outcome: 'REFUSED' } } },
      });
      expect((await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: newKey() })).status).toBe(422);

      const bad = await requestJson(
        'PUT',
        `${url}/_sim/behaviour`,
        JSON.stringify({ default: { failureRate: 3 } }),
      );
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });

      expect((await requestJson('POST', `${url}/_sim/reset`)).status).toBe(200);
      expect(simulator.deliveries()).toEqual({ byKey: {}, total: 0, distinctKeys: 0, transientFailures: 0 });
      expect((await sendWorkItem(url, SECRET, workItem(), { idempotencyKey: key })).status).toBe(200);
    });

    it('are not served when control is off', async () => {
      const closedSim = createAgencySimulator({ agencyCode: AGENCY, secret: SECRET, control: false });
      const { url: closedUrl } = await closedSim.listen(0);
      try {
        expect((await requestJson('GET', `${closedUrl}/_sim/health`)).status).toBe(404);
        expect((await requestJson('POST', `${closedUrl}/_sim/reset`)).status).toBe(404);
      } finally {
        await closedSim.close();
      }
    });

    it('answers 404 and 405 for unknown routes and methods', async () => {
      expect((await requestJson('GET', `${url}/nothing-here`)).status).toBe(404);
      expect((await requestJson('GET', `${url}/work-items`)).status).toBe(405);
    });
  });

  it('closes promptly with a keep-alive client, a hanging request and a pending callback', async () => {
    const sim = createAgencySimulator({ agencyCode: AGENCY, secret: SECRET });
    const { url: simUrl } = await sim.listen(0);
    const agent = new http.Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${simUrl}/_sim/health`, { agent }, (res) => {
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      });
      await sendWorkItem(
        simUrl,
        SECRET,
        workItem({
          callbackUrl: receiver.url,
          simulation: { outcome: 'ACCEPTED', callbackDelayMs: 60_000 },
        }),
        { idempotencyKey: newKey() },
      );
      const hanging = sendWorkItem(simUrl, SECRET, workItem({ simulation: { hangMs: 60_000 } }), {
        idempotencyKey: newKey(),
      });
      hanging.catch(() => undefined);
      await sleep(20);
      const started = Date.now();
      await sim.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect(hanging).rejects.toBeDefined();
      expect(sim.callbacks()).toEqual([expect.objectContaining({ state: 'CANCELLED', attempts: 0 })]);
    } finally {
      agent.destroy();
    }
  });
});

describe('agency fleet', () => {
  it('starts one server per agency on distinct ports and closes them all', async () => {
    const codes = ['UBND-XA', 'VPDKDD', 'CUC-THUE', 'KHO-BAC', 'CONG-AN', 'BHXH'];
    const fleet = await startAgencyFleet({
      agencies: codes.map((code) => ({ code, secret: devAgencySecret(code) })),
    });
    let closed = false;
    try {
      const ports = new Set(Object.values(fleet.urls).map((u) => new URL(u).port));
      expect(Object.keys(fleet.urls)).toEqual(codes);
      expect(ports.size).toBe(codes.length);
      for (const code of codes) {
        expect((await requestJson('GET', `${fleet.urls[code]}/_sim/health`)).body).toEqual({
          status: 'ok',
          agencyCode: code,
        });
        const answer = await sendWorkItem(
          fleet.urls[code],
          devAgencySecret(code),
          workItem({ agencyCode: code }),
          { idempotencyKey: `${code}-1` },
        );
        expect(answer.status).toBe(200);
      }
      await fleet.close();
      closed = true;
      await expect(requestJson('GET', `${fleet.urls.VPDKDD}/_sim/health`)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      if (!closed) await fleet.close();
    }
  });

  it('refuses duplicate agency codes and cleans up when a port is taken', async () => {
    await expect(
      startAgencyFleet({
        agencies: [
          { code: 'A', secret: 's' },
          { code: 'A', secret: 's' },
        ],
      }),
    ).rejects.toThrow(/twice/);
    const blocker = createAgencySimulator({ agencyCode: 'BLOCK', secret: 's' });
    const { url: blockerUrl } = await blocker.listen(0);
    try {
      const port = Number(new URL(blockerUrl).port);
      await expect(
        startAgencyFleet({
          agencies: [
            { code: 'A', secret: 's' },
            { code: 'B', secret: 's' },
          ],
          basePort: port - 1,
        }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await blocker.close();
    }
  });
});
