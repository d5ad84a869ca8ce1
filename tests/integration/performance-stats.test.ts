// performanceStats against real PostgreSQL: hand-made read-model rows in March 2020 (a period no
// other test touches, with agencies and procedures of its own), the expected figures counted by hand
// below (not recomputed by the same SQL), both groupings and their totals, who may read what, and
// the period's validation. Carried-over dossiers (received before the period, open at its start) are
// the one figure other tests reach: their open dossiers of 2019 are carried over into 2020 too, in
// rows of their own procedures and agencies, which the assertions below tell apart (see `split`).
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const STATS = /* GraphQL */ `
  query Stats($from: DateTime!, $to: DateTime!, $groupBy: StatsGroupBy!, $asOf: DateTime) {
    performanceStats(from: $from, to: $to, groupBy: $groupBy, asOf: $asOf) {
      from
      to
      groupBy
      asOf
      generatedAt
      rows {
        ...row
      }
      totals {
        ...row
      }
    }
  }
  fragment row on PerformanceStatsRow {
    key
    name
    received
    carriedOver
    doneEarly
    doneOnTime
    doneLate
    inProgressOnTime
    inProgressOverdue
    refused
    withdrawn
    stopped
    onTimeRate
    averageProcessingWorkingDays
    apologies
    onlineShare
    lateAttributed
  }
`;
const CREATE_KEY = /* GraphQL */ `
  mutation Create($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
    }
  }
`;

const A = 'PSTAT_A';
const B = 'PSTAT_B';
const C = 'PSTAT_C';
const P1 = 'PSTAT.001';
const P2 = 'PSTAT.002';
const FROM = '2020-03-01T00:00:00+07:00';
const TO = '2020-04-01T00:00:00+07:00';
const AS_OF = '2020-03-20T10:00:00+07:00';
/** Local time in Vietnam (the calendar's zone, UTC+7). */
const vn = (local: string) => new Date(`${local}:00+07:00`);

let engine: EngineHarness;
let supervisorKey: string;
let portalKey: string;
let agencyBKey: string;

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;

async function createKey(input: Record<string, unknown>): Promise<string> {
  const created = await engine.graphql(CREATE_KEY, { input }, engine.adminKey);
  expect(created.errors).toBeUndefined();
  return created.data.createApiKey.key;
}

type Channel = 'ONLINE' | 'COUNTER' | 'POST';
type Status = 'IN_PROGRESS' | 'WAITING_SUPPLEMENT' | 'COMPLETED' | 'REFUSED' | 'WITHDRAWN' | 'STOPPED';
type StepStatus = 'PENDING' | 'ACTIVE' | 'WAITING_SUPPLEMENT' | 'DONE' | 'FAILED' | 'CANCELLED';
interface StepRow {
  key: string;
  agency: string;
  status: StepStatus;
  started?: string;
  due?: string;
  completed?: string;
  late?: boolean;
}
interface DossierRow {
  code: string;
  procedure: string;
  channel: Channel;
  status: Status;
  received: string;
  originalDue: string;
  due?: string;
  completed?: string;
  outcome?: 'EARLY' | 'ON_TIME' | 'LATE';
  lateStep?: { key: string; agency: string };
  minutes?: number;
  supplementRequested?: string;
  steps: StepRow[];
  apologies?: { step: string; agency: string }[];
}

