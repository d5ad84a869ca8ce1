// Text that Temporal's core cannot encode (an unpaired UTF-16 surrogate) once stopped the worker for
// every dossier: an agency's `completeStep` with `stepKey: "\uD800"` came back as a refusal message
// quoting the key, and the worker died decoding it. These tests keep that bug and its whole class
// found, on the real Temporal server and worker: the API refuses such text at the door; the workflow
// survives it even when a door is bypassed (a refusal leaves no history, so replay is unaffected);
// an agency system's malformed or badly cut answers cannot reach the worker's core either.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { signedHeaders } from '../../integrations/agency-protocol/signature';
import {
  completeStepUpdate,
  provideSupplementUpdate,
  requestSupplementUpdate,
} from '../../domain/contract/dossier-workflow';
import {
  act,
  agencyActor,
  APPLICANT,
  expectRefused,
  handleOf,
  readModel,
  stateOf,
  submit,
  waitForState,
} from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

const DESK = 'UBND_XA_PHU_HOA';
/** First step MANUAL at the desk's commune: see domain/catalog/sample-procedures-land.ts. */
const PROCEDURE = '1.004227';

let engine: EngineHarness;
let agencyKey = '';
beforeAll(async () => {
  engine = await startEngine();
  const created = await engine.graphql(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
    { input: { role: 'AGENCY', agencyCode: DESK, label: 'poisoned text' } },
    engine.adminKey,
  );
  agencyKey = created.data.createApiKey.key;
});
afterAll(async () => {
  await engine?.stop();
});

async function activeDossier(): Promise<{ code: string; stepKey: string }> {
  const code = await submit(engine, PROCEDURE);
  const state = await waitForState(engine, code, (s) =>
    s.steps.some((x) => x.status === 'ACTIVE' && x.agencyCode === DESK),
  );
  return { code, stepKey: state.steps.find((x) => x.status === 'ACTIVE')!.key };
}

/** Updates the workflow accepted: a refused one is never among them (it leaves no history at all). */
const acceptedUpdates = async (code: string) =>
  ((await handleOf(engine, code).fetchHistory()).events ?? []).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
  ).length;

/** The engine still works: an agency completes a MANUAL step through the API. */
async function expectAlive(): Promise<void> {
  const { code, stepKey } = await activeDossier();
  const done = await engine.graphql(
    'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code steps { key status } } }',
    { input: { dossierCode: code, stepKey, result: { documentNo: 'KS-1' } } },
    agencyKey,
  );
  expect(done.errors).toBeUndefined();
  expect(done.data.completeStep.steps).toContainEqual({ key: stepKey, status: 'DONE' });
}

test('the reported request (an agency completeStep with stepKey "\\uD800") is refused at the door, naming the field', async () => {
  const { code } = await activeDossier();
  for (const stepKey of ['\uD800', 'a\uDC00', '\uDC00\uD800', 'x\u0000', 'esc\u001b[2J']) {
    const answer = await engine.graphql(
      'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code } }',
      { input: { dossierCode: code, stepKey } },
      agencyKey,
    );
    expect(answer.errors?.[0]).toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', details: { field: 'input.stepKey' } },
      message: expect.stringMatching(
        /^input\.stepKey: contains (an unpaired surrogate|the control character)/,
      ),
    });
  }
  // Inside a JSON argument, at any depth, keys included; and written into the document itself.
  const nested = await engine.graphql(
    'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code } }',
    { input: { dossierCode: code, stepKey: 'x', result: { a: [{ b: { ['k\uD800']: 1 } }] } } },
    agencyKey,
  );
  expect(nested.errors?.[0].extensions).toMatchObject({
    code: 'VALIDATION_FAILED',
    details: { field: 'input.result.a[0].b.<key>' },
  });
  const literal = await engine.graphql(
    `query { trackDossier(code: "${code}\uD800", lookupKey: "x") { code } }`,
  );
  expect(literal.errors?.[0]).toMatchObject({
    extensions: { code: 'VALIDATION_FAILED' },
    message: expect.stringMatching(/U\+D800/),
  });
  expect(await acceptedUpdates(code)).toBe(0);
  await expectAlive();
});

