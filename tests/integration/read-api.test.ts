// The read side of the GraphQL contract over real HTTP, PostgreSQL and Temporal: `dossiers` (filters,
// relay pagination, visibility), `agencyInbox`, `escalations` and the public `trackDossier` (its
// throttle: lookup-throttle.test.ts). Other test files share the database, so everything here lives under two agencies and
// three procedures created with random codes, and every expectation is narrowed to them.
import { randomBytes, randomUUID } from 'node:crypto';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import {
  completeStepUpdate,
  issueApologyUpdate,
  refuseDossierUpdate,
  requestSupplementUpdate,
} from '../../domain/contract/dossier-workflow';
import {
  act,
  agencyActor,
  driveToCompletion,
  stateOf,
  submit,
  waitForState,
} from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
const suffix = randomBytes(4).toString('hex').toUpperCase();
const A1 = `RA_${suffix}`; // receives P1 and P3, first step of P1, only step of P3
const A2 = `RB_${suffix}`; // second step of P1
const P1 = `T.READ.${suffix}.1`;
const P2 = `T.READ.${suffix}.2`; // one SYSTEM step at CNDKDD_AN_PHU: made to fail for an escalation
const P3 = `T.READ.${suffix}.3`;
const keys = {} as Record<'portal' | 'supervisor' | 'a1' | 'a2' | 'cndkdd', string>;
const d = {} as Record<
  'completed' | 'first' | 'second' | 'refused' | 'overdue' | 'p3' | 'tracked' | 'failing',
  string
>;
let trackedLookupKey = '';
const APPLICANT = {
  name: 'Nguyễn Văn Riêng Tư',
  idNumber: '079123456789',
  phone: '0912345678',
  email: 'rieng.tu@example.vn',
};

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;
function ok(result: { data?: any; errors?: any[] }): any {
  expect(result.errors).toBeUndefined();
  return result.data;
}

async function createKey(input: Record<string, unknown>): Promise<string> {
  const created = await engine.graphql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input },
    engine.adminKey,
  );
  return ok(created).createApiKey.key;
}

/** The read model holds every event the dossier's workflow has recorded so far. */
const caughtUp = (code: string) =>
  eventually(async () => {
    const [state, row] = await Promise.all([
      stateOf(engine, code),
      engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } }),
    ]);
    return row.lastEventSeq === state.lastEventSeq ? true : undefined;
  });

const manualStep = (key: string, agencyCode: string, workingDays: number, after?: string[]) => ({
  key,
  name: `Bước ${key}`,
  agencyCode,
  workingDays,
  mode: 'MANUAL' as const,
  after,
});