// P1: A (tiếp nhận) then B (thẩm định). P2: C (xử lý) then B (thu phí).
const DOSSIERS: DossierRow[] = [
  {
    // early; A's step done on its due day after 07:30 (on time), B's two days ahead (early)
    code: 'PSTAT-D01',
    procedure: P1,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2020-03-02T08:00',
    originalDue: '2020-03-06T17:00',
    completed: '2020-03-04T10:00',
    outcome: 'EARLY',
    minutes: 960,
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-03-02T08:00',
        due: '2020-03-03T17:00',
        completed: '2020-03-03T09:00',
      },
      {
        key: 's2',
        agency: B,
        status: 'DONE',
        started: '2020-03-03T09:00',
        due: '2020-03-06T17:00',
        completed: '2020-03-04T10:00',
      },
    ],
  },
  {
    // on time; A early, B on its due day
    code: 'PSTAT-D02',
    procedure: P1,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2020-03-02T09:00',
    originalDue: '2020-03-06T17:00',
    completed: '2020-03-06T15:00',
    outcome: 'ON_TIME',
    minutes: 2400,
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-03-02T09:00',
        due: '2020-03-03T17:00',
        completed: '2020-03-02T16:00',
      },
      {
        key: 's2',
        agency: B,
        status: 'DONE',
        started: '2020-03-02T16:00',
        due: '2020-03-06T17:00',
        completed: '2020-03-06T15:00',
      },
    ],
  },
  {
    // late against the original date despite B's apology (promised 12/3, done 10/3); A's step done
    // at 07:00 on its due day, before that working day begins at 07:30: early
    code: 'PSTAT-D03',
    procedure: P1,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2020-03-02T10:00',
    originalDue: '2020-03-06T17:00',
    due: '2020-03-12T17:00',
    completed: '2020-03-10T10:00',
    outcome: 'LATE',
    lateStep: { key: 's2', agency: B },
    minutes: 3360,
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-03-02T10:00',
        due: '2020-03-03T17:00',
        completed: '2020-03-03T07:00',
      },
      {
        key: 's2',
        agency: B,
        status: 'DONE',
        started: '2020-03-03T07:00',
        due: '2020-03-06T17:00',
        completed: '2020-03-10T10:00',
        late: true,
      },
    ],
    apologies: [{ step: 's2', agency: B }],
  },
  {
    // late because of C; B's fee step on its due day; no processing time recorded (not averaged)
    code: 'PSTAT-D04',
    procedure: P2,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2020-03-03T08:00',
    originalDue: '2020-03-10T17:00',
    completed: '2020-03-10T08:00',
    outcome: 'LATE',
    lateStep: { key: 's1', agency: C },
    steps: [
      {
        key: 's1',
        agency: C,
        status: 'DONE',
        started: '2020-03-03T08:00',
        due: '2020-03-05T17:00',
        completed: '2020-03-09T09:00',
        late: true,
      },
      {
        key: 's2',
        agency: B,
        status: 'DONE',
        started: '2020-03-09T09:00',
        due: '2020-03-10T17:00',
        completed: '2020-03-10T08:00',
      },
    ],
  },
  {
    // in progress, overdue against the original date although C's apology promised 25/3
    code: 'PSTAT-D05',
    procedure: P2,
    channel: 'ONLINE',
    status: 'IN_PROGRESS',
    received: '2020-03-09T08:00',
    originalDue: '2020-03-13T17:00',
    due: '2020-03-25T17:00',
    steps: [
      { key: 's1', agency: C, status: 'ACTIVE', started: '2020-03-09T08:00', due: '2020-03-13T17:00' },
      { key: 's2', agency: B, status: 'PENDING' },
    ],
    apologies: [{ step: 's1', agency: C }],
  },
  {
    // waiting for a supplement requested on 16/3, before the due date 18/3: the clock stands still, on time
    code: 'PSTAT-D06',
    procedure: P2,
    channel: 'COUNTER',
    status: 'WAITING_SUPPLEMENT',
    received: '2020-03-12T08:00',
    originalDue: '2020-03-18T17:00',
    supplementRequested: '2020-03-16T10:00',
    steps: [
      {
        key: 's1',
        agency: C,
        status: 'WAITING_SUPPLEMENT',
        started: '2020-03-12T08:00',
        due: '2020-03-18T17:00',
      },
      { key: 's2', agency: B, status: 'PENDING' },
    ],
  },
  {
    // in progress on time; A's step done before its due day began (early), B active
    code: 'PSTAT-D07',
    procedure: P1,
    channel: 'ONLINE',
    status: 'IN_PROGRESS',
    received: '2020-03-19T08:00',
    originalDue: '2020-03-27T17:00',
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-03-19T08:00',
        due: '2020-03-20T17:00',
        completed: '2020-03-19T10:00',
      },
      { key: 's2', agency: B, status: 'ACTIVE', started: '2020-03-19T10:00', due: '2020-03-27T17:00' },
    ],
  },
  {
    // refused by B (its step was handled, then cancelled); A on time
    code: 'PSTAT-D08',
    procedure: P1,
    channel: 'COUNTER',
    status: 'REFUSED',
    received: '2020-03-03T08:00',
    originalDue: '2020-03-09T17:00',
    completed: '2020-03-05T09:00',
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-03-03T08:00',
        due: '2020-03-04T17:00',
        completed: '2020-03-04T09:00',
      },
      { key: 's2', agency: B, status: 'CANCELLED', started: '2020-03-04T09:00', due: '2020-03-09T17:00' },
    ],
  },
  {
    // withdrawn while at C; B never reached
    code: 'PSTAT-D09',
    procedure: P2,
    channel: 'POST',
    status: 'WITHDRAWN',
    received: '2020-03-05T08:00',
    originalDue: '2020-03-12T17:00',
    completed: '2020-03-06T09:00',
    steps: [
      { key: 's1', agency: C, status: 'CANCELLED', started: '2020-03-05T08:00', due: '2020-03-10T17:00' },
      { key: 's2', agency: B, status: 'CANCELLED' },
    ],
  },
  {
    // stopped (the supplement never came) while at C
    code: 'PSTAT-D10',
    procedure: P2,
    channel: 'ONLINE',
    status: 'STOPPED',
    received: '2020-03-04T08:00',
    originalDue: '2020-03-11T17:00',
    completed: '2020-03-18T17:00',
    steps: [
      { key: 's1', agency: C, status: 'CANCELLED', started: '2020-03-04T08:00', due: '2020-03-09T17:00' },
      { key: 's2', agency: B, status: 'CANCELLED' },
    ],
  },
  {
    // received at 00:00 on 1/4: outside [from, to)
    code: 'PSTAT-D11',
    procedure: P1,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2020-04-01T00:00',
    originalDue: '2020-04-07T17:00',
    completed: '2020-04-02T10:00',
    outcome: 'EARLY',
    minutes: 480,
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-04-01T07:30',
        due: '2020-04-02T17:00',
        completed: '2020-04-02T10:00',
      },
    ],
  },
  {
    // received one minute before the period
    code: 'PSTAT-D12',
    procedure: P2,
    channel: 'ONLINE',
    status: 'COMPLETED',
    received: '2020-02-29T23:59',
    originalDue: '2020-03-06T17:00',
    completed: '2020-03-09T10:00',
    outcome: 'LATE',
    lateStep: { key: 's1', agency: C },
    minutes: 4800,
    steps: [
      {
        key: 's1',
        agency: C,
        status: 'DONE',
        started: '2020-03-02T07:30',
        due: '2020-03-06T17:00',
        completed: '2020-03-09T10:00',
        late: true,
      },
    ],
    apologies: [{ step: 's1', agency: C }],
  },
  {
    // received before the period, still open: carried over (P1; B's step active, A's done before 1/3)
    code: 'PSTAT-D13',
    procedure: P1,
    channel: 'ONLINE',
    status: 'IN_PROGRESS',
    received: '2020-02-20T08:00',
    originalDue: '2020-03-05T17:00',
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-02-20T08:00',
        due: '2020-02-21T17:00',
        completed: '2020-02-21T09:00',
      },
      { key: 's2', agency: B, status: 'ACTIVE', started: '2020-02-21T09:00', due: '2020-03-05T17:00' },
    ],
  },
  {
    // received and completed before the period: not carried over
    code: 'PSTAT-D14',
    procedure: P1,
    channel: 'COUNTER',
    status: 'COMPLETED',
    received: '2020-02-10T08:00',
    originalDue: '2020-02-24T17:00',
    completed: '2020-02-28T10:00',
    outcome: 'LATE',
    lateStep: { key: 's2', agency: B },
    minutes: 6000,
    steps: [
      {
        key: 's1',
        agency: A,
        status: 'DONE',
        started: '2020-02-10T08:00',
        due: '2020-02-11T17:00',
        completed: '2020-02-11T09:00',
      },
      {
        key: 's2',
        agency: B,
        status: 'DONE',
        started: '2020-02-11T09:00',
        due: '2020-02-24T17:00',
        completed: '2020-02-28T10:00',
        late: true,
      },
    ],
  },
  {
    // received before the period, refused by C during it: carried over (it was open on 1/3)
    code: 'PSTAT-D15',
    procedure: P2,
    channel: 'POST',
    status: 'REFUSED',
    received: '2020-02-25T08:00',
    originalDue: '2020-03-04T17:00',
    completed: '2020-03-02T09:00',
    steps: [
      { key: 's1', agency: C, status: 'CANCELLED', started: '2020-02-25T08:00', due: '2020-03-02T17:00' },
      { key: 's2', agency: B, status: 'CANCELLED' },
    ],
  },
  {
    // withdrawn one minute before the period: not carried over
    code: 'PSTAT-D16',
    procedure: P2,
    channel: 'COUNTER',
    status: 'WITHDRAWN',
    received: '2020-02-26T08:00',
    originalDue: '2020-03-05T17:00',
    completed: '2020-02-29T23:59',
    steps: [
      { key: 's1', agency: C, status: 'CANCELLED', started: '2020-02-26T08:00', due: '2020-03-03T17:00' },
      { key: 's2', agency: B, status: 'CANCELLED' },
    ],
  },
];

