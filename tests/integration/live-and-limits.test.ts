// Live progress and production hygiene over real HTTP: subscriptions over SSE fed by the worker
// through PostgreSQL LISTEN/NOTIFY (as `npm run worker` + `npm run api` run them), their
// authorization, the shared event target between two separate pub/sub instances (and its
// reconnection), the depth / alias / token / body-size limits, request ids and masked errors.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { startApiServer, type RunningApi } from '../../api/server';
import { API_LIMITS } from '../../graphql/yoga';
import { createLogger } from '../../platform/logger';
import {
  createLiveEvents,
  dossierTopic,
  escalationTopic,
  type LiveEvents,
} from '../../services/live/live-events';
import { completeStepUpdate } from '../../domain/contract/dossier-workflow';
import {
  act,
  agencyActor,
  driveToCompletion,
  services,
  submit,
  waitForState,
} from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { subscribe } from '../support/sse-client';

let engine: EngineHarness;
const keys: Record<string, string> = {};

const CREATE_KEY = /* GraphQL */ `
  mutation Create($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
    }
  }
`;
async function createKey(input: Record<string, unknown>): Promise<string> {
  const created = await engine.graphql(CREATE_KEY, { input }, engine.adminKey);
  expect(created.errors).toBeUndefined();
  return created.data.createApiKey.key;
}

beforeAll(async () => {
  engine = await startEngine();
  keys.portal = await createKey({ role: 'PORTAL', label: 'live test portal' });
  keys.supervisor = await createKey({ role: 'SUPERVISOR', label: 'live test supervisor' });
  keys.landOffice = await createKey({
    role: 'AGENCY',
    agencyCode: 'CNDKDD_AN_PHU',
    label: 'live test land office',
  });
  keys.tax = await createKey({ role: 'AGENCY', agencyCode: 'CCT_AN_PHU', label: 'live test tax' });
  keys.communeDesk = await createKey({
    role: 'DESK',
    agencyCode: 'UBND_XA_PHU_HOA',
    label: 'live test commune desk',
  });
});
afterAll(async () => {
  await engine?.stop();
});

const DOSSIER_UPDATED = /* GraphQL */ `
  subscription Follow($code: String!) {
    dossierUpdated(code: $code) {
      code
      status
      outcome
      currentAgencies
      steps {
        key
        status
      }
    }
  }
`;
const AGENCY_DOSSIERS_CHANGED = /* GraphQL */ `
  subscription AgencyDossiers($agencyCode: String!) {
    agencyDossiersChanged(agencyCode: $agencyCode) {
      code
      status
      resultReturnedAt
      steps {
        key
        agencyCode
        status
      }
    }
  }
`;
const ESCALATION_RAISED = /* GraphQL */ `
  subscription Escalations($agencyCode: String!) {
    escalationRaised(agencyCode: $agencyCode) {
      id
      dossierCode
      reason
      agencyCode
      targetAgencyCode
      level
      status
      stepKey
    }
  }
`;

const codeOf = (payload: any) => payload?.errors?.[0]?.extensions?.code;

