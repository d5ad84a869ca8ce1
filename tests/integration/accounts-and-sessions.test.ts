// People's accounts and sessions over real HTTP against real PostgreSQL: accounts created,
// deactivated and reset through GraphQL; sign-in, the cookie's flags, the CSRF token on every
// cookie-authenticated request (GET, POST, SSE), sign-out, idle and absolute expiry, the sign-in
// throttle (in memory and on PostgreSQL shared by two API servers), and the person's name and title
// in the audit trail and in the dossier's events.
import { createHash, randomUUID } from 'node:crypto';
import { startApiServer, type RunningApi } from '../../api/server';
import type { SessionSettings } from '../../services/access/sessions';
import { createSignInThrottle, type SignInLimits } from '../../services/access/sign-in-throttle';
import type { ApiServices } from '../../services/create-services';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { credentialHeaders, postSignIn, signInAs, type Session } from '../support/session-client';
import { subscribe } from '../support/sse-client';
import { waitForState } from '../support/dossier-driver';

const CREATE_ACCOUNT = /* GraphQL */ `
  mutation C($input: CreateAccountInput!) {
    createAccount(input: $input) {
      id
      username
      name
      title
      role
      agencyCode
      active
    }
  }
`;
const ME = `query { me { id role agencyCode person { username name title } } }`;
const PASSWORD = 'mat-khau-du-dai-2026';
/** Receives and handles procedure 2.000815 (one MANUAL step): its desk files, its officer acts. */
const COMMUNE = 'UBND_XA_PHU_HOA';

let engine: EngineHarness;
const extraServers: RunningApi[] = [];