beforeAll(async () => {
  engine = await startEngine();
  const { prisma } = engine.db;
  await upsertAgency(prisma, {
    code: A1,
    name: `UBND xã Thử Đọc ${suffix}`,
    level: 'COMMUNE',
    parentCode: 'UBND_H_AN_PHU',
  });
  await upsertAgency(prisma, {
    code: A2,
    name: `Phòng Thử Đọc ${suffix}`,
    level: 'DISTRICT',
    parentCode: 'UBND_H_AN_PHU',
  });
  await upsertProcedure(prisma, {
    code: P1,
    name: 'Thủ tục thử hai bước',
    onlineLevel: 'FULL',
    totalWorkingDays: 5,
    receivingAgencyCode: A1,
    steps: [manualStep('tiep-nhan', A1, 2), manualStep('tham-dinh', A2, 3, ['tiep-nhan'])],
  });
  await upsertProcedure(prisma, {
    code: P2,
    name: 'Thủ tục thử hệ thống',
    onlineLevel: 'PARTIAL',
    totalWorkingDays: 2,
    receivingAgencyCode: 'CNDKDD_AN_PHU',
    steps: [{ key: 'xu-ly', name: 'Xử lý', agencyCode: 'CNDKDD_AN_PHU', workingDays: 2, mode: 'SYSTEM' }],
  });
  await upsertProcedure(prisma, {
    code: P3,
    name: 'Thủ tục thử một bước',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: A1,
    steps: [manualStep('giai-quyet', A1, 3)],
  });
  keys.portal = await createKey({ role: 'PORTAL', label: 'read-api portal' });
  keys.supervisor = await createKey({ role: 'SUPERVISOR', label: 'read-api supervisor' });
  keys.a1 = await createKey({ role: 'AGENCY', agencyCode: A1 });
  keys.a2 = await createKey({ role: 'AGENCY', agencyCode: A2 });
  keys.cndkdd = await createKey({ role: 'AGENCY', agencyCode: 'CNDKDD_AN_PHU' });

  // P1: one completed, one at each step, one refused, one overdue (see below).
  d.completed = await submit(engine, P1);
  await driveToCompletion(engine, d.completed);
  d.first = await submit(engine, P1);
  // Submission answers before the workflow has started the first step: wait for it before acting.
  const started = (code: string) => waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
  d.second = await submit(engine, P1);
  await started(d.second);
  await act(engine, d.second, completeStepUpdate, { actor: agencyActor(A1), stepKey: 'tiep-nhan' });
  d.refused = await submit(engine, P1);
  await started(d.refused);
  await act(engine, d.refused, refuseDossierUpdate, {
    actor: agencyActor(A1),
    stepKey: 'tiep-nhan',
    reason: 'Không đủ điều kiện',
  });
  d.overdue = await submit(engine, P1);
  d.p3 = await submit(engine, P3);
  // Through the API, with an applicant of our own, to check that tracking shows none of it.
  const submitted = ok(
    await engine.graphql(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code } } }`,
      { input: { procedureCode: P3, applicant: APPLICANT, channel: 'ONLINE', idempotencyKey: randomUUID() } },
      keys.portal,
    ),
  ).submitDossier;
  d.tracked = submitted.dossier.code;
  trackedLookupKey = submitted.lookupKey;
  const due = new Date((await started(d.tracked)).dueAt);
  await act(engine, d.tracked, issueApologyUpdate, {
    actor: agencyActor(A1),
    stepKey: 'giai-quyet',
    reason: 'Chờ xác minh thực địa',
    newDueAt: new Date(due.getTime() + 3 * 86_400_000).toISOString(),
  });
  await act(engine, d.tracked, requestSupplementUpdate, {
    actor: agencyActor(A1),
    stepKey: 'giai-quyet',
    items: ['Bản sao sổ hộ khẩu'],
  });

  // A SYSTEM step that fails for good raises an INTEGRATION_FAILURE escalation at CNDKDD_AN_PHU.
  engine.fleet.simulators.CNDKDD_AN_PHU.setBehaviour({ procedures: { [P2]: { permanentError: true } } });
  d.failing = await submit(engine, P2);
  await waitForState(engine, d.failing, (s) => s.steps[0].status === 'FAILED');
  await eventually(
    async () => (await prisma.escalation.findFirst({ where: { dossierCode: d.failing } })) ?? undefined,
  );

  // Fixture shortcuts, written straight into the read model (which is all these queries read):
  // waiting real working days for a deadline to pass is not an option, so the "overdue" dossier and
  // its active step get a due time in the past; the refused dossier (closed: nothing writes it again)
  // is moved one day earlier, so the received period has two distinct instants to tell apart; and a
  // level-2 escalation addressed to A2 about A1's overdue step stands in for one that climbed.
  const past = new Date(Date.now() - 3_600_000);
  // ...once the read model has caught up with every workflow, so that no late write undoes them.
  await Promise.all([d.overdue, d.first, d.p3].map(started));
  await Promise.all(Object.values(d).map((code) => caughtUp(code)));
  await prisma.dossier.update({ where: { code: d.overdue }, data: { dueAt: past } });
  await prisma.dossierStep.update({
    where: { dossierCode_key: { dossierCode: d.overdue, key: 'tiep-nhan' } },
    data: { dueAt: past },
  });
  const refused = await prisma.dossier.findUniqueOrThrow({ where: { code: d.refused } });
  await prisma.dossier.update({
    where: { code: d.refused },
    data: { receivedAt: new Date(refused.receivedAt.getTime() - 86_400_000) },
  });
  await prisma.escalation.create({
    data: {
      id: `${d.overdue}:FIXTURE`,
      dossierCode: d.overdue,
      stepKey: 'tiep-nhan',
      reason: 'STEP_OVERDUE',
      agencyCode: A1,
      targetAgencyCode: A2,
      level: 2,
      status: 'ACKNOWLEDGED',
      raisedAt: past,
    },
  });
}, 120_000);

afterAll(async () => {
  engine?.fleet.simulators.CNDKDD_AN_PHU.setBehaviour({ procedures: { [P2]: null } });
  await engine?.stop();
});

const DOSSIERS = /* GraphQL */ `
  query (
    $filter: DossierFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
    $orderBy: DossierOrder = RECEIVED_NEWEST
  ) {
    dossiers(filter: $filter, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          code
          status
          outcome
          receivedAt
        }
      }
    }
  }
