// Access hygiene (issue #7): no personal data in Temporal (workflow ids, search attributes, memo,
// and what the history carries), none in the logs (the API's pino output and the Temporal runtime's
// console output, an unexpected error and refused submissions included), and an audit event for
// every mutating action with the acting principal (graphql/plugins/audit.ts, table audit_event).
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import { startApiServer, type RunningApi } from '../../api/server';
import { createLogger } from '../../platform/logger';
import { EncryptionCodec } from '../../platform/encryption/encryption-codec';
import { services, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { decodeHistoryJSON, historyWithPayloadText } from '../support/history-payloads';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';

/** A distinctive applicant: none of these values may leave the read model's dossier row. */
const APPLICANT = {
  name: 'Nguyễn Thị Riêng Tư',
  idNumber: '079999888777',
  phone: '0909 777 555',
  email: 'rieng.tu.079999@example.vn',
};
const PERSONAL_VALUES = [
  APPLICANT.name,
  APPLICANT.idNumber,
  APPLICANT.phone,
  APPLICANT.email,
  '0909777555',
  'Riêng Tư',
  'rieng.tu.079999',
];
/** One MANUAL step at the commune that also receives it. */
const PROCEDURE = { code: '2.000815', agencyCode: 'UBND_XA_PHU_HOA', stepKey: 'chung-thuc' };
/** Its first step is SYSTEM (an agency system receives the work item, formData included). */
const SYSTEM_PROCEDURE = '1.003010';

let engine: EngineHarness;
let api: RunningApi;
let brokenApi: RunningApi;
const logLines: string[] = [];
const consoleLines: string[] = [];
const keys: Record<'admin' | 'portal' | 'agency', { key: string; id: string }> = {} as never;
const spies: jest.SpyInstance[] = [];

const capture = () =>
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });

interface Answer {
  status: number;
  requestId: string;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}