beforeAll(async () => {
  engine = await startEngine();
}, 120_000);
afterAll(async () => {
  for (const server of extraServers) await server.close();
  await engine?.stop();
});

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;
const unique = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}`;

async function createAccount(input: Record<string, unknown>) {
  return engine.graphql(CREATE_ACCOUNT, { input: { password: PASSWORD, ...input } }, engine.adminKey);
}

/** A new account of `role`; answers its username. */
async function newAccount(role: string, agencyCode?: string, name = 'Nguyễn Thị Lan'): Promise<any> {
  const created = await createAccount({
    username: unique(role.toLowerCase()),
    name,
    title: 'Chuyên viên',
    role,
    ...(agencyCode ? { agencyCode } : {}),
  });
  expect(created.errors).toBeUndefined();
  return created.data.createAccount;
}

/** An API server on the engine's services with other session settings or another sign-in throttle. */
async function serverWith(changes: {
  sessions?: Partial<SessionSettings>;
  signInLimits?: SignInLimits;
  postgresThrottle?: boolean;
}): Promise<string> {
  const services: ApiServices = {
    ...engine.services,
    sessions: { ...engine.services.sessions, ...changes.sessions },
    ...(changes.signInLimits
      ? {
          signInThrottle: await createSignInThrottle(
            changes.signInLimits,
            changes.postgresThrottle ? { kind: 'postgres', pool: engine.db.pool! } : { kind: 'memory' },
          ),
        }
      : {}),
  };
  const api = await startApiServer(services, { port: 0, host: '127.0.0.1' });
  extraServers.push(api);
  return api.url;
}

async function graphqlAt(url: string, query: string, session: Session) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(session) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

const authUrl = (url: string, route: string) => url.replace(/\/graphql$/, `/auth/${route}`);

describe('accounts', () => {
  test('an administrator creates accounts; the password is stored only as an argon2id hash', async () => {
    const username = unique('lan');
    const created = await createAccount({
      username: `  ${username.toUpperCase()} `,
      name: 'Nguyễn Thị Lan',
      title: 'Chuyên viên Văn phòng',
      role: 'AGENCY',
      agencyCode: COMMUNE,
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createAccount).toMatchObject({
      username,
      name: 'Nguyễn Thị Lan',
      title: 'Chuyên viên Văn phòng',
      role: 'AGENCY',
      agencyCode: COMMUNE,
      active: true,
    });
    const row = await engine.db.prisma.account.findUniqueOrThrow({ where: { username } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);

    const listed = await engine.graphql(`query { accounts { username role active } }`, {}, engine.adminKey);
    expect(listed.data.accounts).toContainEqual({ username, role: 'AGENCY', active: true });
    // No field of the schema can return a hash.
    const introspected = await engine.graphql(`query { __type(name: "Account") { fields { name } } }`);
    expect(introspected.data.__type.fields.map((f: any) => f.name).join(' ')).not.toMatch(
      /hash|password(?!ChangedAt)/i,
    );
  });

  test.each([
    [{ password: 'short' }, 'WEAK_PASSWORD'],
    [{ password: 'aaaaaaaaaaaa' }, 'WEAK_PASSWORD'],
    [{ username: 'a' }, 'VALIDATION_FAILED'],
    [{ username: 'khoảng trắng' }, 'VALIDATION_FAILED'],
    [{ role: 'PORTAL' }, 'VALIDATION_FAILED'],
    [{ role: 'AGENCY', agencyCode: undefined }, 'VALIDATION_FAILED'],
    [{ role: 'DESK', agencyCode: 'NO_SUCH_AGENCY' }, 'AGENCY_NOT_FOUND'],
    [{ role: 'SUPERVISOR', agencyCode: COMMUNE }, 'VALIDATION_FAILED'],
    [{ name: '   ' }, 'VALIDATION_FAILED'],
  ])('createAccount with %j is refused with %s and stores nothing', async (change, code) => {
    const username = unique('refused');
    const result = await createAccount({
      username,
      name: 'Tên',
      title: 'Chức vụ',
      role: 'DESK',
      agencyCode: COMMUNE,
      ...change,
    });
    expect(codeOf(result)).toBe(code);
    expect(await engine.db.prisma.account.count({ where: { username } })).toBe(0);
  });

  test('a username is never reused: ACCOUNT_EXISTS', async () => {
    const { username } = await newAccount('SUPERVISOR');
    const again = await createAccount({
      username,
      name: 'Người khác',
      title: 'Thanh tra',
      role: 'SUPERVISOR',
    });
    expect(codeOf(again)).toBe('ACCOUNT_EXISTS');
  });

  test('only administrators manage accounts, by key or by session', async () => {
    const supervisor = await newAccount('SUPERVISOR');
    const session = await signInAs(engine.api.url, supervisor.username, PASSWORD);
    expect(codeOf(await engine.graphql(`query { accounts { id } }`, {}, session))).toBe('FORBIDDEN');
    const admin = await newAccount('ADMIN');
    const adminSession = await signInAs(engine.api.url, admin.username, PASSWORD);
    const created = await engine.graphql(
      CREATE_ACCOUNT,
      {
        input: {
          username: unique('by-session'),
          password: PASSWORD,
          name: 'A',
          title: 'B',
          role: 'SUPERVISOR',
        },
      },
      adminSession,
    );
    expect(created.errors).toBeUndefined();
    const row = await engine.db.prisma.account.findUniqueOrThrow({
      where: { id: created.data.createAccount.id },
    });
    expect(row.createdBy).toBe(admin.id);
  });
});

describe('sign-in', () => {
  test('answers the person and a CSRF token, and sets an HttpOnly SameSite=Strict cookie whose token is stored only hashed', async () => {
    const account = await newAccount('DESK', COMMUNE, 'Phạm Văn Nam');
    const answer = await postSignIn(engine.api.url, account.username, PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      person: {
        username: account.username,
        name: 'Phạm Văn Nam',
        title: 'Chuyên viên',
        role: 'DESK',
        agencyCode: COMMUNE,
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = answer.setCookie!;
    const token = /^lt_session=([A-Za-z0-9_-]{43});/.exec(cookie)?.[1];
    expect(token).toBeDefined();
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim());
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    expect(answer.body.csrfToken).not.toBe(token);

    const sessions = await engine.db.prisma.accountSession.findMany({ where: { accountId: account.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].tokenHash).toBe(createHash('sha256').update(token!).digest('hex'));
    expect(sessions[0].expiresAt.getTime() - sessions[0].createdAt.getTime()).toBe(8 * 3600 * 1000);
  });

  test('the cookie is Secure when configured for HTTPS', async () => {
    const url = await serverWith({ sessions: { secureCookie: true } });
    const account = await newAccount('SUPERVISOR');
    const answer = await postSignIn(url, account.username, PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.setCookie).toMatch(/; Secure(;|$)/);
  });

  test('an unknown username and a wrong password get the same answer after the same hashing work', async () => {
    const account = await newAccount('AGENCY', COMMUNE);
    const timed = async (username: string, password: string) => {
      const started = performance.now();
      const answer = await postSignIn(engine.api.url, username, password);
      return { answer, ms: performance.now() - started };
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    let wrongBody: unknown;
    let unknownBody: unknown;
    for (let i = 0; i < 5; i++) {
      const w = await timed(account.username, `sai-mat-khau-${i}-xxxx`);
      const u = await timed(unique('khong-co'), `sai-mat-khau-${i}-xxxx`);
      expect([w.answer.status, u.answer.status]).toEqual([401, 401]);
      expect(w.answer.setCookie).toBeNull();
      wrong.push(w.ms);
      unknown.push(u.ms);
      wrongBody = w.answer.body;
      unknownBody = u.answer.body;
    }
    expect(wrongBody).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' },
    });
    expect(unknownBody).toEqual(wrongBody);
    // Both pay one argon2 verification (tens of ms); without the decoy an unknown name answers in ~1 ms.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.4);
  });

  test('a sign-in from another origin or not as JSON is refused', async () => {
    const account = await newAccount('SUPERVISOR');
    const foreign = await postSignIn(engine.api.url, account.username, PASSWORD, {
      origin: 'https://evil.example',
    });
    expect([foreign.status, foreign.body.error.code, foreign.setCookie]).toEqual([
      403,
      'CSRF_REJECTED',
      null,
    ]);
    const form = await fetch(authUrl(engine.api.url, 'sign-in'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ username: account.username, password: PASSWORD }),
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('set-cookie')).toBeNull();
  });

  test('a deactivated account cannot sign in, and its sessions end at once', async () => {
    const account = await newAccount('AGENCY', COMMUNE);
    const session = await signInAs(engine.api.url, account.username, PASSWORD);
    expect((await engine.graphql(ME, {}, session)).data.me.person.username).toBe(account.username);
    const deactivated = await engine.graphql(
      `mutation D($id: ID!) { deactivateAccount(id: $id) { active deactivatedAt } }`,
      { id: account.id },
      engine.adminKey,
    );
    expect(deactivated.data.deactivateAccount.active).toBe(false);
    expect(codeOf(await engine.graphql(ME, {}, session))).toBe('UNAUTHENTICATED');
    const again = await postSignIn(engine.api.url, account.username, PASSWORD);
    expect([again.status, again.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });

  test('a password reset ends the sessions; the old password stops working, the new one works', async () => {
    const account = await newAccount('SUPERVISOR');
    const session = await signInAs(engine.api.url, account.username, PASSWORD);
    const RESET = `mutation R($id: ID!, $password: String!) { resetAccountPassword(id: $id, password: $password) { id } }`;
    expect(codeOf(await engine.graphql(RESET, { id: account.id, password: 'ngan' }, engine.adminKey))).toBe(
      'WEAK_PASSWORD',
    );
    expect((await engine.graphql(ME, {}, session)).data.me.person).not.toBeNull();
    const reset = await engine.graphql(
      RESET,
      { id: account.id, password: 'mat-khau-moi-2027' },
      engine.adminKey,
    );
    expect(reset.errors).toBeUndefined();
    expect(codeOf(await engine.graphql(ME, {}, session))).toBe('UNAUTHENTICATED');
    expect((await postSignIn(engine.api.url, account.username, PASSWORD)).status).toBe(401);
    expect((await postSignIn(engine.api.url, account.username, 'mat-khau-moi-2027')).status).toBe(200);
  });
});

describe('a cookie-authenticated request needs the CSRF token', () => {
  let session: Session;
  beforeAll(async () => {
    const account = await newAccount('SUPERVISOR', undefined, 'Trần Minh Quân');
    session = await signInAs(engine.api.url, account.username, PASSWORD);
  });

  test('POST with the token: the principal is the person, with the account role', async () => {
    const result = await engine.graphql(ME, {}, session);
    expect(result.errors).toBeUndefined();
    expect(result.data.me).toMatchObject({
      role: 'SUPERVISOR',
      agencyCode: null,
      person: { username: session.person.username, name: 'Trần Minh Quân', title: 'Chuyên viên' },
    });
  });

  test.each([
    ['POST without the header', { cookie: 'ok', csrf: undefined, method: 'POST' }],
    ['POST with a wrong token', { cookie: 'ok', csrf: 'x'.repeat(43), method: 'POST' }],
    ['GET without the header', { cookie: 'ok', csrf: undefined, method: 'GET' }],
  ])('%s: 403 CSRF_REJECTED, nothing executed', async (_name, { csrf, method }) => {
    const headers: Record<string, string> = { cookie: session.cookie, accept: 'application/json' };
    if (csrf) headers['x-csrf-token'] = csrf;
    const query = `mutation { createAccount(input: { username: "csrf-victim", password: "${PASSWORD}", name: "x", title: "y", role: ADMIN }) { id } }`;
    const response =
      method === 'GET'
        ? await fetch(`${engine.api.url}?query=${encodeURIComponent(ME)}`, { headers })
        : await fetch(engine.api.url, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ query }),
          });
    expect(response.status).toBe(403);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('CSRF_REJECTED');
    expect(body.data).toBeUndefined();
  });

  test('GET with the token works', async () => {
    const response = await fetch(`${engine.api.url}?query=${encodeURIComponent(ME)}`, {
      headers: { ...credentialHeaders(session), accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.me.person.username).toBe(session.person.username);
  });

  test('a subscription over SSE without the token is refused; with it, it streams', async () => {
    const stream = await subscribe(
      engine.api.url,
      `subscription { escalationRaised(agencyCode: "${COMMUNE}") { id } }`,
      {},
      { ...session, csrfToken: '' },
    );
    try {
      expect(stream.status).toBe(403);
      const first = await stream.next(5_000);
      expect(first?.errors?.[0]?.extensions?.code).toBe('CSRF_REJECTED');
    } finally {
      stream.close();
    }
    const allowed = await subscribe(
      engine.api.url,
      `subscription { escalationRaised(agencyCode: "${COMMUNE}") { id } }`,
      {},
      session,
    );
    try {
      expect(allowed.status).toBe(200);
      await expect(allowed.next(500)).rejects.toThrow(); // open and silent: no error payload
    } finally {
      allowed.close();
    }
  });

  test('an API key needs no CSRF token, even beside a cookie', async () => {
    const response = await fetch(engine.api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${engine.adminKey}`,
        cookie: session.cookie,
      },
      body: JSON.stringify({ query: ME }),
    });
    expect(((await response.json()) as any).data.me).toMatchObject({ role: 'ADMIN', person: null });
  });
});