async function insertDossiers() {
  const prisma = engine.db.prisma;
  const at = (local?: string) => (local ? vn(local) : null);
  await prisma.dossier.createMany({
    data: DOSSIERS.map((d) => ({
      code: d.code,
      workflowId: `dossier/${d.code}`,
      idempotencyKey: `pstat-${d.code}`,
      procedureCode: d.procedure,
      procedureVersion: 1,
      receivingAgencyCode: d.procedure === P1 ? A : C,
      channel: d.channel,
      status: d.status,
      applicantName: 'Nguyễn Văn Thống Kê',
      applicantIdNumber: '001090000000',
      lookupKeyHash: 'not-a-real-hash',
      submittedAt: vn(d.received),
      receivedAt: vn(d.received),
      dueAt: vn(d.due ?? d.originalDue),
      originalDueAt: vn(d.originalDue),
      completedAt: at(d.completed),
      outcome: d.outcome ?? null,
      lateStepKey: d.lateStep?.key ?? null,
      lateAgencyCode: d.lateStep?.agency ?? null,
      processingWorkingMinutes: d.minutes ?? null,
      supplement: d.supplementRequested
        ? {
            stepKey: 's1',
            items: ['Bản sao giấy tờ'],
            requestedAt: vn(d.supplementRequested).toISOString(),
            requestedBy: C,
            expiresAt: '2020-04-28T10:00:00.000Z',
          }
        : undefined,
      currentAgencies: [],
    })),
  });
  await prisma.dossierStep.createMany({
    data: DOSSIERS.flatMap((d) =>
      d.steps.map((s) => ({
        dossierCode: d.code,
        key: s.key,
        name: `Bước ${s.key}`,
        agencyCode: s.agency,
        status: s.status,
        startedAt: at(s.started),
        dueAt: at(s.due),
        completedAt: at(s.completed),
        late: s.late ?? false,
      })),
    ),
  });
  await prisma.apologyLetter.createMany({
    data: DOSSIERS.flatMap((d) =>
      (d.apologies ?? []).map((a, i) => ({
        id: `${d.code}:A${i + 1}`,
        dossierCode: d.code,
        stepKey: a.step,
        agencyCode: a.agency,
        reason: 'Hồ sơ cần xác minh thêm',
        previousDueAt: vn(d.originalDue),
        newDueAt: vn(d.due ?? d.originalDue),
        issuedAt: vn(d.originalDue),
        issuedBy: a.agency,
      })),
    ),
  });
}

