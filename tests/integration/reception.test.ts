// Reception's rules on the real database with Temporal faked (so the workflow input can be read
// back as it was sent): a new dossier and its PENDING steps, replays, conflicting keys, desks, twins
// racing with one key, and the procedure version a dossier keeps. Codes are unique to this run,
// since other test files share the database.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { upsertAgency } from '../../services/catalog/agencies';
import { createCalendarSource } from '../../services/catalog/calendar';
import { upsertProcedure } from '../../services/catalog/procedures';
import type { DossierWorkflowInput } from '../../domain/contract/dossier-workflow';
import { DomainError } from '../../domain/errors';
import type { ProcedureInput } from '../../domain/procedure/types';
import { hashLookupKey } from '../../services/reception/lookup-key';
import { receiptDay } from '../../services/reception/receipt-code';
import {
  ensureDossierWorkflow,
  submitDossier,
  type ReceptionDeps,
  type SubmitDossierInput,
} from '../../services/reception/submit-dossier';
import { openDatabase, type Database, type PrismaClient } from '../../prisma/database';

interface Start {
  workflowId: string;
  input: DossierWorkflowInput;
  conflictPolicy: WorkflowIdConflictPolicy;
}

let db: Database;
let prisma: PrismaClient;
let deps: ReceptionDeps;
const starts: Start[] = [];

const RUN = randomBytes(4).toString('hex').toUpperCase();
const DESK = `RCP_D${RUN}`;
const POLICE = `RCP_P${RUN}`;
const PROVINCE = `RCP_T${RUN}`;
const PROCEDURE: ProcedureInput = {
  code: `TEST.RECEPTION.${RUN}`,
  name: 'Thủ tục thử tiếp nhận',
  onlineLevel: 'FULL',
  totalWorkingDays: 3,
  receivingAgencyCode: DESK,
  steps: [
    { key: 'tham-dinh', name: 'Thẩm định', agencyCode: DESK, workingDays: 1, mode: 'MANUAL' },
    {
      key: 'xac-minh',
      name: 'Xác minh',
      agencyCode: POLICE,
      workingDays: 2,
      mode: 'SYSTEM',
      after: ['tham-dinh'],
    },
  ],
};

// Monday 2026-11-23 10:00 in Vietnam: a working hour, so receipt is immediate.
const NOW = new Date('2026-11-23T03:00:00Z');

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run integration tests through jest (tests/integration/global-setup.ts)',
    );
  db = await openDatabase({ url, poolSize: 4 });
  prisma = db.prisma;
  await upsertAgency(prisma, { code: PROVINCE, name: 'Tỉnh', level: 'PROVINCE' });
  await upsertAgency(prisma, { code: DESK, name: 'Một cửa', level: 'DISTRICT', parentCode: PROVINCE });
  await upsertAgency(prisma, { code: POLICE, name: 'Công an', level: 'PROVINCE' });
  await upsertProcedure(prisma, PROCEDURE);
  const temporal = {
    withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call(),
    workflow: {
      start: async (
        _type: string,
        options: {
          workflowId: string;
          args: [DossierWorkflowInput];
          workflowIdConflictPolicy: WorkflowIdConflictPolicy;
        },
      ) => {
        starts.push({
          workflowId: options.workflowId,
          input: options.args[0],
          conflictPolicy: options.workflowIdConflictPolicy,
        });
        return {};
      },
    },
  } as unknown as Client;
  deps = {
    sql: db.sql,
    temporal,
    taskQueue: 'test',
    lookupKeySecret: 'test-secret',
    calendar: createCalendarSource(prisma, { now: () => NOW }),
    now: () => NOW,
  };
});
afterAll(async () => {
  await db?.close();
});

let keys = 0;
const submission = (overrides: Partial<SubmitDossierInput> = {}): SubmitDossierInput => ({
  procedureCode: PROCEDURE.code,
  applicant: { name: 'Nguyễn Văn A', idNumber: '079190001234', phone: '0901 234 567' },
  channel: 'COUNTER',
  formData: { purpose: 'thử' },
  idempotencyKey: `reception-${RUN}-${++keys}`,
  ...overrides,
});

async function refusal(action: Promise<unknown>): Promise<string> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

test('a new dossier is written with its PENDING steps and its workflow started with what it needs', async () => {
  const { dossier, lookupKey, created } = await submitDossier(deps, submission());
  expect(created).toBe(true);
  expect(dossier.code).toBe(`${DESK}-${receiptDay(NOW, 'Asia/Ho_Chi_Minh')}-0001`);

  const row = await prisma.dossier.findUniqueOrThrow({
    where: { code: dossier.code },
    include: { steps: { orderBy: { key: 'asc' } } },
  });
  expect(row).toMatchObject({
    workflowId: `dossier/${dossier.code}`,
    procedureCode: PROCEDURE.code,
    procedureVersion: 1,
    receivingAgencyCode: DESK,
    channel: 'COUNTER',
    status: 'IN_PROGRESS',
    applicantName: 'Nguyễn Văn A',
    applicantPhone: '0901 234 567',
    applicantEmail: null,
    formData: { purpose: 'thử' },
    lookupKeyHash: hashLookupKey(lookupKey),
    submittedAt: NOW,
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    originalDueAt: dossier.dueAt,
    currentAgencies: [],
    lastEventSeq: 0,
  });
  expect(row.steps.map((s) => [s.key, s.name, s.agencyCode, s.mode, s.status])).toEqual([
    ['tham-dinh', 'Thẩm định', DESK, 'MANUAL', 'PENDING'],
    ['xac-minh', 'Xác minh', POLICE, 'SYSTEM', 'PENDING'],
  ]);
  expect(dossier.dueAt.getTime()).toBeGreaterThan(dossier.receivedAt.getTime());

  const start = starts.at(-1)!;
  expect(start.workflowId).toBe(row.workflowId);
  expect(start.input).toMatchObject({
    dossierCode: dossier.code,
    supervisors: { [DESK]: PROVINCE, [POLICE]: null },
    procedure: { code: PROCEDURE.code, version: 1 },
    receivedAt: row.receivedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    formData: { purpose: 'thử' },
  });
  expect(start.input.calendar.officeHours.timeZone).toBe('Asia/Ho_Chi_Minh');
});

