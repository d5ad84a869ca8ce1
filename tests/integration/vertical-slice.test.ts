// End to end over real sockets: a GraphQL mutation starts the dossier workflow of a two-step
// procedure; activities call two simulated agency systems over HTTP; the read model is written; a
// GraphQL query shows the progress. Real Temporal server binary, real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitDossierInput!) {
    submitDossier(input: $input) {
      lookupKey
      dossier {
        code
        status
        receivedAt
        dueAt
        steps {
          key
          status
        }
      }
    }
  }
`;
const DOSSIER = /* GraphQL */ `
  query Dossier($code: String!) {
    dossier(code: $code) {
      code
      status
      outcome
      completedAt
      currentAgencies
      steps {
        key
        agencyCode
        status
        startedAt
        dueAt
        completedAt
        result
      }
    }
  }
`;

let engine: EngineHarness;
/** The province portal's API key: submissions and reads come from a portal, as in production. */
let portalKey: string;
beforeAll(async () => {
  engine = await startEngine();
  const created = await engine.graphql(
    `mutation { createApiKey(input: { role: PORTAL, label: "Cổng DVC tỉnh" }) { key } }`,
    {},
    engine.adminKey,
  );
  portalKey = created.data.createApiKey.key;
});
afterAll(async () => {
  await engine?.stop();
});

const submission = (idempotencyKey: string) => ({
  input: {
    procedureCode: '2.000720',
    applicant: { name: 'Nguyễn Văn An', idNumber: '001085012345', phone: '0912345678' },
    channel: 'ONLINE',
    formData: { businessName: 'Tạp hóa An Phú' },
    idempotencyKey,
  },
});

test('a submitted dossier travels through both agencies and completes', async () => {
  const key = randomUUID();
  const submitted = await engine.graphql(SUBMIT, submission(key), portalKey);
  expect(submitted.errors).toBeUndefined();
  const { dossier, lookupKey } = submitted.data.submitDossier;
  expect(dossier.code).toMatch(/^UBND_H_AN_PHU-\d{6}-\d{4}$/);
  expect(lookupKey).toMatch(/^[2-9A-HJ-KM-NP-Z]{10}$/);
  expect(new Date(dossier.dueAt).getTime()).toBeGreaterThan(new Date(dossier.receivedAt).getTime());

  const done = await eventually(async () => {
    const { data } = await engine.graphql(DOSSIER, { code: dossier.code }, portalKey);
    return data?.dossier.status === 'COMPLETED' ? data.dossier : undefined;
  });
  expect(done.steps.map((s: any) => [s.key, s.agencyCode, s.status])).toEqual([
    ['dang-ky-ho-kinh-doanh', 'UBND_H_AN_PHU', 'DONE'],
    ['cap-ma-so-thue', 'CCT_AN_PHU', 'DONE'],
  ]);
  expect(done.outcome).toBe('EARLY');
  expect(done.currentAgencies).toEqual([]);
  expect(done.steps[0].result.reference).toEqual(expect.any(String));
  // The second step started only after the first was done.
  expect(new Date(done.steps[1].startedAt).getTime()).toBeGreaterThanOrEqual(
    new Date(done.steps[0].completedAt).getTime(),
  );

  // Each agency system received its step exactly once.
  expect(engine.fleet.simulators.UBND_H_AN_PHU.deliveries().distinctKeys).toBe(1);
  expect(engine.fleet.simulators.CCT_AN_PHU.deliveries().distinctKeys).toBe(1);

  // The audit trail holds every transition in order, numbered without gaps.
  const events = await engine.db.prisma.dossierEvent.findMany({
    where: { dossierCode: dossier.code },
    orderBy: { seq: 'asc' },
  });
  expect(events.map((e) => e.type)).toEqual([
    'DOSSIER_RECEIVED',
    'STEP_STARTED',
    'STEP_DELIVERED',
    'STEP_COMPLETED',
    'STEP_STARTED',
    'STEP_DELIVERED',
    'STEP_COMPLETED',
    'DOSSIER_COMPLETED',
  ]);
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

  // Temporal's own tools see the dossier through the pinned search attributes.
  const description = await engine.temporal.workflow.getHandle(workflowIdForDossier(dossier.code)).describe();
  expect(description.searchAttributes).toMatchObject({
    DossierStatus: ['COMPLETED'],
    ProcedureCode: ['2.000720'],
  });
});

test('submitting again with the same idempotency key returns the same dossier and starts nothing', async () => {
  const key = randomUUID();
  const [first, second] = await Promise.all([
    engine.graphql(SUBMIT, submission(key), portalKey),
    engine.graphql(SUBMIT, submission(key), portalKey),
  ]);
  expect(first.errors).toBeUndefined();
  expect(second.errors).toBeUndefined();
  expect(second.data.submitDossier.dossier.code).toBe(first.data.submitDossier.dossier.code);
  expect(second.data.submitDossier.lookupKey).toBe(first.data.submitDossier.lookupKey);
  const third = await engine.graphql(SUBMIT, submission(key), portalKey);
  expect(third.data.submitDossier.dossier.code).toBe(first.data.submitDossier.dossier.code);
  expect(await engine.db.prisma.dossier.count({ where: { idempotencyKey: key } })).toBe(1);
});

test('bad input gets a coded error and creates nothing', async () => {
  const before = await engine.db.prisma.dossier.count();
  const unknown = await engine.graphql(
    SUBMIT,
    { input: { ...submission(randomUUID()).input, procedureCode: 'NO.SUCH' } },
    portalKey,
  );
  expect(unknown.errors?.[0].extensions.code).toBe('PROCEDURE_NOT_FOUND');
  const invalid = await engine.graphql(
    SUBMIT,
    {
      input: { ...submission(randomUUID()).input, applicant: { name: ' ', idNumber: '<script>' } },
    },
    portalKey,
  );
  expect(invalid.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
  expect(await engine.db.prisma.dossier.count()).toBe(before);
});