beforeAll(async () => {
  engine = await startEngine();
  const prisma = engine.db.prisma;
  await upsertAgency(prisma, { code: A, name: 'UBND xã Thống Kê', level: 'COMMUNE' });
  await upsertAgency(prisma, { code: B, name: 'Phòng TN-MT Thống Kê', level: 'DISTRICT' });
  await upsertAgency(prisma, { code: C, name: 'Chi cục Thuế Thống Kê', level: 'DISTRICT' });
  const procedure = (code: string, name: string, receiving: string, steps: Array<[string, string]>) =>
    upsertProcedure(prisma, {
      code,
      name,
      onlineLevel: 'PARTIAL',
      totalWorkingDays: 10,
      receivingAgencyCode: receiving,
      steps: steps.map(([key, agencyCode], i) => ({
        key,
        name: `Bước ${key}`,
        agencyCode,
        workingDays: 4,
        mode: 'MANUAL',
        after: i === 0 ? [] : [steps[i - 1][0]],
      })),
    });
  await procedure(P1, 'Thủ tục thống kê một', A, [
    ['s1', A],
    ['s2', B],
  ]);
  await procedure(P2, 'Thủ tục thống kê hai', C, [
    ['s1', C],
    ['s2', B],
  ]);
  await insertDossiers();
  supervisorKey = await createKey({ role: 'SUPERVISOR', label: 'Thanh tra (thống kê)' });
  portalKey = await createKey({ role: 'PORTAL', label: 'Cổng (thống kê)' });
  agencyBKey = await createKey({ role: 'AGENCY', agencyCode: B, label: 'Phòng TN-MT (thống kê)' });
});
afterAll(async () => {
  await engine?.stop();
});