test('bypassing the API, an update with ill-formed text is refused by the workflow and the worker lives on', async () => {
  const { code, stepKey } = await activeDossier();
  const refusal = await expectRefused(
    act(engine, code, completeStepUpdate, { actor: agencyActor(DESK), stepKey: '\uD800' }),
    'STEP_NOT_FOUND',
  );
  // The message quotes the key, repaired: U+FFFD where the lone surrogate was.
  expect(refusal.message).toBe('The procedure has no step "\uFFFD"');
  // A refusal leaves no trace in the history: nothing for replay to meet.
  expect(await acceptedUpdates(code)).toBe(0);

  // Accepted actions carrying such text are stored repaired (PostgreSQL's jsonb refuses lone
  // surrogates and NUL): the supplement request and the applicant's note reach the read model.
  const waiting = await act(engine, code, requestSupplementUpdate, {
    actor: agencyActor(DESK),
    stepKey,
    items: ['Bản sao \uD800 sổ hộ khẩu'],
    note: 'ghi chú\u0000',
  });
  expect(waiting.supplement).toMatchObject({ items: ['Bản sao \uFFFD sổ hộ khẩu'], note: 'ghi chú\uFFFD' });
  const resumed = await act(engine, code, provideSupplementUpdate, {
    actor: APPLICANT,
    note: '\uDFFF đã nộp',
  });
  expect(resumed.status).toBe('IN_PROGRESS');
  await eventually(async () =>
    (await readModel(engine, code)).dossier.lastEventSeq === resumed.lastEventSeq ? true : undefined,
  );
  const { dossier, events } = await readModel(engine, code);
  expect(dossier.supplement).toMatchObject({ items: ['Bản sao \uFFFD sổ hộ khẩu'], note: 'ghi chú\uFFFD' });
  expect(events.find((e) => e.type === 'SUPPLEMENT_PROVIDED')?.payload).toMatchObject({
    note: '\uFFFD đã nộp',
  });
  await expectAlive();
});

describe("an agency system's answers", () => {
  // A stand-in agency system on a real socket, answering each delivery with the next canned reply.
  const replies: { status: number; body: string }[] = [];
  let server: Server;
  let agencyCode = '';
  let procedureCode = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const reply = replies.shift() ?? { status: 503, body: '{"error":{"code":"UNAVAILABLE"}}' };
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const suffix = randomBytes(3).toString('hex').toUpperCase();
    agencyCode = `POISON_${suffix}`;
    procedureCode = `POISON.${suffix}`;
    const agency = await engine.graphql(
      'mutation($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code } }',
      {
        input: {
          code: agencyCode,
          name: 'Hệ thống thử',
          level: 'DISTRICT',
          endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        },
      },
      engine.adminKey,
    );
    expect(agency.errors).toBeUndefined();
    const procedure = await engine.graphql(
      'mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { version } }',
      {
        input: {
          code: procedureCode,
          name: 'Thủ tục thử',
          onlineLevel: 'FULL',
          totalWorkingDays: 3,
          receivingAgencyCode: DESK,
          steps: [
            { key: 'he-thong', name: 'Xử lý trên hệ thống', agencyCode, workingDays: 1, mode: 'SYSTEM' },
          ],
        },
      },
      engine.adminKey,
    );
    expect(procedure.errors).toBeUndefined();
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  test('a 500 whose body, cut for the retry message, would end in half a surrogate pair: retried, then done', async () => {
    // 'x' + 150 pairs: the first 200 UTF-16 units end in the high half of a pair.
    replies.push(
      { status: 500, body: `x${'🏛'.repeat(150)}` },
      {
        status: 200,
        body: JSON.stringify({ status: 'DONE', reference: 'r-1', result: { documentNo: 'QD-1' } }),
      },
    );
    const code = await submit(engine, procedureCode);
    const done = await waitForState(engine, code, (s) => s.status === 'COMPLETED', 30_000);
    expect(done.steps[0].result).toMatchObject({ documentNo: 'QD-1' });
    const history = await handleOf(engine, code).fetchHistory();
    const retried = history.events?.find((e) => e.activityTaskStartedEventAttributes?.attempt === 2);
    expect(retried).toBeDefined();
  });

  test('an answer with ill-formed text is a broken integration: the step fails for good, with an escalation', async () => {
    // JSON.stringify escapes the lone surrogate, so this is valid JSON that parses to ill-formed text.
    replies.push({
      status: 200,
      body: JSON.stringify({ status: 'DONE', reference: 'r-2', result: { note: 'kết quả \uD800' } }),
    });
    const code = await submit(engine, procedureCode);
    const failed = await waitForState(engine, code, (s) => s.steps[0].status === 'FAILED', 30_000);
    expect(failed.steps[0].failure).toBe(
      `Agency ${agencyCode} answered 200 with a malformed answer: result.note: contains an unpaired surrogate U+D800: not well-formed Unicode`,
    );
    expect(failed.escalations).toEqual([
      expect.objectContaining({ reason: 'INTEGRATION_FAILURE', agencyCode }),
    ]);
    expect((await stateOf(engine, code)).status).toBe('IN_PROGRESS');
    await expectAlive();
  });
});

test('an agency callback with ill-formed text is refused with 400 VALIDATION_FAILED naming the field', async () => {
  // The shape is checked after the signature, so it is signed as the agency would.
  const agency = 'CCT_AN_PHU';
  const body = JSON.stringify({
    dossierCode: 'X-1',
    stepKey: 'a',
    agencyCode: agency,
    reference: 'r',
    outcome: 'NEEDS_SUPPLEMENT',
    items: ['ok', 'x\uDC00'],
  });
  const response = await fetch(engine.api.url.replace('/graphql', '/agency-callbacks'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lienthong-agency': agency,
      ...signedHeaders(devAgencySecret(agency), body, Date.now()),
    },
    body,
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: {
      code: 'VALIDATION_FAILED',
      message: 'items[1]: contains an unpaired surrogate U+DC00: not well-formed Unicode',
      field: 'items[1]',
    },
  });
});
