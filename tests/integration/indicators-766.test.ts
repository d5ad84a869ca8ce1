// decision766Indicators against real PostgreSQL: hand-made read-model rows in June 2019 (a period no
// other test touches, with agencies and procedures of their own) and the figures counted by hand
// below, for the three units; who may read them; bad questions refused with a code.
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const QUERY = /* GraphQL */ `
  query ($from: DateTime!, $to: DateTime!, $unit: IndicatorUnit!, $code: String) {
    decision766Indicators(from: $from, to: $to, unit: $unit, code: $code) {
      counts {
        received
        receivedOnline
        synced
        resolvedOnTime
        resolvedLate
        openOverdue
        procedures
        fullyOnlineProcedures
      }
      averageProcessingWorkingDays
      indicators {
        key
        numerator
        denominator
        rate
        score
      }
      totalScore
      maxScore
    }
  }
`;

const A = 'I766_A';
const B = 'I766_B';
const P1 = 'I766.001'; // FULL, received by A
const P2 = 'I766.002'; // PARTIAL, received by A
const P3 = 'I766.003'; // FULL, received by B
const FROM = '2019-06-01T00:00:00+07:00';
const TO = '2019-07-01T00:00:00+07:00';
const vn = (local: string) => new Date(`${local}:00+07:00`);

interface Row {
  code: string;
  procedure: string;
  channel: 'ONLINE' | 'COUNTER' | 'POST';
  status: 'IN_PROGRESS' | 'WAITING_SUPPLEMENT' | 'COMPLETED' | 'REFUSED';
  received: string;
  due: string;
  completed?: string;
  outcome?: 'EARLY' | 'ON_TIME' | 'LATE';
  minutes?: number;
  supplementRequested?: string;
  /** Outbox rows: true delivered, false not yet. */
  outbox: boolean[];
}

// Counted by hand in the test below; each line says what the dossier counts for.
const ROWS: Row[] = [
  // received, online, synced; resolved on time (early), 960 min
  {
    code: 'I766-D01',
    procedure: P1,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2019-06-03T08:00',
    due: '2019-06-14T17:00',
    completed: '2019-06-10T10:00',
    outcome: 'EARLY',
    minutes: 960,
    outbox: [true, true],
  },
  // received, online, NOT synced (one event unsent); resolved on time, 1920 min
  {
    code: 'I766-D02',
    procedure: P1,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2019-06-04T08:00',
    due: '2019-06-14T17:00',
    completed: '2019-06-12T10:00',
    outcome: 'ON_TIME',
    minutes: 1920,
    outbox: [true, false],
  },
  // received, counter, synced; resolved late, 2880 min
  {
    code: 'I766-D03',
    procedure: P2,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2019-06-05T08:00',
    due: '2019-06-14T17:00',
    completed: '2019-06-20T10:00',
    outcome: 'LATE',
    minutes: 2880,
    outbox: [true],
  },
  // received, counter, never queued (not synced); open and past due at the period's end
  {
    code: 'I766-D04',
    procedure: P2,
    channel: 'COUNTER',
    status: 'IN_PROGRESS',
    received: '2019-06-10T08:00',
    due: '2019-06-25T17:00',
    outbox: [],
  },
  // received, online, synced; waiting a supplement since 20/6, before its due date: clock stopped, not overdue
  {
    code: 'I766-D05',
    procedure: P1,
    channel: 'ONLINE',
    status: 'WAITING_SUPPLEMENT',
    received: '2019-06-12T08:00',
    due: '2019-06-28T17:00',
    supplementRequested: '2019-06-20T09:00',
    outbox: [true, true],
  },
  // received, post, synced; open, due after the period: not overdue
  {
    code: 'I766-D06',
    procedure: P3,
    channel: 'POST',
    status: 'IN_PROGRESS',
    received: '2019-06-15T08:00',
    due: '2019-07-05T17:00',
    outbox: [true],
  },
  // received in May: not received in the period; resolved on time in June, 480 min
  {
    code: 'I766-D07',
    procedure: P3,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2019-05-20T08:00',
    due: '2019-06-05T17:00',
    completed: '2019-06-02T10:00',
    outcome: 'ON_TIME',
    minutes: 480,
    outbox: [true],
  },
  // received, counter, synced; completed after the period (3/7), due 27/6: open and overdue at the end
  {
    code: 'I766-D08',
    procedure: P1,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2019-06-20T08:00',
    due: '2019-06-27T17:00',
    completed: '2019-07-03T10:00',
    outcome: 'LATE',
    minutes: 4800,
    outbox: [true, true, true],
  },
  // received, online, synced; refused: neither resolved nor overdue
  {
    code: 'I766-D09',
    procedure: P2,
    channel: 'ONLINE',
    status: 'REFUSED',
    received: '2019-06-08T08:00',
    due: '2019-06-20T17:00',
    completed: '2019-06-09T10:00',
    outbox: [true],
  },
  // all in May: counts for nothing
  {
    code: 'I766-D10',
    procedure: P1,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2019-05-01T08:00',
    due: '2019-05-20T17:00',
    completed: '2019-05-25T10:00',
    outcome: 'LATE',
    minutes: 960,
    outbox: [true],
  },
  // received in April, still open, due 1/5: open and overdue at the end
  {
    code: 'I766-D11',
    procedure: P3,
    channel: 'COUNTER',
    status: 'IN_PROGRESS',
    received: '2019-04-01T08:00',
    due: '2019-05-01T17:00',
    outbox: [],
  },
];