async function stats(
  groupBy: 'AGENCY' | 'PROCEDURE',
  key = supervisorKey,
  period: Record<string, unknown> = { from: FROM, to: TO },
) {
  return engine.graphql(STATS, { ...period, groupBy, asOf: AS_OF }, key);
}

const AVG_P1_DAYS = (960 + 2400 + 3360) / 3 / 480; // D01, D02, D03 (D04 has no recorded time)

// Hand counts, PROCEDURE (dossier level):
//   P1: D01 early, D02 on time, D03 late (apologised), D07 in progress on time, D08 refused;
//       online D01 D03 D07; one apology (D03).
//   P2: D04 late, D05 in progress overdue (vs the original date), D06 waiting a supplement (clock
//       stopped before its due date: on time), D09 withdrawn, D10 stopped; online D05 D10; one apology (D05).
//   Carried over (received before 1/3, not finished at 1/3): P1 D13 (open); P2 D12 (done 9/3), D15
//       (refused 2/3). Not: D14 (completed 28/2), D16 (withdrawn 29/2 23:59).
const PROCEDURE_ROWS = [
  {
    key: P1,
    name: 'Thủ tục thống kê một',
    received: 5,
    carriedOver: 1,
    doneEarly: 1,
    doneOnTime: 1,
    doneLate: 1,
    inProgressOnTime: 1,
    inProgressOverdue: 0,
    refused: 1,
    withdrawn: 0,
    stopped: 0,
    onTimeRate: 2 / 3,
    averageProcessingWorkingDays: AVG_P1_DAYS,
    apologies: 1,
    onlineShare: 3 / 5,
    lateAttributed: null,
  },
  {
    key: P2,
    name: 'Thủ tục thống kê hai',
    received: 5,
    carriedOver: 2,
    doneEarly: 0,
    doneOnTime: 0,
    doneLate: 1,
    inProgressOnTime: 1,
    inProgressOverdue: 1,
    refused: 0,
    withdrawn: 1,
    stopped: 1,
    onTimeRate: 0,
    averageProcessingWorkingDays: null,
    apologies: 1,
    onlineShare: 2 / 5,
    lateAttributed: null,
  },
];
const PROCEDURE_TOTALS = {
  key: '*',
  name: null,
  received: 10,
  carriedOver: 3,
  doneEarly: 1,
  doneOnTime: 1,
  doneLate: 2,
  inProgressOnTime: 2,
  inProgressOverdue: 1,
  refused: 1,
  withdrawn: 1,
  stopped: 1,
  onTimeRate: 2 / 4,
  averageProcessingWorkingDays: AVG_P1_DAYS,
  apologies: 2,
  onlineShare: 5 / 10,
  lateAttributed: null,
};