`;

async function dossiers(variables: Record<string, unknown>, key = keys.supervisor) {
  const result = await engine.graphql(DOSSIERS, { first: 100, ...variables }, key);
  return result;
}
const codes = async (filter: Record<string, unknown>, key = keys.supervisor): Promise<string[]> =>
  ok(await dossiers({ filter }, key))
    .dossiers.edges.map((e: any) => e.node.code)
    .sort();
const sorted = (...values: string[]) => [...values].sort();
const p1All = () => sorted(d.completed, d.first, d.second, d.refused, d.overdue);

describe('dossiers: filters', () => {
  test('status, procedure and agency', async () => {
    expect(await codes({ procedureCode: P1 })).toEqual(p1All());
    expect(await codes({ procedureCode: P1, status: ['IN_PROGRESS'] })).toEqual(
      sorted(d.first, d.second, d.overdue),
    );
    expect(await codes({ procedureCode: P1, status: ['COMPLETED', 'REFUSED'] })).toEqual(
      sorted(d.completed, d.refused),
    );
    expect(await codes({ procedureCode: P3, status: ['WAITING_SUPPLEMENT'] })).toEqual([d.tracked]);
    // An agency's dossiers: received by it or with a step there (pending ones included).
    expect(await codes({ agencyCode: A1 })).toEqual(sorted(...p1All(), d.p3, d.tracked));
    expect(await codes({ agencyCode: A2 })).toEqual(p1All());
    expect(await codes({ agencyCode: A2, procedureCode: P3 })).toEqual([]);
  });

  test('late: overdue now or completed LATE; false is the complement', async () => {
    expect(await codes({ agencyCode: A1, late: true })).toEqual([d.overdue]);
    expect(await codes({ agencyCode: A1, late: false })).toEqual(
      sorted(d.completed, d.first, d.second, d.refused, d.p3, d.tracked),
    );
  });

  test('received period: from inclusive, to exclusive', async () => {
    const rows = await engine.db.prisma.dossier.findMany({
      where: { procedureCode: P1 },
      select: { code: true, receivedAt: true },
    });
    const refusedAt = rows.find((r) => r.code === d.refused)!.receivedAt;
    const othersFrom = new Date(
      Math.min(...rows.filter((r) => r.code !== d.refused).map((r) => r.receivedAt.getTime())),
    );
    expect(await codes({ procedureCode: P1, receivedTo: othersFrom.toISOString() })).toEqual([d.refused]);
    expect(await codes({ procedureCode: P1, receivedFrom: othersFrom.toISOString() })).toEqual(
      sorted(d.completed, d.first, d.second, d.overdue),
    );
    expect(
      await codes({
        procedureCode: P1,
        receivedFrom: refusedAt.toISOString(),
        receivedTo: new Date(refusedAt.getTime() + 1).toISOString(),
      }),
    ).toEqual([d.refused]);
  });

  test('an AGENCY key sees only its dossiers, whatever the filter; portals see all; anonymous callers nothing', async () => {
    expect(await codes({ procedureCode: P1 }, keys.a2)).toEqual(p1All());
    expect(await codes({ procedureCode: P2 }, keys.a1)).toEqual([]);
    expect(await codes({ procedureCode: P2 }, keys.cndkdd)).toEqual([d.failing]);
    expect(await codes({ procedureCode: P3 }, keys.a2)).toEqual([]);
    expect(ok(await dossiers({ filter: { procedureCode: P3 } }, keys.a2)).dossiers.totalCount).toBe(0);
    expect(await codes({ procedureCode: P3 }, keys.portal)).toEqual(sorted(d.p3, d.tracked));
    expect(codeOf(await engine.graphql(DOSSIERS, { filter: { procedureCode: P1 } }))).toBe('FORBIDDEN');
  });
});

describe('dossiers: pagination', () => {
  const filter = () => ({ agencyCode: A1 });
  let all: { cursor: string; code: string }[] = [];

  beforeAll(async () => {
    const page = ok(await dossiers({ filter: filter() })).dossiers;
    all = page.edges.map((e: any) => ({ cursor: e.cursor, code: e.node.code }));
    // Newest received first, then code descending: the order the read model gives.
    const rows = await engine.db.prisma.dossier.findMany({
      where: { code: { in: all.map((e) => e.code) } },
      orderBy: [{ receivedAt: 'desc' }, { code: 'desc' }],
      select: { code: true },
    });
    expect(all.map((e) => e.code)).toEqual(rows.map((r) => r.code));
    expect(all).toHaveLength(7);
    expect(page.totalCount).toBe(7);
  });

  test('first=2 then after=endCursor until hasNextPage is false collects every dossier once, totalCount stable', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: any = ok(await dossiers({ filter: filter(), first: 2, after })).dossiers;
      expect(page.totalCount).toBe(7);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e: any) => e.node.code));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.code));
  });

  test("RECEIVED_OLDEST (a register's order) pages forward through the same dossiers, reversed", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: any = ok(
        await dossiers({ filter: filter(), orderBy: 'RECEIVED_OLDEST', first: 3, after }),
      ).dossiers;
      seen.push(...page.edges.map((e: any) => e.node.code));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.code).reverse());
  });

  test('last/before pages backwards', async () => {
    const tail = ok(await dossiers({ filter: filter(), first: null, last: 2 })).dossiers;
    expect(tail.edges.map((e: any) => e.node.code)).toEqual(all.slice(5).map((e) => e.code));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const seen: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: any = ok(await dossiers({ filter: filter(), first: null, last: 3, before })).dossiers;
      seen.unshift(...page.edges.map((e: any) => e.node.code));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual(all.map((e) => e.code));
    const middle = ok(
      await dossiers({ filter: filter(), first: null, last: 2, before: all[4].cursor }),
    ).dossiers;
    expect(middle.edges.map((e: any) => e.node.code)).toEqual([all[2].code, all[3].code]);
  });

  test('edges: first 0, after the last item, an invalid cursor, page sizes', async () => {
    const none = ok(await dossiers({ filter: filter(), first: 0 })).dossiers;
    expect(none.edges).toEqual([]);
    expect(none.totalCount).toBe(7);
    const end = ok(await dossiers({ filter: filter(), first: 5, after: all[6].cursor })).dossiers;
    expect(end.edges).toEqual([]);
    expect(end.pageInfo.hasNextPage).toBe(false);

    for (const variables of [
      { after: 'not-a-cursor' },
      { after: Buffer.from('GPC:garbage').toString('base64') },
      { first: 101 }, // refused rather than silently cut to 100: the caller learns the limit
      { first: null, last: 101 },
      { first: -1 },
      { first: 2, before: all[3].cursor },
    ]) {
      const refused = await dossiers({ filter: filter(), ...variables });
      expect({ variables, code: codeOf(refused), data: refused.data }).toEqual({
        variables,
        code: 'VALIDATION_FAILED',
        data: null,
      });
    }
    expect(ok(await dossiers({ filter: filter(), first: 100 })).dossiers.edges).toHaveLength(7);
  });
});

describe('agencyInbox', () => {
  const INBOX = /* GraphQL */ `
    query ($first: Int, $after: String, $status: [StepStatus!]) {
      agencyInbox(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            key
            agencyCode
            status
            dueAt
            dossier {
              code
              status
            }
          }
        }
      }
    }
  `;
  const inbox = async (key: string, variables: Record<string, unknown> = {}) =>
    ok(await engine.graphql(INBOX, variables, key)).agencyInbox;

  test("the caller agency's open steps, most urgent first, nothing from other agencies", async () => {
    const page = await inbox(keys.a1);
    const nodes = page.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.agencyCode === A1)).toBe(true);
    // ACTIVE, WAITING_SUPPLEMENT and FAILED by default: the tracked dossier's step waits for a supplement.
    expect(nodes.map((n: any) => [n.dossier.code, n.status]).sort()).toEqual(
      [
        [d.first, 'ACTIVE'],
        [d.overdue, 'ACTIVE'],
        [d.p3, 'ACTIVE'],
        [d.tracked, 'WAITING_SUPPLEMENT'],
      ].sort(),
    );
    expect(page.totalCount).toBe(4);
    expect(nodes[0].dossier).toEqual({ code: d.overdue, status: 'IN_PROGRESS' }); // its due time has passed
    const dues = nodes.map((n: any) => Date.parse(n.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const a2 = await inbox(keys.a2);
    expect(a2.edges.map((e: any) => [e.node.dossier.code, e.node.key, e.node.status])).toEqual([
      [d.second, 'tham-dinh', 'ACTIVE'],
    ]);
    const active = await inbox(keys.a1, { status: ['ACTIVE'] });
    expect(active.totalCount).toBe(3);
    const done = await inbox(keys.a1, { status: ['DONE'] });
    expect(done.edges.map((e: any) => e.node.dossier.code).sort()).toEqual(sorted(d.completed, d.second));
    const paged = await inbox(keys.a1, { first: 1 });
    expect(paged.edges).toHaveLength(1);
    expect(paged.pageInfo.hasNextPage).toBe(true);
    const next = await inbox(keys.a1, { first: 5, after: paged.pageInfo.endCursor });
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect([...paged.edges, ...next.edges].map((e: any) => e.node.dossier.code)).toEqual(
      nodes.map((n: any) => n.dossier.code),
    );
  });

  test('only AGENCY keys have an inbox', async () => {
    expect(codeOf(await engine.graphql(INBOX, {}, keys.supervisor))).toBe('FORBIDDEN');
    expect(codeOf(await engine.graphql(INBOX, {}, keys.portal))).toBe('FORBIDDEN');
  });
});

describe('escalations', () => {
  const ESCALATIONS = /* GraphQL */ `
    query ($filter: EscalationFilter, $first: Int, $after: String) {
      escalations(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            dossierCode
            stepKey
            reason
            status
            level
            agencyCode
            targetAgencyCode
            raisedAt
          }
        }
      }
    }
  `;
  const list = async (filter: Record<string, unknown>, key = keys.supervisor) =>
    ok(await engine.graphql(ESCALATIONS, { filter, first: 100 }, key)).escalations;
  const ids = async (filter: Record<string, unknown>, key = keys.supervisor) =>
    (await list(filter, key)).edges.map((e: any) => e.node.id).sort();

  test('filters, with enums for status and reason', async () => {
    const failing = await list({ dossierCode: d.failing });
    expect(failing.totalCount).toBe(1);
    expect(failing.edges[0].node).toMatchObject({
      dossierCode: d.failing,
      stepKey: 'xu-ly',
      reason: 'INTEGRATION_FAILURE',
      status: 'OPEN',
      level: 1,
      agencyCode: 'CNDKDD_AN_PHU',
      targetAgencyCode: 'CNDKDD_AN_PHU',
    });
    const failingId = failing.edges[0].node.id;
    const fixtureId = `${d.overdue}:FIXTURE`;
    expect(await ids({ agencyCode: A1 })).toEqual([fixtureId]);
    expect(await ids({ targetAgencyCode: A2 })).toEqual([fixtureId]);
    expect(await ids({ targetAgencyCode: A2, level: 1 })).toEqual([]);
    expect(
      await ids({ dossierCode: d.failing, status: ['OPEN'], level: 1, agencyCode: 'CNDKDD_AN_PHU' }),
    ).toEqual([failingId]);
    expect(await ids({ dossierCode: d.failing, status: ['ACKNOWLEDGED', 'RESOLVED'] })).toEqual([]);
    expect(
      codeOf(await engine.graphql(ESCALATIONS, { filter: { status: ['CLOSED'] } }, keys.supervisor)),
    ).toBe('VALIDATION_FAILED');
    // Newest first across all of them.
    const all = await list({});
    const raised = all.edges.map((e: any) => Date.parse(e.node.raisedAt));
    expect(raised).toEqual([...raised].sort((a, b) => b - a));
  });

  test('agencies see the escalations they are responsible for or addressed; portals none', async () => {
    const fixtureId = `${d.overdue}:FIXTURE`;
    expect(await ids({}, keys.a1)).toEqual([fixtureId]); // responsible
    expect(await ids({}, keys.a2)).toEqual([fixtureId]); // addressed
    const cndkdd = await list({}, keys.cndkdd);
    expect(cndkdd.edges.map((e: any) => e.node.dossierCode)).toContain(d.failing);
    expect(
      cndkdd.edges.every(
        (e: any) => e.node.agencyCode === 'CNDKDD_AN_PHU' || e.node.targetAgencyCode === 'CNDKDD_AN_PHU',
      ),
    ).toBe(true);
    expect(await ids({ dossierCode: d.overdue }, keys.cndkdd)).toEqual([]);
    expect((await list({ dossierCode: d.failing }, engine.adminKey)).totalCount).toBe(1);
    expect(codeOf(await engine.graphql(ESCALATIONS, {}, keys.portal))).toBe('FORBIDDEN');
    expect(codeOf(await engine.graphql(ESCALATIONS, {}))).toBe('FORBIDDEN');
  });
});

describe('trackDossier', () => {
  const TRACK = /* GraphQL */ `
    query ($code: String!, $lookupKey: String!) {
      trackDossier(code: $code, lookupKey: $lookupKey) {
        code
        procedureCode
        procedureName
        status
        receivedAt
        dueAt
        originalDueAt
        completedAt
        outcome
        currentAgencies {
          code
          name
        }
        steps {
          key
          name
          agencyCode
          agencyName
          status
          startedAt
          dueAt
          completedAt
        }
        apologies {
          agencyCode
          agencyName
          reason
          previousDueAt
          newDueAt
          issuedAt
        }
        supplement {
          items
          requestedAt
          expiresAt
          providedAt
        }
      }
    }
  `;
  const track = (code: string, lookupKey: string) => engine.graphql(TRACK, { code, lookupKey });

  test('anonymous, with the right key: progress and no personal data anywhere', async () => {
    const result = await track(d.tracked, trackedLookupKey);
    const tracked = ok(result).trackDossier;
    expect(tracked).toMatchObject({
      code: d.tracked,
      procedureCode: P3,
      procedureName: 'Thủ tục thử một bước',
      status: 'WAITING_SUPPLEMENT',
      completedAt: null,
      outcome: null,
      currentAgencies: [{ code: A1, name: `UBND xã Thử Đọc ${suffix}` }],
      steps: [
        expect.objectContaining({
          key: 'giai-quyet',
          agencyCode: A1,
          agencyName: `UBND xã Thử Đọc ${suffix}`,
          status: 'WAITING_SUPPLEMENT',
        }),
      ],
      apologies: [expect.objectContaining({ agencyCode: A1, reason: 'Chờ xác minh thực địa' })],
      supplement: {
        items: ['Bản sao sổ hộ khẩu'],
        requestedAt: expect.any(String),
        expiresAt: expect.any(String),
        providedAt: null,
      },
    });
    expect(Date.parse(tracked.dueAt)).toBeGreaterThan(Date.parse(tracked.originalDueAt));
    // The public view is read with its own SQL statement: its times are the read model's, to the millisecond.
    const full = ok(
      await engine.graphql(
        `query($code: String!) { dossier(code: $code) { dueAt receivedAt steps { startedAt dueAt } apologies { previousDueAt newDueAt issuedAt } supplement } }`,
        { code: d.tracked },
        engine.adminKey,
      ),
    ).dossier;
    expect({ dueAt: tracked.dueAt, receivedAt: tracked.receivedAt }).toEqual({
      dueAt: full.dueAt,
      receivedAt: full.receivedAt,
    });
    expect(tracked.steps.map((s: any) => ({ startedAt: s.startedAt, dueAt: s.dueAt }))).toEqual(full.steps);
    expect(
      tracked.apologies.map((a: any) => ({
        previousDueAt: a.previousDueAt,
        newDueAt: a.newDueAt,
        issuedAt: a.issuedAt,
      })),
    ).toEqual(full.apologies);
    expect(tracked.supplement.requestedAt).toBe(new Date(full.supplement.requestedAt).toISOString());
    const serialized = JSON.stringify(result);
    for (const value of Object.values(APPLICANT)) expect(serialized).not.toContain(value);
    expect(serialized).not.toContain(trackedLookupKey);
    // The key is read as people type it: spaces around it and lower case are accepted.
    expect(
      ok(await track(` ${d.tracked.toLowerCase()} `, ` ${trackedLookupKey.toLowerCase()} `)).trackDossier
        .code,
    ).toBe(d.tracked);
  });

  test('a wrong key and an unknown code get the same DOSSIER_NOT_FOUND', async () => {
    const wrongKey = await track(d.tracked, 'ABCDEFGHJK');
    const unknown = await track(`${A1}-000101-9999`, trackedLookupKey);
    expect(codeOf(wrongKey)).toBe('DOSSIER_NOT_FOUND');
    expect(codeOf(unknown)).toBe('DOSSIER_NOT_FOUND');
    expect(wrongKey.data).toBeNull();
    expect(codeOf(await track('x'.repeat(10_000), 'y'.repeat(10_000)))).toBe('DOSSIER_NOT_FOUND');
  });
});