async function call(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  key?: string,
): Promise<Answer> {
  const requestId = `audit-${randomUUID()}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, requestId, body: (await response.json()) as Answer['body'] };
}
const gql = (query: string, variables: Record<string, unknown>, key?: string) =>
  call(api.url, query, variables, key);

const CREATE_KEY =
  'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }';
const SUBMIT =
  'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code } } }';
const submission = (overrides: Record<string, unknown> = {}) => ({
  procedureCode: PROCEDURE.code,
  applicant: APPLICANT,
  channel: 'ONLINE',
  formData: { purpose: 'privacy test', copies: 2 },
  idempotencyKey: `privacy-${randomUUID()}`,
  ...overrides,
});

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    // The Temporal runtime's DefaultLogger (worker and workflow logs) writes through console.
    spies.push(
      jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' '))),
    );
  }
  engine = await startEngine();
  // The API under test logs everything (debug) into `logLines`.
  const logger = createLogger({ level: 'debug', destination: capture() });
  api = await startApiServer(services(engine), { port: 0, host: '127.0.0.1', live: engine.live, logger });
  // Same engine, but Temporal refuses to start workflows: an unexpected error in the middle of a submission.
  const brokenTemporal = {
    withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call(),
    workflow: {
      start: () => Promise.reject(new Error('Temporal frontend unavailable (test)')),
      getHandle: engine.temporal.workflow.getHandle.bind(engine.temporal.workflow),
    },
  } as unknown as Client;
  brokenApi = await startApiServer(
    { ...services(engine), temporal: brokenTemporal },
    { port: 0, host: '127.0.0.1', live: engine.live, logger },
  );

  const create = async (input: Record<string, unknown>) => {
    const created = await call(engine.api.url, CREATE_KEY, { input }, engine.adminKey);
    expect(created.body.errors).toBeUndefined();
    return {
      key: created.body.data.createApiKey.key as string,
      id: created.body.data.createApiKey.apiKey.id as string,
    };
  };
  keys.admin = await create({ role: 'ADMIN', label: 'privacy admin' });
  keys.portal = await create({ role: 'PORTAL', label: 'privacy portal' });
  keys.agency = await create({ role: 'AGENCY', agencyCode: PROCEDURE.agencyCode, label: 'privacy desk' });
}, 120_000);

afterAll(async () => {
  await brokenApi?.close();
  await api?.close();
  await engine?.stop();
  for (const spy of spies) spy.mockRestore();
});

/** Every string in `text` (payloads decoded) that holds one of the applicant's values. */
function personalDataIn(text: string): string[] {
  return PERSONAL_VALUES.filter((v) => text.toLowerCase().includes(v.toLowerCase()));
}

/** The history as JSON with every payload decrypted with the key and its `data` shown as text. */
async function decodedHistory(json: string): Promise<string> {
  return historyWithPayloadText(await decodeHistoryJSON(json, new EncryptionCodec(TEST_PAYLOAD_KEYS)));
}

describe('no personal data in Temporal', () => {
  let code = '';
  let systemCode = '';
  beforeAll(async () => {
    const submitted = await gql(SUBMIT, { input: submission() }, keys.portal.key);
    expect(submitted.body.errors).toBeUndefined();
    code = submitted.body.data.submitDossier.dossier.code;
    await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
    const system = await gql(
      SUBMIT,
      { input: submission({ procedureCode: SYSTEM_PROCEDURE }) },
      keys.portal.key,
    );
    expect(system.body.errors).toBeUndefined();
    systemCode = system.body.data.submitDossier.dossier.code;
    await waitForState(
      engine,
      systemCode,
      (s) => s.steps[0].status !== 'PENDING' && s.steps[0].status !== 'ACTIVE',
    );
  });

  test("the workflow id, the search attributes and the memo hold none of the applicant's data", async () => {
    for (const dossier of [code, systemCode]) {
      const handle = engine.temporal.workflow.getHandle(workflowIdForDossier(dossier));
      const description = await handle.describe();
      expect(description.workflowId).toBe(`dossier/${dossier}`);
      expect(personalDataIn(description.workflowId)).toEqual([]);
      const attributes = JSON.stringify(
        description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]),
      );
      expect(attributes).toContain(
        dossier.split('-')[0] === PROCEDURE.agencyCode ? PROCEDURE.code : SYSTEM_PROCEDURE,
      );
      expect(personalDataIn(attributes)).toEqual([]);
      expect(personalDataIn(JSON.stringify(description.searchAttributes ?? {}))).toEqual([]);
      expect(personalDataIn(JSON.stringify((await description.memo) ?? {}))).toEqual([]);
    }
  });

  test("the history (workflow input, activity inputs and results, updates) holds none of the applicant's identity fields, even decrypted", async () => {
    for (const dossier of [code, systemCode]) {
      const history = await decodedHistory(
        historyToJSON(await engine.temporal.workflow.getHandle(workflowIdForDossier(dossier)).fetchHistory()),
      );
      expect(history).toContain(dossier);
      // formData, the dossier's business payload, does travel, encrypted (payload-encryption.test.ts).
      expect(history).toContain('privacy test');
      expect(personalDataIn(history)).toEqual([]);
    }
  });
});

describe('no personal data in the logs', () => {
  test("submissions (accepted, refused, replayed, conflicting) and an unexpected error log none of the applicant's values", async () => {
    const first = submission();
    const accepted = await gql(SUBMIT, { input: first }, keys.portal.key);
    expect(accepted.body.errors).toBeUndefined();
    const refusals = [
      await gql(SUBMIT, { input: submission({ procedureCode: 'NO.SUCH.PROCEDURE' }) }, keys.portal.key),
      await gql(
        SUBMIT,
        { input: submission({ applicant: { ...APPLICANT, email: `not an email ${APPLICANT.email}` } }) },
        keys.portal.key,
      ),
      await gql(
        SUBMIT,
        { input: submission({ applicant: { ...APPLICANT, idNumber: `${APPLICANT.idNumber}!` } }) },
        keys.portal.key,
      ),
      await gql(
        SUBMIT,
        { input: { ...first, applicant: { ...APPLICANT, idNumber: '079999888000' } } },
        keys.portal.key,
      ),
      await gql(SUBMIT, { input: submission() }, `lt_AAAAAAAA_${'0'.repeat(40)}`), // an unknown key
      await gql(SUBMIT, { input: { ...submission(), channel: APPLICANT.name } }, keys.portal.key), // a bad enum value
      // The same mistakes written into the document: validation messages quote literals too.
      await gql(
        `mutation { submitDossier(input: { procedureCode: "${PROCEDURE.code}", channel: "${APPLICANT.name}", idempotencyKey: "privacy-literal-1",
        applicant: { name: "${APPLICANT.name}", idNumber: ${APPLICANT.idNumber} } }) { lookupKey } }`,
        {},
        keys.portal.key,
      ),
    ];
    expect(refusals.map((r) => r.body.errors?.[0]?.extensions?.code)).toEqual([
      'PROCEDURE_NOT_FOUND',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'IDEMPOTENCY_CONFLICT',
      'UNAUTHENTICATED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    const replayed = await gql(SUBMIT, { input: first }, keys.portal.key);
    expect(replayed.body.data.submitDossier.dossier.code).toBe(accepted.body.data.submitDossier.dossier.code);

    const unexpected = await call(brokenApi.url, SUBMIT, { input: submission() }, keys.portal.key);
    expect(unexpected.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // The unexpected error was logged, with its stack, under the request id.
    const logged = await eventually(async () =>
      logLines
        .map((l) => JSON.parse(l) as Record<string, any>)
        .find((l) => l.requestId === unexpected.requestId && l.level === 50),
    );
    expect(logged.err.message).toMatch(/Temporal frontend unavailable/);

    expect(logLines.length).toBeGreaterThan(0);
    const leaks = logLines.filter((line) => personalDataIn(line).length > 0);
    expect(leaks).toEqual([]);
    expect(personalDataIn(consoleLines.join('\n'))).toEqual([]);
  });
});

describe('an audit event for every mutating action, with the acting principal', () => {
  const auditOf = (requestId: string) =>
    engine.db.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { id: 'asc' } });

  async function expectAudited(
    answer: Answer,
    expected: {
      principal: { id: string } | null;
      role: string | null;
      action: string;
      target: string | null;
      outcome?: string;
      errorCode?: string | null;
    },
  ) {
    const rows = await auditOf(answer.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      principalId: expected.principal?.id ?? null,
      role: expected.role,
      action: expected.action,
      target: expected.target,
      requestId: answer.requestId,
      outcome: expected.outcome ?? 'OK',
      errorCode: expected.errorCode ?? null,
    });
    expect(Date.now() - rows[0].occurredAt.getTime()).toBeLessThan(60_000);
    expect(
      personalDataIn(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))),
    ).toEqual([]);
    return rows[0];
  }

  test("each administrative mutation and submitDossier leaves exactly one OK row with the key's id and a target id", async () => {
    const admin = keys.admin;
    const created = await gql(CREATE_KEY, { input: { role: 'PORTAL', label: 'audited portal' } }, admin.key);
    const newKeyId = created.body.data.createApiKey.apiKey.id as string;
    await expectAudited(created, {
      principal: admin,
      role: 'ADMIN',
      action: 'createApiKey',
      target: newKeyId,
    });

    const revoked = await gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: newKeyId },
      admin.key,
    );
    expect(revoked.body.errors).toBeUndefined();
    await expectAudited(revoked, {
      principal: admin,
      role: 'ADMIN',
      action: 'revokeApiKey',
      target: newKeyId,
    });

    const agencyCode = `AUD_${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const agency = await gql(
      'mutation($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code } }',
      {
        input: { code: agencyCode, name: 'UBND xã Kiểm Toán', level: 'COMMUNE', parentCode: 'UBND_H_AN_PHU' },
      },
      admin.key,
    );
    expect(agency.body.errors).toBeUndefined();
    await expectAudited(agency, {
      principal: admin,
      role: 'ADMIN',
      action: 'upsertAgency',
      target: agencyCode,
    });

    const procedureCode = `AUD.${randomUUID().slice(0, 8)}`;
    const procedure = await gql(
      'mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { version } }',
      {
        input: {
          code: procedureCode,
          name: 'Thủ tục kiểm toán',
          onlineLevel: 'FULL',
          totalWorkingDays: 2,
          receivingAgencyCode: agencyCode,
          steps: [{ key: 'xu-ly', name: 'Xử lý', agencyCode, workingDays: 1, mode: 'MANUAL' }],
        },
      },
      admin.key,
    );
    expect(procedure.body.errors).toBeUndefined();
    await expectAudited(procedure, {
      principal: admin,
      role: 'ADMIN',
      action: 'upsertProcedure',
      target: `${procedureCode}@v1`,
    });

    const calendar = await gql(
      'mutation($days: [CalendarDayInput!]!) { setCalendarDays(days: $days) { calendarVersion } }',
      {
        days: [{ date: '2099-12-30', working: false, reason: 'Kiểm toán (test)' }],
      },
      admin.key,
    );
    expect(calendar.body.errors).toBeUndefined();
    await expectAudited(calendar, {
      principal: admin,
      role: 'ADMIN',
      action: 'setCalendarDays',
      target: `calendar@v${calendar.body.data.setCalendarDays.calendarVersion}`,
    });

    const submitted = await gql(SUBMIT, { input: submission() }, keys.portal.key);
    expect(submitted.body.errors).toBeUndefined();
    await expectAudited(submitted, {
      principal: keys.portal,
      role: 'PORTAL',
      action: 'submitDossier',
      target: submitted.body.data.submitDossier.dossier.code,
    });
  });

  test('dossier actions are audited too, an anonymous applicant with no principal', async () => {
    const submitted = await gql(SUBMIT, { input: submission() }, keys.agency.key);
    expect(submitted.body.errors).toBeUndefined();
    const { code } = submitted.body.data.submitDossier.dossier;
    await expectAudited(submitted, {
      principal: keys.agency,
      role: 'AGENCY',
      action: 'submitDossier',
      target: code,
    });
    await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');

    const withdrawn = await gql(
      'mutation($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { status } }',
      {
        input: {
          dossierCode: code,
          lookupKey: submitted.body.data.submitDossier.lookupKey,
          note: `Tôi là ${APPLICANT.name}`,
        },
      },
    );
    expect(withdrawn.body.errors).toBeUndefined();
    await expectAudited(withdrawn, { principal: null, role: null, action: 'withdrawDossier', target: code });
  });

  test('a refused mutation that ran leaves one REFUSED row with its code; one refused before execution leaves none', async () => {
    const forbidden = await gql(
      CREATE_KEY,
      { input: { role: 'ADMIN', label: 'escalation attempt' } },
      keys.portal.key,
    );
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectAudited(forbidden, {
      principal: keys.portal,
      role: 'PORTAL',
      action: 'createApiKey',
      target: null,
      outcome: 'REFUSED',
      errorCode: 'FORBIDDEN',
    });

    const invalid = await gql(
      'mutation($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code } }',
      {
        input: { code: 'not a code!', name: APPLICANT.name, level: 'COMMUNE' },
      },
      keys.admin.key,
    );
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    await expectAudited(invalid, {
      principal: keys.admin,
      role: 'ADMIN',
      action: 'upsertAgency',
      target: null,
      outcome: 'REFUSED',
      errorCode: 'VALIDATION_FAILED',
    });

    const refusedSubmission = await gql(
      SUBMIT,
      { input: submission({ procedureCode: 'NO.SUCH' }) },
      keys.portal.key,
    );
    await expectAudited(refusedSubmission, {
      principal: keys.portal,
      role: 'PORTAL',
      action: 'submitDossier',
      target: null,
      outcome: 'REFUSED',
      errorCode: 'PROCEDURE_NOT_FOUND',
    });

    const notFound = await gql(
      'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code } }',
      {
        input: { dossierCode: 'NO_SUCH-000101-0001', stepKey: 'x' },
      },
      keys.agency.key,
    );
    await expectAudited(notFound, {
      principal: keys.agency,
      role: 'AGENCY',
      action: 'completeStep',
      target: 'NO_SUCH-000101-0001',
      outcome: 'REFUSED',
      errorCode: 'DOSSIER_NOT_FOUND',
    });

    // Variables of the wrong type: no resolver runs, nothing to audit.
    const wrongType = await gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: { $ne: null } },
      keys.admin.key,
    );
    expect(wrongType.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(await auditOf(wrongType.requestId)).toEqual([]);
  });

  test('an unexpected failure leaves a FAILED row', async () => {
    const failed = await call(brokenApi.url, SUBMIT, { input: submission() }, keys.portal.key);
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    await expectAudited(failed, {
      principal: keys.portal,
      role: 'PORTAL',
      action: 'submitDossier',
      target: null,
      outcome: 'FAILED',
    });
  });
});