describe('session and sign-out', () => {
  test('GET /auth/session answers the person and the same CSRF token; without a cookie 401', async () => {
    const account = await newAccount('DESK', COMMUNE);
    const session = await signInAs(engine.api.url, account.username, PASSWORD);
    const current = await fetch(authUrl(engine.api.url, 'session'), { headers: { cookie: session.cookie } });
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ person: session.person, csrfToken: session.csrfToken });
    const none = await fetch(authUrl(engine.api.url, 'session'));
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('UNAUTHENTICATED');
  });

  test('sign-out needs the CSRF header, then deletes the session and clears the cookie', async () => {
    const account = await newAccount('AGENCY', COMMUNE);
    const session = await signInAs(engine.api.url, account.username, PASSWORD);
    const forged = await fetch(authUrl(engine.api.url, 'sign-out'), {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as any).error.code).toBe('CSRF_REJECTED');
    expect((await engine.graphql(ME, {}, session)).data.me.person.username).toBe(account.username);

    const out = await fetch(authUrl(engine.api.url, 'sign-out'), {
      method: 'POST',
      headers: credentialHeaders(session),
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('lt_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect(await engine.db.prisma.accountSession.count({ where: { accountId: account.id } })).toBe(0);
    expect(codeOf(await engine.graphql(ME, {}, session))).toBe('UNAUTHENTICATED');
    expect(
      (await fetch(authUrl(engine.api.url, 'session'), { headers: { cookie: session.cookie } })).status,
    ).toBe(401);
  });
});

describe('expiry', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const alive = async (url: string, session: Session) => (await graphqlAt(url, ME, session)).data?.me != null;

  test('a session idle longer than the idle time ends; using it keeps it alive', async () => {
    const url = await serverWith({ sessions: { idleSeconds: 2, absoluteSeconds: 60 } });
    const account = await newAccount('SUPERVISOR');
    const used = await signInAs(url, account.username, PASSWORD);
    const idle = await signInAs(url, account.username, PASSWORD);
    for (let i = 0; i < 6; i++) {
      await sleep(600);
      expect(await alive(url, used)).toBe(true);
    }
    // 3.6 s since `idle` was last used, with an idle time of 2 s.
    const answer = await graphqlAt(url, ME, idle);
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  });

  test('a session ends at its absolute expiry however much it is used', async () => {
    const url = await serverWith({ sessions: { idleSeconds: 60, absoluteSeconds: 2 } });
    const account = await newAccount('SUPERVISOR');
    const session = await signInAs(url, account.username, PASSWORD);
    expect(await alive(url, session)).toBe(true);
    await eventually(async () => ((await alive(url, session)) ? undefined : true), 5_000);
    expect((await fetch(authUrl(url, 'session'), { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});

describe('sign-in throttle', () => {
  test('past the failures allowed for a username, even the right password is RATE_LIMITED', async () => {
    const url = await serverWith({
      signInLimits: { failuresPerAccount: 3, failuresPerClient: 100, windowSeconds: 60 },
    });
    const account = await newAccount('AGENCY', COMMUNE);
    for (let i = 0; i < 3; i++)
      expect((await postSignIn(url, account.username, `sai-${i}-xxxxxxxx`)).status).toBe(401);
    const refused = await postSignIn(url, account.username, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.body.error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.error.retryAfterSeconds));
    expect(refused.setCookie).toBeNull();
    // Another person is not refused.
    const other = await newAccount('AGENCY', COMMUNE);
    expect((await postSignIn(url, other.username, PASSWORD)).status).toBe(200);
  });

  test('one client failing over many usernames is refused; counts are shared by API servers through PostgreSQL', async () => {
    const limits = { failuresPerAccount: 100, failuresPerClient: 4, windowSeconds: 60 };
    // The only failures counted on PostgreSQL in this run are this test's (the harness counts in memory).
    const [first, second] = [
      await serverWith({ signInLimits: limits, postgresThrottle: true }),
      await serverWith({ signInLimits: limits, postgresThrottle: true }),
    ];
    const account = await newAccount('SUPERVISOR');
    for (let i = 0; i < 4; i++) {
      const server = i % 2 === 0 ? first : second;
      expect((await postSignIn(server, unique('ai-do'), `sai-${i}-xxxxxxxx`)).status).toBe(401);
    }
    const refused = await postSignIn(second, account.username, PASSWORD);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    const refusedToo = await postSignIn(first, account.username, PASSWORD);
    expect(refusedToo.status).toBe(429);
  });
});

describe('who acted: the person in the audit trail and the dossier events', () => {
  test('a desk officer files at the counter, an officer completes the step: both recorded by name and title', async () => {
    const desk = await newAccount('DESK', COMMUNE, 'Phạm Văn Nam');
    const officer = await newAccount('AGENCY', COMMUNE, 'Lê Thị Hồng');
    const deskSession = await signInAs(engine.api.url, desk.username, PASSWORD);
    const officerSession = await signInAs(engine.api.url, officer.username, PASSWORD);
    const submitted = await engine.graphql(
      `mutation S($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`,
      {
        input: {
          procedureCode: '2.000815',
          applicant: { name: 'Trần Thị Bình', idNumber: '079190001234' },
          channel: 'COUNTER',
          idempotencyKey: `desk-${randomUUID()}`,
        },
      },
      deskSession,
    );
    expect(submitted.errors).toBeUndefined();
    const code: string = submitted.data.submitDossier.dossier.code;
    await waitForState(engine, code, (s) =>
      s.steps.some((x) => x.key === 'chung-thuc' && x.status === 'ACTIVE'),
    );
    await eventually(
      async () =>
        (await engine.db.prisma.dossierStep.findFirst({
          where: { dossierCode: code, key: 'chung-thuc', status: 'ACTIVE' },
        })) ?? undefined,
    );
    const completed = await engine.graphql(
      `mutation C($input: CompleteStepInput!) { completeStep(input: $input) { status } }`,
      { input: { dossierCode: code, stepKey: 'chung-thuc', result: { soChungThuc: 'CT-0001' } } },
      officerSession,
    );
    expect(completed.errors).toBeUndefined();

    const audit = await engine.db.prisma.auditEvent.findMany({
      where: { target: code },
      orderBy: { id: 'asc' },
      select: {
        action: true,
        principalId: true,
        role: true,
        personName: true,
        personTitle: true,
        outcome: true,
      },
    });
    expect(audit).toEqual([
      {
        action: 'submitDossier',
        principalId: desk.id,
        role: 'DESK',
        personName: 'Phạm Văn Nam',
        personTitle: 'Chuyên viên',
        outcome: 'OK',
      },
      {
        action: 'completeStep',
        principalId: officer.id,
        role: 'AGENCY',
        personName: 'Lê Thị Hồng',
        personTitle: 'Chuyên viên',
        outcome: 'OK',
      },
    ]);
    const event = await eventually(
      async () =>
        (await engine.db.prisma.dossierEvent.findFirst({
          where: { dossierCode: code, type: 'STEP_COMPLETED' },
        })) ?? undefined,
    );
    expect(event.actor).toBe(`AGENCY:${COMMUNE}:${officer.id}`);
    expect((event.payload as any).by).toEqual({ name: 'Lê Thị Hồng', title: 'Chuyên viên' });

    const signIns = await engine.db.prisma.auditEvent.count({
      where: { action: 'signIn', principalId: officer.id, personName: 'Lê Thị Hồng', outcome: 'OK' },
    });
    expect(signIns).toBe(1);
  });
});