test('a replay answers the same dossier and lookup key and makes sure the workflow runs', async () => {
  const input = submission();
  const first = await submitDossier(deps, input);
  const before = starts.length;
  const again = await submitDossier(deps, input);
  expect(again).toMatchObject({
    created: false,
    lookupKey: first.lookupKey,
    dossier: { code: first.dossier.code },
  });
  expect(again.dossier.dueAt).toEqual(first.dossier.dueAt);
  expect(starts.length).toBe(before + 1);
  expect(starts.at(-1)!.workflowId).toBe(`dossier/${first.dossier.code}`);
});

test('a key used for a different submission is refused', async () => {
  const input = submission();
  await submitDossier(deps, input);
  expect(
    await refusal(submitDossier(deps, { ...input, applicant: { name: 'Khác', idNumber: '079190009999' } })),
  ).toBe('IDEMPOTENCY_CONFLICT');
  expect(await refusal(submitDossier(deps, { ...input, procedureCode: 'OTHER' }))).toBe(
    'IDEMPOTENCY_CONFLICT',
  );
});

test('an officer registers only at the desk that receives the procedure, replays included', async () => {
  expect(await refusal(submitDossier(deps, submission(), { receivingDesk: POLICE }))).toBe('FORBIDDEN');
  const input = submission();
  await submitDossier(deps, input, { receivingDesk: DESK });
  expect(await refusal(submitDossier(deps, input, { receivingDesk: POLICE }))).toBe('FORBIDDEN');
});

test('unknown procedures and invalid input are refused before anything is written', async () => {
  const count = await prisma.dossier.count({ where: { receivingAgencyCode: DESK } });
  expect(await refusal(submitDossier(deps, submission({ procedureCode: `NO.SUCH.${RUN}` })))).toBe(
    'PROCEDURE_NOT_FOUND',
  );
  expect(await refusal(submitDossier(deps, submission({ idempotencyKey: 'short' })))).toBe(
    'VALIDATION_FAILED',
  );
  expect(await prisma.dossier.count({ where: { receivingAgencyCode: DESK } })).toBe(count);
});

test('twins racing with one key: one dossier, both answered with it', async () => {
  const input = submission();
  const [a, b] = await Promise.all([submitDossier(deps, input), submitDossier(deps, input)]);
  expect([a.created, b.created].sort()).toEqual([false, true]);
  expect(a.dossier.code).toBe(b.dossier.code);
  expect(a.lookupKey).toBe(b.lookupKey);
  expect(await prisma.dossier.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
});

test('a dossier keeps its procedure version: replays and reconciliation start it with that one', async () => {
  const input = submission();
  const first = await submitDossier(deps, input);
  // A fresh dossier's workflow id must be free (workflow-id-taken.test.ts); replays and
  // reconciliation may find the workflow the first attempt started.
  expect(starts.at(-1)!.conflictPolicy).toBe(WorkflowIdConflictPolicy.FAIL);
  await upsertProcedure(prisma, { ...PROCEDURE, steps: [{ ...PROCEDURE.steps[0], workingDays: 3 }] });

  await submitDossier(deps, input);
  expect(starts.at(-1)!.conflictPolicy).toBe(WorkflowIdConflictPolicy.USE_EXISTING);
  expect(starts.at(-1)!.input.procedure).toMatchObject({
    version: 1,
    steps: [{ key: 'tham-dinh' }, { key: 'xac-minh' }],
  });

  const row = await prisma.dossier.findUniqueOrThrow({ where: { code: first.dossier.code } });
  await ensureDossierWorkflow(deps, row);
  expect(starts.at(-1)).toMatchObject({
    workflowId: row.workflowId,
    conflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    input: { procedure: { version: 1 }, supervisors: { [DESK]: PROVINCE, [POLICE]: null } },
  });

  const fresh = await submitDossier(deps, submission());
  expect(fresh.dossier.procedureVersion).toBe(2);
  expect(starts.at(-1)!.input).toMatchObject({
    procedure: { version: 2 },
    supervisors: { [DESK]: PROVINCE },
  });
  expect(starts.at(-1)!.input.supervisors).not.toHaveProperty(POLICE);
  expect(await prisma.dossierStep.count({ where: { dossierCode: fresh.dossier.code } })).toBe(1);
});