let engine: EngineHarness;
let supervisorKey: string;
let portalKey: string;

beforeAll(async () => {
  engine = await startEngine();
  const prisma = engine.db.prisma;
  await upsertAgency(prisma, { code: A, name: 'UBND xã Chỉ Số', level: 'COMMUNE' });
  await upsertAgency(prisma, { code: B, name: 'Phòng Chỉ Số', level: 'DISTRICT' });
  const procedure = (code: string, receiving: string, onlineLevel: 'FULL' | 'PARTIAL') =>
    upsertProcedure(prisma, {
      code,
      name: `Thủ tục ${code}`,
      onlineLevel,
      totalWorkingDays: 10,
      receivingAgencyCode: receiving,
      steps: [
        { key: 's1', name: 'Xử lý', agencyCode: receiving, workingDays: 10, mode: 'MANUAL', after: [] },
      ],
    });
  await procedure(P1, A, 'FULL');
  await procedure(P2, A, 'PARTIAL');
  await procedure(P3, B, 'FULL');
  await prisma.dossier.createMany({
    data: ROWS.map((d) => ({
      code: d.code,
      workflowId: `dossier/${d.code}`,
      idempotencyKey: `i766-${d.code}`,
      procedureCode: d.procedure,
      procedureVersion: 1,
      receivingAgencyCode: d.procedure === P3 ? B : A,
      channel: d.channel,
      status: d.status,
      applicantName: 'Nguyễn Văn Chỉ Số',
      applicantIdNumber: '001090000000',
      lookupKeyHash: 'not-a-real-hash',
      submittedAt: vn(d.received),
      receivedAt: vn(d.received),
      dueAt: vn(d.due),
      originalDueAt: vn(d.due),
      completedAt: d.completed ? vn(d.completed) : null,
      outcome: d.outcome ?? null,
      processingWorkingMinutes: d.minutes ?? null,
      supplement: d.supplementRequested
        ? { stepKey: 's1', items: ['Bản sao'], requestedAt: vn(d.supplementRequested).toISOString() }
        : undefined,
      currentAgencies: [],
    })),
  });
  await prisma.nationalSyncOutbox.createMany({
    data: ROWS.flatMap((d) =>
      d.outbox.map((delivered, i) => ({
        dossierCode: d.code,
        eventSeq: i + 1,
        eventType: 'DOSSIER_RECEIVED',
        statusCode: 2,
        actor: 'SYSTEM:system',
        occurredAt: vn(d.received),
        payload: {},
        deliveredAt: delivered ? vn(d.received) : null,
      })),
    ),
  });
  const key = async (input: Record<string, unknown>) => {
    const created = await engine.graphql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
      { input },
      engine.adminKey,
    );
    return created.data.createApiKey.key as string;
  };
  supervisorKey = await key({ role: 'SUPERVISOR', label: 'Thanh tra (766)' });
  portalKey = await key({ role: 'PORTAL', label: 'Cổng (766)' });
}, 60_000);
afterAll(async () => {
  await engine?.stop();
});

const ask = (unit: string, code?: string, key = supervisorKey, period = { from: FROM, to: TO }) =>
  engine.graphql(QUERY, { ...period, unit, code }, key);