describe('subscriptions over SSE', () => {
  test('dossierUpdated gives the dossier now, then after every change until it is completed', async () => {
    const code = await submit(engine, '1.003010'); // SYSTEM at CNDKDD_AN_PHU, then MANUAL there
    await waitForState(engine, code, (s) => s.steps[1].status === 'ACTIVE'); // waits for an officer

    const portal = await subscribe(engine.api.url, DOSSIER_UPDATED, { code }, keys.portal);
    const agency = await subscribe(engine.api.url, DOSSIER_UPDATED, { code }, keys.landOffice);
    try {
      expect(portal.status).toBe(200);
      expect(portal.headers.get('content-type')).toMatch(/text\/event-stream/);
      const [now] = await portal.until(() => true);
      expect(now.errors).toBeUndefined();
      expect(now.data.dossierUpdated).toMatchObject({
        code,
        status: 'IN_PROGRESS',
        steps: [
          { key: 'kiem-tra-ho-so', status: 'DONE' },
          { key: 'ghi-dang-ky', status: 'ACTIVE' },
        ],
      });
      expect((await agency.next()).data.dossierUpdated.code).toBe(code);

      await driveToCompletion(engine, code);
      const completed = (payload: any) => payload.data?.dossierUpdated?.status === 'COMPLETED';
      for (const subscriber of [portal, agency]) {
        const seen = await subscriber.until(completed);
        expect(seen.every((p) => p.errors === undefined)).toBe(true);
        expect(seen.at(-1).data.dossierUpdated).toMatchObject({
          code,
          outcome: expect.any(String),
          steps: [{ status: 'DONE' }, { status: 'DONE' }],
        });
      }
    } finally {
      portal.close();
      agency.close();
    }
  });

  test('dossierUpdated is refused without a key, and reads as absent for an agency with no part in the dossier', async () => {
    const code = await submit(engine, '1.003010');
    const anonymous = await subscribe(engine.api.url, DOSSIER_UPDATED, { code });
    expect(codeOf(await anonymous.next())).toBe('FORBIDDEN');
    expect(await anonymous.next()).toBeUndefined(); // completed

    const otherAgency = await subscribe(engine.api.url, DOSSIER_UPDATED, { code }, keys.tax);
    expect(codeOf(await otherAgency.next())).toBe('DOSSIER_NOT_FOUND');
    const unknown = await subscribe(
      engine.api.url,
      DOSSIER_UPDATED,
      { code: 'NO_SUCH-000000-0000' },
      keys.supervisor,
    );
    expect(codeOf(await unknown.next())).toBe('DOSSIER_NOT_FOUND');
    await driveToCompletion(engine, code);
  });

  test('escalationRaised reaches the agency and supervisors when an agency system fails for good; another agency is refused', async () => {
    const forbidden = await subscribe(
      engine.api.url,
      ESCALATION_RAISED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.tax,
    );
    expect(codeOf(await forbidden.next())).toBe('FORBIDDEN');
    const portal = await subscribe(
      engine.api.url,
      ESCALATION_RAISED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.portal,
    );
    expect(codeOf(await portal.next())).toBe('FORBIDDEN');
    const unknown = await subscribe(
      engine.api.url,
      ESCALATION_RAISED,
      { agencyCode: 'NO_SUCH_AGENCY' },
      keys.supervisor,
    );
    expect(codeOf(await unknown.next())).toBe('AGENCY_NOT_FOUND');

    // The subscription is in place once the response has started: LISTEN is up before Yoga answers.
    const agency = await subscribe(
      engine.api.url,
      ESCALATION_RAISED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.landOffice,
    );
    const supervisor = await subscribe(
      engine.api.url,
      ESCALATION_RAISED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.supervisor,
    );
    const simulator = engine.fleet.simulators.CNDKDD_AN_PHU;
    simulator.setBehaviour({ procedures: { '1.003010': { permanentError: true } } });
    let code = '';
    try {
      code = await submit(engine, '1.003010');
      // Other test files share the database (and so the channel): keep this dossier's escalations.
      const ours = (payload: any) => payload.data?.escalationRaised?.dossierCode === code;
      for (const subscriber of [agency, supervisor]) {
        const seen = await subscriber.until(ours);
        expect(seen.at(-1)).toEqual({
          data: {
            escalationRaised: {
              id: expect.any(String),
              dossierCode: code,
              reason: 'INTEGRATION_FAILURE',
              agencyCode: 'CNDKDD_AN_PHU',
              targetAgencyCode: 'CNDKDD_AN_PHU',
              level: 1,
              status: 'OPEN',
              stepKey: 'kiem-tra-ho-so',
            },
          },
        });
      }
    } finally {
      simulator.setBehaviour({ procedures: { '1.003010': null } });
      agency.close();
      supervisor.close();
    }
  });
});