// Hand counts, AGENCY (steps handled, lateness attributed to the step):
//   A: steps of D01 (on time: its due day, 09:00), D02 (early), D03 (early: 07:00, before the day's 07:30),
//      D07 (early), D08 (on time) -> dossiers D01 D02 D03 D07 D08; D08 refused; online D01 D03 D07.
//   B: steps of D01 (early), D02 (on time), D03 (late), D04 (on time: 08:00 on its due day), D07 (active, on
//      time), D08 (handled, then cancelled by the refusal); D05/D09/D10 never reached B. Dossiers D01 D02 D03
//      D04 D07 D08; online D01 D03 D07; apology D03; D03 late attributed to B.
//   C: steps of D04 (late), D05 (active, overdue), D06 (waiting, clock stopped before due: on time), D09, D10
//      (handled, cancelled). Dossiers D04 D05 D06 D09 D10: withdrawn D09, stopped D10; online D05 D10;
//      apology D05; D04 late attributed to C; no processing time recorded among its completed (D04).
//   Carried over (a carried-over dossier whose step the agency had in hand in the period: started before
//      1/4, not done before 1/3): A none (its step of D13 done 21/2); B D13 (active since 21/2); C D12
//      (started 2/3), D15 (cancelled by the refusal of 2/3). D14, D16 finished before 1/3; B never
//      reached D12, D15.
const AGENCY_A = {
  key: A,
  name: 'UBND xã Thống Kê',
  received: 5,
  carriedOver: 0,
  doneEarly: 3,
  doneOnTime: 2,
  doneLate: 0,
  inProgressOnTime: 0,
  inProgressOverdue: 0,
  refused: 1,
  withdrawn: 0,
  stopped: 0,
  onTimeRate: 1,
  averageProcessingWorkingDays: AVG_P1_DAYS,
  apologies: 0,
  onlineShare: 3 / 5,
  lateAttributed: 0,
};
const AGENCY_B = {
  key: B,
  name: 'Phòng TN-MT Thống Kê',
  received: 6,
  carriedOver: 1,
  doneEarly: 1,
  doneOnTime: 2,
  doneLate: 1,
  inProgressOnTime: 1,
  inProgressOverdue: 0,
  refused: 1,
  withdrawn: 0,
  stopped: 0,
  onTimeRate: 3 / 4,
  averageProcessingWorkingDays: AVG_P1_DAYS,
  apologies: 1,
  onlineShare: 3 / 6,
  lateAttributed: 1,
};
const AGENCY_C = {
  key: C,
  name: 'Chi cục Thuế Thống Kê',
  received: 5,
  carriedOver: 2,
  doneEarly: 0,
  doneOnTime: 0,
  doneLate: 1,
  inProgressOnTime: 1,
  inProgressOverdue: 1,
  refused: 0,
  withdrawn: 1,
  stopped: 1,
  onTimeRate: 0,
  averageProcessingWorkingDays: null,
  apologies: 1,
  onlineShare: 2 / 5,
  lateAttributed: 1,
};
// Step figures, apologies and attributions add up; dossiers are counted once (D01..D10; carried over
// D12 D13 D15).
const AGENCY_TOTALS = {
  key: '*',
  name: null,
  received: 10,
  carriedOver: 3,
  doneEarly: 4,
  doneOnTime: 4,
  doneLate: 2,
  inProgressOnTime: 2,
  inProgressOverdue: 1,
  refused: 1,
  withdrawn: 1,
  stopped: 1,
  onTimeRate: 8 / 10,
  averageProcessingWorkingDays: AVG_P1_DAYS,
  apologies: 2,
  onlineShare: 5 / 10,
  lateAttributed: 2,
};

/** Rates and averages compared to 9 decimals; counts exactly. */
function close(row: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'number' && !Number.isInteger(v) ? expect.closeTo(v, 9) : v,
    ]),
  );
}

/** A row with nothing but carried-over dossiers (`lateAttributed` 0 per agency, null per procedure). */
const carriedOnly = (
  row: { key: string; name: string | null },
  carriedOver: unknown,
  lateAttributed: 0 | null,
) => ({
  key: row.key,
  name: row.name,
  received: 0,
  carriedOver,
  doneEarly: 0,
  doneOnTime: 0,
  doneLate: 0,
  inProgressOnTime: 0,
  inProgressOverdue: 0,
  refused: 0,
  withdrawn: 0,
  stopped: 0,
  onTimeRate: null,
  averageProcessingWorkingDays: null,
  apologies: 0,
  onlineShare: null,
  lateAttributed,
});