const scores = (data: any) =>
  Object.fromEntries(
    data.decision766Indicators.indicators.map((i: any) => [i.key, [i.numerator, i.denominator, i.score]]),
  );

test('PROVINCE: the dossier figures counted by hand', async () => {
  const { data, errors } = await ask('PROVINCE');
  expect(errors).toBeUndefined();
  expect(data.decision766Indicators.counts).toMatchObject({
    received: 8, // D01 D02 D03 D04 D05 D06 D08 D09
    receivedOnline: 4, // D01 D02 D05 D09
    synced: 6, // D01 D03 D05 D06 D08 D09 (D02 has an unsent event, D04 none queued)
    resolvedOnTime: 3, // D01 D02 D07
    resolvedLate: 1, // D03
    openOverdue: 3, // D04 D08 D11
  });
  // (960 + 1920 + 2880 + 480) / 4 minutes, 480 minutes a working day
  expect(data.decision766Indicators.averageProcessingWorkingDays).toBeCloseTo(3.25, 10);
  const s = scores(data);
  expect(s.SYNCED).toEqual([6, 8, 4.5]); // 6 × 0.75
  expect(s.ON_TIME).toEqual([3, 7, 8.57]); // 20 × 3/7
  expect(s.ONLINE_SUBMISSION).toEqual([4, 8, 12]); // half online: the target
});

test('AGENCY: its dossiers and its procedures, scored', async () => {
  const { data, errors } = await ask('AGENCY', A);
  expect(errors).toBeUndefined();
  expect(data.decision766Indicators.counts).toEqual({
    received: 7, // D01 D02 D03 D04 D05 D08 D09
    receivedOnline: 4,
    synced: 5, // D01 D03 D05 D08 D09
    resolvedOnTime: 2, // D01 D02
    resolvedLate: 1, // D03
    openOverdue: 2, // D04 D08
    procedures: 2,
    fullyOnlineProcedures: 1, // P1
  });
  expect(data.decision766Indicators.averageProcessingWorkingDays).toBeCloseTo(4, 10); // (960+1920+2880)/3/480
  expect(scores(data)).toEqual({
    SYNCED: [5, 7, 4.29], // 6 × 5/7
    ON_TIME: [2, 5, 8], // 20 × 0.4
    ONLINE_SUBMISSION: [4, 7, 12], // 4/7 ≥ 0.5
    FULLY_ONLINE_PROCEDURES: [1, 2, 6.25], // 10 × 0.5 / 0.8
  });
  expect(data.decision766Indicators.totalScore).toBe(30.54);
  expect(data.decision766Indicators.maxScore).toBe(48);
});

test('PROCEDURE: one procedure', async () => {
  const { data, errors } = await ask('PROCEDURE', P3);
  expect(errors).toBeUndefined();
  expect(data.decision766Indicators.counts).toEqual({
    received: 1, // D06
    receivedOnline: 0,
    synced: 1,
    resolvedOnTime: 1, // D07
    resolvedLate: 0,
    openOverdue: 1, // D11
    procedures: 1,
    fullyOnlineProcedures: 1,
  });
  expect(data.decision766Indicators.averageProcessingWorkingDays).toBeCloseTo(1, 10);
  expect(scores(data)).toEqual({
    SYNCED: [1, 1, 6],
    ON_TIME: [1, 2, 10],
    ONLINE_SUBMISSION: [0, 1, 0],
    FULLY_ONLINE_PROCEDURES: [1, 1, 10],
  });
  expect(data.decision766Indicators.totalScore).toBe(26);
});

test('supervisors and administrators only; bad questions refused with a code', async () => {
  expect((await ask('PROVINCE', undefined, portalKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await ask('PROVINCE', undefined, engine.adminKey)).errors).toBeUndefined();
  expect((await ask('AGENCY')).errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  expect((await ask('PROVINCE', A)).errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  expect((await ask('AGENCY', 'NO_SUCH')).errors?.[0]?.extensions?.code).toBe('AGENCY_NOT_FOUND');
  expect((await ask('PROCEDURE', 'NO.SUCH')).errors?.[0]?.extensions?.code).toBe('PROCEDURE_NOT_FOUND');
  const backwards = await ask('PROVINCE', undefined, supervisorKey, { from: TO, to: FROM });
  expect(backwards.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
});