describe('agencyDossiersChanged over SSE', () => {
  // Other test files share the database (and so the channel): each test keeps its own dossier's payloads.
  const of = (code: string) => (payload: any) => payload.data?.agencyDossiersChanged?.code === code;
  const stepOf = (payload: any, key: string) =>
    payload.data.agencyDossiersChanged.steps.find((s: any) => s.key === key)?.status;

  test("an agency hears of a dossier when its step starts, not before; another agency's key is refused", async () => {
    const forbidden = await subscribe(
      engine.api.url,
      AGENCY_DOSSIERS_CHANGED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.tax,
    );
    expect(codeOf(await forbidden.next())).toBe('FORBIDDEN');

    // 1.004227: received at the commune, its first step there, the second at the land office.
    const desk = await subscribe(
      engine.api.url,
      AGENCY_DOSSIERS_CHANGED,
      { agencyCode: 'UBND_XA_PHU_HOA' },
      keys.communeDesk,
    );
    const landOffice = await subscribe(
      engine.api.url,
      AGENCY_DOSSIERS_CHANGED,
      { agencyCode: 'CNDKDD_AN_PHU' },
      keys.landOffice,
    );
    try {
      const code = await submit(engine, '1.004227');
      const received = await desk.until((p) => of(code)(p) && stepOf(p, 'xac-nhan-hien-trang') === 'ACTIVE');
      expect(received.every((p) => p.errors === undefined)).toBe(true);

      // Had the land office been told of the receipt, its first payload would show its step PENDING.
      await act(engine, code, completeStepUpdate, {
        actor: agencyActor('UBND_XA_PHU_HOA'),
        stepKey: 'xac-nhan-hien-trang',
        result: { documentNo: 'XN-001' },
      });
      const seen = await landOffice.until(of(code));
      expect(stepOf(seen.at(-1), 'kiem-tra-dia-chinh')).toBe('ACTIVE');
    } finally {
      desk.close();
      landOffice.close();
    }
  });

  test("the receiving desk and the dossier's page hear of the hand-back it records (written by the API, not the workflow)", async () => {
    let page: Awaited<ReturnType<typeof subscribe>> | undefined;
    const desk = await subscribe(
      engine.api.url,
      AGENCY_DOSSIERS_CHANGED,
      { agencyCode: 'UBND_XA_PHU_HOA' },
      keys.communeDesk,
    );
    try {
      const code = await submit(engine, '2.000815'); // one MANUAL step at the commune
      await driveToCompletion(engine, code);
      await desk.until((p) => of(code)(p) && p.data.agencyDossiersChanged.status === 'COMPLETED');
      // The dossier's own page follows it too.
      page = await subscribe(
        engine.api.url,
        `subscription F($code: String!) { dossierUpdated(code: $code) { code resultReturnedAt } }`,
        { code },
        keys.communeDesk,
      );

      const handedBack = await engine.graphql(
        `mutation R($input: RecordResultReturnedInput!) { recordResultReturned(input: $input) { code } }`,
        { input: { dossierCode: code, returnedTo: 'Trần Thị Bình' } },
        keys.communeDesk,
      );
      expect(handedBack.errors).toBeUndefined();
      const seen = await desk.until(
        (p) => of(code)(p) && p.data.agencyDossiersChanged.resultReturnedAt !== null,
      );
      expect(seen.at(-1).data.agencyDossiersChanged.status).toBe('COMPLETED');
      await page.until((p) => p.data?.dossierUpdated?.resultReturnedAt != null);
    } finally {
      desk.close();
      page?.close();
    }
  });
});

describe('the PostgreSQL event target', () => {
  const instances: LiveEvents[] = [];
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
  });

  test('delivers between two separate pub/sub instances, and keeps delivering after its LISTEN connection is killed', async () => {
    const channel = `live_test_${randomUUID().replace(/-/g, '')}`;
    const open = () => {
      const live = createLiveEvents({
        kind: 'postgres',
        connectionString: process.env.DATABASE_URL!,
        channel,
        reconnectDelayMs: 50,
      });
      instances.push(live);
      return live;
    };
    const worker = open();
    const api = open();
    const updates = await api.subscribe(dossierTopic('LIVE-TEST-1'));
    const escalations = await api.subscribe(escalationTopic('CCT_AN_PHU'));

    worker.publish(dossierTopic('LIVE-TEST-2'), { code: 'LIVE-TEST-2', seq: 1 }); // another topic: not delivered here
    worker.publish(dossierTopic('LIVE-TEST-1'), { code: 'LIVE-TEST-1', seq: 7 });
    worker.publish(escalationTopic('CCT_AN_PHU'), {
      escalationId: 'LIVE-TEST-1:E1',
      dossierCode: 'LIVE-TEST-1',
    });
    expect((await updates.next()).value).toEqual({ code: 'LIVE-TEST-1', seq: 7 });
    expect((await escalations.next()).value).toEqual({
      escalationId: 'LIVE-TEST-1:E1',
      dossierCode: 'LIVE-TEST-1',
    });

    // Kill the API instance's LISTEN connection from the server side, as a database failover would.
    const admin = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      const listenerPid = async () =>
        (
          await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [
            `LISTEN "${channel}"`,
          ])
        ).rows.map((r) => r.pid);
      const [before] = await eventually(async () =>
        (await listenerPid()).length === 1 ? await listenerPid() : undefined,
      );
      await admin.query('SELECT pg_terminate_backend($1)', [before]);
      await eventually(async () => {
        const pids = await listenerPid();
        return pids.length === 1 && pids[0] !== before ? pids : undefined;
      });
    } finally {
      await admin.end();
    }
    worker.publish(dossierTopic('LIVE-TEST-1'), { code: 'LIVE-TEST-1', seq: 8 });
    expect((await updates.next()).value).toEqual({ code: 'LIVE-TEST-1', seq: 8 });

    // Ending a subscription removes its listener: nothing pending, the iterator is done.
    await updates.return?.();
    expect(await updates.next()).toEqual({ value: undefined, done: true });
    await escalations.return?.();
  });
});