/**
 * The fixture's rows (keys PSTAT…), and the sum of the others' carriedOver after checking that they
 * carry nothing else: other tests' open dossiers of 2019 are carried over into any later period.
 */
function split(
  rows: Array<{ key: string; name: string | null; carriedOver: number }>,
  lateAttributed: 0 | null,
) {
  const others = rows.filter((r) => !r.key.startsWith('PSTAT'));
  expect(others).toEqual(others.map((r) => carriedOnly(r, expect.any(Number), lateAttributed)));
  return {
    ours: rows.filter((r) => r.key.startsWith('PSTAT')),
    othersCarriedOver: others.reduce((n, r) => n + r.carriedOver, 0),
  };
}

test('PROCEDURE: dossier-level figures per procedure and in total, lateness against the original due date', async () => {
  const result = await stats('PROCEDURE');
  expect(result.errors).toBeUndefined();
  const data = result.data.performanceStats;
  expect(data).toMatchObject({
    groupBy: 'PROCEDURE',
    from: '2020-02-29T17:00:00.000Z',
    to: '2020-03-31T17:00:00.000Z',
    asOf: '2020-03-20T03:00:00.000Z',
  });
  const { ours, othersCarriedOver } = split(data.rows, null);
  expect(ours).toEqual(PROCEDURE_ROWS.map(close));
  // Per procedure the totals are the sum of the rows, the other tests' carried-over dossiers included.
  expect(data.totals).toEqual(
    close({ ...PROCEDURE_TOTALS, carriedOver: PROCEDURE_TOTALS.carriedOver + othersCarriedOver }),
  );
});

test('AGENCY: step-level outcomes per agency, lateness attributed to the agency whose step overran', async () => {
  const result = await stats('AGENCY');
  expect(result.errors).toBeUndefined();
  const data = result.data.performanceStats;
  const { ours, othersCarriedOver } = split(data.rows, 0);
  expect(ours).toEqual([AGENCY_A, AGENCY_B, AGENCY_C].map(close));
  // Per agency a dossier counts once in the totals however many agencies had it: exact when no other
  // test's dossier is carried over (this file alone), bounded otherwise; the AGENCY key test below
  // checks the agency's own totals exactly.
  const { carriedOver, ...totals } = data.totals;
  const { carriedOver: expected, ...expectedTotals } = AGENCY_TOTALS;
  expect(totals).toEqual(close(expectedTotals));
  if (othersCarriedOver === 0) expect(carriedOver).toBe(expected);
  expect(carriedOver).toBeGreaterThanOrEqual(expected);
  expect(carriedOver).toBeLessThanOrEqual(expected + othersCarriedOver);
});

test('carried over into April: rows for procedures and agencies with carried-over dossiers alone', async () => {
  // Received in April: D11 (P1, A). Open on 1/4: D05, D06 (P2), D07, D13 (P1). Per agency, in hand
  // in April: B's active steps of D07 and D13; C's of D05 and D06; A's steps of D07 and D13 were done
  // in March, and B's steps of D05 and D06 never started.
  const april = { from: '2020-04-01T00:00:00+07:00', to: '2020-05-01T00:00:00+07:00' };
  const figures = (rows: Array<Record<string, unknown>>) =>
    rows.map(({ key, received, carriedOver }) => ({ key, received, carriedOver }));
  const perProcedure = await stats('PROCEDURE', supervisorKey, april);
  expect(perProcedure.errors).toBeUndefined();
  const procedures = split(perProcedure.data.performanceStats.rows, null);
  expect(figures(procedures.ours)).toEqual([
    { key: P1, received: 1, carriedOver: 2 },
    { key: P2, received: 0, carriedOver: 2 },
  ]);
  expect(procedures.ours[1]).toEqual(carriedOnly({ key: P2, name: 'Thủ tục thống kê hai' }, 2, null));
  expect(perProcedure.data.performanceStats.totals).toMatchObject({
    received: 1,
    carriedOver: 4 + procedures.othersCarriedOver,
  });
  const perAgency = await stats('AGENCY', supervisorKey, april);
  expect(perAgency.errors).toBeUndefined();
  expect(figures(split(perAgency.data.performanceStats.rows, 0).ours)).toEqual([
    { key: A, received: 1, carriedOver: 0 },
    { key: B, received: 0, carriedOver: 2 },
    { key: C, received: 0, carriedOver: 2 },
  ]);
  const own = await stats('AGENCY', agencyBKey, april);
  expect(own.errors).toBeUndefined();
  expect(own.data.performanceStats.rows).toEqual([
    carriedOnly({ key: B, name: 'Phòng TN-MT Thống Kê' }, 2, 0),
  ]);
  expect(own.data.performanceStats.totals).toEqual(carriedOnly({ key: '*', name: null }, 2, 0));
});

test('"now" decides in progress on time or overdue: before D05 fell due, it was on time', async () => {
  const result = await engine.graphql(
    STATS,
    { from: FROM, to: TO, groupBy: 'PROCEDURE', asOf: '2020-03-13T16:00:00+07:00' },
    supervisorKey,
  );
  expect(result.errors).toBeUndefined();
  const p2 = result.data.performanceStats.rows.find((r: any) => r.key === P2);
  expect(p2).toMatchObject({ inProgressOnTime: 2, inProgressOverdue: 0 });
});

test('a period with no dossiers answers zeros, no rows and null rates', async () => {
  const result = await stats('AGENCY', supervisorKey, {
    from: '2019-01-01T00:00:00+07:00',
    to: '2019-02-01T00:00:00+07:00',
  });
  expect(result.errors).toBeUndefined();
  expect(result.data.performanceStats.rows).toEqual([]);
  expect(result.data.performanceStats.totals).toEqual({
    key: '*',
    name: null,
    received: 0,
    carriedOver: 0,
    doneEarly: 0,
    doneOnTime: 0,
    doneLate: 0,
    inProgressOnTime: 0,
    inProgressOverdue: 0,
    refused: 0,
    withdrawn: 0,
    stopped: 0,
    onTimeRate: null,
    averageProcessingWorkingDays: null,
    apologies: 0,
    onlineShare: null,
    lateAttributed: 0,
  });
});

test('supervisors and admins read everything; portals are refused', async () => {
  const admin = await stats('PROCEDURE', engine.adminKey);
  expect(admin.errors).toBeUndefined();
  expect(admin.data.performanceStats.totals.received).toBe(10);
  expect(codeOf(await stats('AGENCY', portalKey))).toBe('FORBIDDEN');
  expect(codeOf(await engine.graphql(STATS, { from: FROM, to: TO, groupBy: 'AGENCY' }))).toBe('FORBIDDEN');
});

test('an AGENCY key reads its own agency row only (totals = that row), and not per procedure', async () => {
  const own = await stats('AGENCY', agencyBKey);
  expect(own.errors).toBeUndefined();
  expect(own.data.performanceStats.rows).toEqual([close(AGENCY_B)]);
  expect(own.data.performanceStats.totals).toEqual(close({ ...AGENCY_B, key: '*', name: null }));
  const perProcedure = await stats('PROCEDURE', agencyBKey);
  expect(codeOf(perProcedure)).toBe('FORBIDDEN');
  expect(perProcedure.data).toBeNull();
});

test('the period must run forward and span at most 366 days', async () => {
  const ask = (from: string, to: string) => stats('PROCEDURE', supervisorKey, { from, to });
  expect(codeOf(await ask(TO, FROM))).toBe('VALIDATION_FAILED');
  expect(codeOf(await ask(FROM, FROM))).toBe('VALIDATION_FAILED');
  expect(codeOf(await ask('2020-01-01T00:00:00+07:00', '2021-01-02T00:00:00+07:00'))).toBe(
    'VALIDATION_FAILED',
  ); // 367 days
  const leapYear = await ask('2020-01-01T00:00:00+07:00', '2021-01-01T00:00:00+07:00'); // 366 days
  expect(leapYear.errors).toBeUndefined();
  expect(leapYear.data.performanceStats.totals.received).toBe(16); // D01..D10, D12..D16
});