describe('limits, request ids and masked errors', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(engine.api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.supervisor}`, ...headers },
      body,
    });
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await post(JSON.stringify({ query, variables }));
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  };

  test('a query nested deeper than the limit is refused as QUERY_TOO_COMPLEX', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'name' : `ofType { ${nested(depth - 1)} }`);
    const deep = `{ __type(name: "Dossier") { fields { type { ${nested(API_LIMITS.maxDepth)} } } } }`;
    const refused = await ask(deep);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/depth limit of 10/),
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
    const shallow = await ask(`{ __type(name: "Dossier") { fields { type { ${nested(3)} } } } }`);
    expect(shallow.body.errors).toBeUndefined();
  });

  test('a query costing more than the limit is refused; the heaviest legitimate page is not', async () => {
    const fullPage = `dossiers(first: 100) { edges { cursor node { code procedureCode procedureVersion receivingAgencyCode channel status
      receivedAt dueAt originalDueAt completedAt outcome currentAgencies statusReason lateStepKey lateAgencyCode pausedWorkingMinutes supplement
      steps { key name agencyCode status startedAt dueAt completedAt result mode warnedAt late pausedWorkingMinutes failure }
      escalations { id dossierCode stepKey reason agencyCode targetAgencyCode level status raisedAt climbAt climbedAt acknowledgedAt acknowledgedBy resolvedAt resolvedBy note }
      apologies { id stepKey agencyCode reason previousDueAt newDueAt issuedAt } } } pageInfo { hasNextPage endCursor } }`;
    const one = await ask(`{ ${fullPage} }`);
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.dossiers.edges.length).toBeGreaterThan(0);
    const twice = await ask(`{ a: ${fullPage} b: ${fullPage} }`);
    expect(twice.status).toBeLessThan(500);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Cost limit of 40000/),
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
  });

  test('an alias flood (50 aliases) and a token flood are refused as QUERY_TOO_COMPLEX', async () => {
    const aliases = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const refused = await ask(aliases);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.errors?.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.body.errors?.[0].message).toMatch(/Aliases limit of 15/);

    const tokens = `{ ${'__typename '.repeat(API_LIMITS.maxTokens + 10)}}`;
    const flood = await ask(tokens);
    expect(flood.status).toBeLessThan(500);
    expect(flood.body.errors?.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);

    const fine = await ask(`{ ${Array.from({ length: 10 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(fine.body.errors).toBeUndefined();
  });

  test('a body over 1 MB is refused with 413 before it is read whole', async () => {
    const filler = 'x'.repeat(2 * 1024 * 1024);
    const response = await post(JSON.stringify({ query: '{ __typename }', variables: { filler } }));
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors?: any[] };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    // The connection and the server are fine afterwards.
    expect((await ask('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  test("every response carries x-request-id: the caller's when sane, else a new one", async () => {
    const mine = await post(JSON.stringify({ query: '{ __typename }' }), {
      'x-request-id': 'portal-abc-123',
    });
    expect(mine.headers.get('x-request-id')).toBe('portal-abc-123');
    const generated = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await post(JSON.stringify({ query: '{ __typename }' }), {
      'x-request-id': 'bad id\twith "quotes"',
    });
    expect(injected.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const health = await fetch(engine.api.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBeTruthy();
  });

  describe('on an API whose calendar store is broken', () => {
    let broken: RunningApi;
    const lines: string[] = [];
    beforeAll(async () => {
      const capture = new Writable({
        write(chunk, _encoding, done) {
          lines.push(...String(chunk).split('\n').filter(Boolean));
          done();
        },
      });
      broken = await startApiServer(
        {
          ...services(engine),
          calendar: () => Promise.reject(new Error('calendar store unreachable (secret internals)')),
        },
        {
          port: 0,
          host: '127.0.0.1',
          live: engine.live,
          logger: createLogger({ level: 'info', destination: capture }),
          production: true,
          corsOrigins: false,
        },
      );
    });
    afterAll(async () => {
      await broken?.close();
    });

    test('an unexpected error is masked, and logged with its request id and stack but without the variables', async () => {
      const response = await fetch(broken.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${keys.supervisor}`,
          'x-request-id': 'support-case-42',
        },
        body: JSON.stringify({
          query: 'query Due($at: DateTime!) { dueDate(receivedAt: $at, workingDays: 1) }',
          variables: { at: '2026-03-02T09:00:00+07:00', idNumber: '079190009999' },
        }),
      });
      expect(response.headers.get('x-request-id')).toBe('support-case-42');
      const body = (await response.json()) as { errors: any[] };
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'Unexpected error.',
          path: ['dueDate'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'support-case-42' },
        }),
      ]);
      expect(JSON.stringify(body)).not.toMatch(/calendar store|secret internals/);

      const logged = await eventually(async () =>
        lines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'support-case-42' && l.level === 50),
      );
      expect(logged.err.message).toMatch(/calendar store unreachable/);
      expect(logged.err.stack).toMatch(/at /);
      expect(lines.join('\n')).not.toContain('079190009999');
    });

    test('in production, field suggestions are hidden and browsers get no CORS headers', async () => {
      const response = await fetch(broken.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${keys.supervisor}`,
          origin: 'https://evil.example',
        },
        body: JSON.stringify({ query: '{ dossie(code: "x") { code } }' }),
      });
      const body = (await response.json()) as { errors: any[] };
      expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(body.errors[0].message).toMatch(/Cannot query field "dossie"/);
      expect(body.errors[0].message).not.toMatch(/Did you mean/);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      // Development (the harness's API) suggests, and allows any origin.
      const dev = await fetch(engine.api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${keys.supervisor}`,
          origin: 'https://portal.example',
        },
        body: JSON.stringify({ query: '{ dossie(code: "x") { code } }' }),
      });
      expect(((await dev.json()) as { errors: any[] }).errors[0]).toMatchObject({
        message: expect.stringMatching(/Did you mean "dossier"/),
        extensions: { code: 'VALIDATION_FAILED' },
      });
      expect(dev.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    });
  });
});

describe('keep-alive connections', () => {
  test("an idle connection outlives Node's 5 s default, so a client reusing it is answered, not reset; close() still ends it", async () => {
    const api = await startApiServer(services(engine), { port: 0, host: '127.0.0.1', live: engine.live });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = Number(new URL(api.url).port);
    const typename = () =>
      new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
        const body = JSON.stringify({ query: '{ __typename }' });
        const req = request(
          {
            agent,
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket! }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await typename();
      let closedByServer = false;
      const closed = new Promise((resolve) => first.socket.once('close', resolve)).then(
        () => (closedByServer = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(closedByServer).toBe(false);
      const second = await typename();
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.socket).toBe(first.socket);
      await api.close();
      await closed;
    } finally {
      agent.destroy();
      await api.close();
    }
  }, 20_000);
});

describe('shutting the API down', () => {
  test('close() answers the requests in flight first, then stops', async () => {
    const api = await startApiServer(services(engine), { port: 0, host: '127.0.0.1', live: engine.live });
    const port = Number(new URL(api.url).port);
    const body = JSON.stringify({ query: '{ __typename }' });
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    let finish!: () => void;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      // Half the body now: the request is in flight at the server, not idle.
      req.write(body.slice(0, 5), () => arrived());
      finish = () => req.end(body.slice(5));
    });
    await atServer;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = api.close();
    finish();
    expect(await answer).toEqual({ status: 200, text: JSON.stringify({ data: { __typename: 'Query' } }) });
    await closing;
    // Closed: a new connection is refused.
    await expect(fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST' })).rejects.toThrow();
  });
});
