// The authorization matrix: every query, mutation and subscription of `schema.graphql` against every
// kind of caller (anonymous, PORTAL, the AGENCY whose step/dossier/escalation it is, another AGENCY,
// the DESK of the agency that received the dossier, another DESK, SUPERVISOR, ADMIN), each with an
// API key and, for the roles people hold (all but PORTAL), signed in with an account (the session
// cookie and its CSRF token), over real HTTP. A session's principal must be allowed exactly what a
// key of the same role is. The expectations are the PRODUCT's policy
// (docs/PRODUCT.md, "Who uses it" and "The API's stable core"): anonymous callers only track a
// dossier with its lookup key and act as its applicant (provideSupplement / withdrawDossier) with
// that key; an AGENCY key sees its own agency's dossiers, inbox, escalations and statistics row and
// acts only on its own steps; supervisors review escalations and statistics; administrators keep
// the catalog, the calendar and the keys. Where the code disagrees, the row keeps the product's
// expectation (and fails). A completeness check fails when schema.graphql gains an operation that
// has no row here.
//
// Outcomes: ALLOWED (no error, and the call saw or did what it should), HIDDEN (no error, but the
// fixture is filtered out of what the caller sees), FORBIDDEN (extensions.code FORBIDDEN),
// NOT_FOUND (DOSSIER_NOT_FOUND: refused as if the dossier did not exist, e.g. a missing lookup key).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { completeStepUpdate, requestSupplementUpdate } from '../../domain/contract/dossier-workflow';
import { submitDossier } from '../../services/reception/submit-dossier';
import { act, agencyActor, services, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { subscribe } from '../support/sse-client';
import { signInAs, type Credential, type Session } from '../support/session-client';

type Role =
  'anonymous' | 'portal' | 'agencyOwn' | 'agencyOther' | 'deskOwn' | 'deskOther' | 'supervisor' | 'admin';
type Outcome = 'ALLOWED' | 'HIDDEN' | 'FORBIDDEN' | 'NOT_FOUND';
const ROLES: Role[] = [
  'anonymous',
  'portal',
  'agencyOwn',
  'agencyOther',
  'deskOwn',
  'deskOther',
  'supervisor',
  'admin',
];
/** How a caller proves who it is: nothing (anonymous), an API key, or a person's session. */
type Via = 'none' | 'key' | 'session';
/** Portals are systems: they have keys and no accounts. */
const viasOf = (role: Role): Via[] =>
  role === 'anonymous' ? ['none'] : role === 'portal' ? ['key'] : ['key', 'session'];

/** A one-step MANUAL procedure received and handled by the same commune (its desk and its step). */
const MANUAL_PROCEDURE = { code: '2.000815', agencyCode: 'UBND_XA_PHU_HOA', stepKey: 'chung-thuc' };
/** The read-only dossier: a different procedure so list filters find it among the fresh ones. */
const READ_PROCEDURE = { code: '1.004227', agencyCode: 'UBND_XA_PHU_HOA', stepKey: 'xac-nhan-hien-trang' };
/** Its first step is SYSTEM at the land office, whose simulator refuses it for good here: a FAILED step and an INTEGRATION_FAILURE escalation addressed to the land office. */
const FAILING_PROCEDURE = { code: '1.003010', agencyCode: 'CNDKDD_AN_PHU', stepKey: 'kiem-tra-ho-so' };
/** Takes no part (not even a PENDING step) in any of these procedures: the `agencyOther` caller. */
const OTHER_AGENCY = 'SKHDT';

interface Fixture {
  /** The agency whose dossier / step / escalation it is: the `agencyOwn` caller's agency. */
  agencyCode: string;
  code?: string;
  lookupKey?: string;
  stepKey?: string;
  escalationId?: string;
  apiKeyId?: string;
  accountId?: string;
}

type FixtureKind =
  | 'none'
  | 'read'
  | 'readFailed'
  | 'active'
  | 'waitingSupplement'
  | 'completed'
  | 'failed'
  | 'apiKey'
  | 'account';
/** Kinds made fresh for each (row, role): a successful call changes them. */
const FRESH: FixtureKind[] = ['active', 'waitingSupplement', 'completed', 'failed', 'apiKey', 'account'];

interface Caller {
  role: Role;
  via: Via;
  /** The caller's own agency (AGENCY and DESK callers). */
  agencyCode?: string;
}

interface Row {
  /** Unique; the root field unless one field has several rows. */
  name: string;
  operation: string;
  fixture: FixtureKind;
  variables: (f: Fixture) => Record<string, unknown>;
  expected: Record<Role, Outcome>;
  /** Without an error: did the caller see (reads) or do (mutations) what an allowed call should? false reads as HIDDEN. */
  seen?: (data: any, f: Fixture, caller: Caller) => boolean | Promise<boolean>;
  /** Connections: page on (variable `after`) while the fixture is not seen yet. */
  connection?: string;
  /** A fresh fixture for every caller, refused ones included. */
  freshForEveryCaller?: boolean;
}

const all = (outcome: Outcome): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
/** A new one-step procedure of the MANUAL agency; `after` names the steps its step waits for. */
const oneStepProcedure = (after?: string[]) => ({
  code: `AUTHZ.${randomUUID().slice(0, 8)}`,
  name: 'Thủ tục kiểm thử phân quyền',
  onlineLevel: 'PARTIAL',
  totalWorkingDays: 1,
  receivingAgencyCode: MANUAL_PROCEDURE.agencyCode,
  steps: [
    {
      key: 'xu-ly',
      name: 'Xử lý',
      agencyCode: MANUAL_PROCEDURE.agencyCode,
      workingDays: 1,
      mode: 'MANUAL',
      after,
    },
  ],
});
const only = (allowed: Role[], otherwise: Outcome = 'FORBIDDEN'): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'ALLOWED' : otherwise])) as Record<
    Role,
    Outcome
  >;
const authenticated = (): Record<Role, Outcome> => ({ ...all('ALLOWED'), anonymous: 'FORBIDDEN' });
/** Reads scoped to an agency: another agency gets an answer without the fixture in it. */
const scopedRead = (others: Role[]): Record<Role, Outcome> => ({
  ...only(['agencyOwn', ...others]),
  agencyOther: 'HIDDEN',
});
/** Reads of dossiers: another agency, and a desk of an agency that did not receive it, get an answer without the fixture. */
const dossierRead = (): Record<Role, Outcome> => ({
  ...only(['agencyOwn', 'deskOwn', 'portal', 'supervisor', 'admin']),
  agencyOther: 'HIDDEN',
  deskOther: 'HIDDEN',
});
/** The applicant's own actions: the applicant (anonymous, with the key), a portal on their behalf, the receiving desk (its officers and desk officers). */
const applicantSide = (anonymous: Outcome): Record<Role, Outcome> => ({
  ...only(['portal', 'agencyOwn', 'deskOwn']),
  anonymous,
});

const now = Date.now();
const DAY = 86_400_000;
const statsPeriod = { from: new Date(now - DAY).toISOString(), to: new Date(now + 14 * DAY).toISOString() };
const stepStatus = (dossier: any, key: string | undefined) =>
  dossier?.steps?.find((s: any) => s.key === key)?.status;
const hasCode = (edges: any[] | undefined, code: string | undefined) =>
  (edges ?? []).some((e) => e.node.code === code || e.node.dossierCode === code);

const MATRIX: Row[] = [
  // ---------------------------------------------------------------- queries
  {
    name: 'trackDossier (its lookup key)',
    operation: `query T($code: String!, $lookupKey: String!) { trackDossier(code: $code, lookupKey: $lookupKey) { code status steps { key status } } }`,
    fixture: 'read',
    variables: (f) => ({ code: f.code, lookupKey: f.lookupKey }),
    expected: all('ALLOWED'),
    seen: (data, f) => data.trackDossier?.code === f.code,
  },
  {
    name: 'trackDossier (a wrong lookup key)',
    operation: `query T($code: String!, $lookupKey: String!) { trackDossier(code: $code, lookupKey: $lookupKey) { code } }`,
    // Fresh: every caller here is 127.0.0.1, which may fail 5 times on one code in the window.
    fixture: 'active',
    freshForEveryCaller: true,
    variables: (f) => ({ code: f.code, lookupKey: `wrong-${f.lookupKey}` }),
    expected: all('NOT_FOUND'),
  },
  {
    name: 'me',
    operation: `query { me { id role agencyCode person { name title } } }`,
    fixture: 'none',
    variables: () => ({}),
    // Anonymous: answered with null (the schema's documented behaviour); it reveals nothing.
    expected: all('ALLOWED'),
    seen: (data, _f, caller) =>
      caller.role === 'anonymous'
        ? data.me === null
        : data.me?.role === ROLE_OF[caller.role] &&
          (data.me.agencyCode ?? undefined) === caller.agencyCode &&
          (caller.via === 'session'
            ? data.me.person?.title === 'Chuyên viên' && data.me.person?.name === 'Cán bộ kiểm thử'
            : data.me.person === null),
  },
  {
    name: 'dossier',
    operation: `query D($code: String!) { dossier(code: $code) { code status } }`,
    fixture: 'read',
    variables: (f) => ({ code: f.code }),
    expected: dossierRead(),
    seen: (data, f) => data.dossier?.code === f.code,
  },
  {
    name: 'dossiers',
    operation: `query L($after: String) { dossiers(filter: { procedureCode: "${READ_PROCEDURE.code}" }, first: 100, after: $after) {
      edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
    fixture: 'read',
    variables: () => ({}),
    expected: dossierRead(),
    connection: 'dossiers',
    seen: (data, f) => hasCode(data.dossiers?.edges, f.code),
  },
  {
    name: 'agencyInbox',
    operation: `query I($after: String) { agencyInbox(first: 100, after: $after) {
      edges { node { key agencyCode dossier { code } } } pageInfo { hasNextPage endCursor } } }`,
    fixture: 'read',
    variables: () => ({}),
    // The inbox is the caller's agency's: supervisors, administrators and portals have none.
    expected: scopedRead([]),
    connection: 'agencyInbox',
    seen: (data, f) =>
      (data.agencyInbox?.edges ?? []).some(
        (e: any) => e.node.dossier?.code === f.code && e.node.key === f.stepKey,
      ),
  },
  {
    name: 'escalations',
    operation: `query E($code: String!, $after: String) { escalations(filter: { dossierCode: $code }, first: 100, after: $after) {
      edges { node { id dossierCode agencyCode targetAgencyCode } } pageInfo { hasNextPage endCursor } } }`,
    fixture: 'readFailed',
    variables: (f) => ({ code: f.code }),
    expected: scopedRead(['supervisor', 'admin']),
    connection: 'escalations',
    seen: (data, f) => (data.escalations?.edges ?? []).some((e: any) => e.node.id === f.escalationId),
  },
  {
    name: 'performanceStats (groupBy AGENCY)',
    operation: `query S($from: DateTime!, $to: DateTime!) { performanceStats(from: $from, to: $to, groupBy: AGENCY) { rows { key received } } }`,
    fixture: 'read',
    variables: () => statsPeriod,
    // An AGENCY key reads its own agency's row and no other.
    expected: scopedRead(['supervisor', 'admin']),
    seen: (data, f, caller) => {
      const keys: string[] = (data.performanceStats?.rows ?? []).map((r: any) => r.key);
      return (
        keys.includes(f.agencyCode) &&
        (caller.agencyCode === undefined || keys.every((k) => k === caller.agencyCode))
      );
    },
  },
  {
    name: 'performanceStats (groupBy PROCEDURE)',
    operation: `query S($from: DateTime!, $to: DateTime!) { performanceStats(from: $from, to: $to, groupBy: PROCEDURE) { rows { key received } } }`,
    fixture: 'read',
    variables: () => statsPeriod,
    expected: only(['supervisor', 'admin']),
    seen: (data) => (data.performanceStats?.rows ?? []).some((r: any) => r.key === READ_PROCEDURE.code),
  },
  {
    name: 'decision766Indicators',
    operation: `query I($from: DateTime!, $to: DateTime!) { decision766Indicators(from: $from, to: $to, unit: PROVINCE) { totalScore } }`,
    fixture: 'none',
    variables: () => statsPeriod,
    expected: only(['supervisor', 'admin']),
    seen: (data) => typeof data.decision766Indicators?.totalScore === 'number',
  },
  {
    name: 'dossiersOutOfSync',
    operation: `query O { dossiersOutOfSync(lagMinutes: 0, limit: 10) { dossierCode pending } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['supervisor', 'admin']),
    seen: (data) => Array.isArray(data.dossiersOutOfSync),
  },
  {
    name: 'nationalStatusMappings',
    operation: `query M { nationalStatusMappings { eventType statusCode } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['supervisor', 'admin']),
    seen: (data) => (data.nationalStatusMappings ?? []).some((m: any) => m.eventType === 'DOSSIER_RECEIVED'),
  },
  {
    name: 'procedures',
    operation: `query { procedures { code } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: authenticated(),
    seen: (data) => data.procedures.some((p: any) => p.code === MANUAL_PROCEDURE.code),
  },
  {
    name: 'procedure',
    operation: `query P($code: String!) { procedure(code: $code) { code version steps { key agencyCode } } }`,
    fixture: 'none',
    variables: () => ({ code: MANUAL_PROCEDURE.code }),
    expected: authenticated(),
    seen: (data) => data.procedure?.code === MANUAL_PROCEDURE.code,
  },
  {
    name: 'agencies',
    operation: `query { agencies { code } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: authenticated(),
    seen: (data) => data.agencies.some((a: any) => a.code === MANUAL_PROCEDURE.agencyCode),
  },
  {
    name: 'dueDate',
    operation: `query Due($at: DateTime!) { dueDate(receivedAt: $at, workingDays: 2) }`,
    fixture: 'none',
    variables: () => ({ at: '2026-03-02T02:00:00Z' }),
    expected: authenticated(),
    seen: (data) => typeof data.dueDate === 'string',
  },
  {
    name: 'calendarDays',
    operation: `query { calendarDays(from: "2026-01-01", to: "2026-01-07") { date working source } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: authenticated(),
    seen: (data) => data.calendarDays.length === 7,
  },
  {
    name: 'apiKeys',
    operation: `query { apiKeys { id role } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['admin']),
    seen: (data) => data.apiKeys.length > 0,
  },

  // ---------------------------------------------------------------- mutations
  {
    name: 'submitDossier',
    operation: `mutation S($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code receivingAgencyCode } } }`,
    fixture: 'none',
    variables: () => ({
      input: {
        procedureCode: MANUAL_PROCEDURE.code,
        applicant: { name: 'Phạm Văn Đức', idNumber: '079190005678' },
        channel: 'COUNTER',
        idempotencyKey: `authz-${randomUUID()}`,
      },
    }),
    // Portals file online; the procedure's receiving desk registers at the counter (its officers and
    // its desk officers). Another agency's officers do not register dossiers at a desk that is not
    // theirs (every AGENCY and DESK caller may call submitDossier, graphql/schema/submission.ts; the
    // service refuses another agency's desk).
    expected: { ...only(['portal', 'agencyOwn', 'deskOwn', 'admin']) },
    seen: (data) =>
      typeof data.submitDossier?.lookupKey === 'string' &&
      data.submitDossier.dossier.receivingAgencyCode === MANUAL_PROCEDURE.agencyCode,
  },
  {
    name: 'completeStep',
    operation: `mutation C($input: CompleteStepInput!) { completeStep(input: $input) { code status steps { key status } } }`,
    fixture: 'active',
    variables: (f) => ({
      input: { dossierCode: f.code, stepKey: f.stepKey, result: { documentNo: 'CT-001' } },
    }),
    expected: only(['agencyOwn']),
    seen: (data, f) => stepStatus(data.completeStep, f.stepKey) === 'DONE',
  },
  {
    name: 'requestSupplement',
    operation: `mutation R($input: RequestSupplementInput!) { requestSupplement(input: $input) { code status } }`,
    fixture: 'active',
    variables: (f) => ({
      input: { dossierCode: f.code, stepKey: f.stepKey, items: ['Bản chính giấy tờ cần chứng thực'] },
    }),
    expected: only(['agencyOwn']),
    seen: (data) => data.requestSupplement?.status === 'WAITING_SUPPLEMENT',
  },
  {
    name: 'provideSupplement (with the lookup key)',
    operation: `mutation P($input: ProvideSupplementInput!) { provideSupplement(input: $input) { code status } }`,
    fixture: 'waitingSupplement',
    variables: (f) => ({ input: { dossierCode: f.code, lookupKey: f.lookupKey, note: 'Đã bổ sung' } }),
    expected: applicantSide('ALLOWED'),
    seen: (data) => data.provideSupplement?.status === 'IN_PROGRESS',
  },
  {
    name: 'provideSupplement (without the lookup key)',
    operation: `mutation P($input: ProvideSupplementInput!) { provideSupplement(input: $input) { code status } }`,
    fixture: 'waitingSupplement',
    variables: (f) => ({ input: { dossierCode: f.code, note: 'Đã bổ sung' } }),
    expected: applicantSide('NOT_FOUND'),
    seen: (data) => data.provideSupplement?.status === 'IN_PROGRESS',
  },
  {
    name: 'refuseDossier',
    operation: `mutation R($input: RefuseDossierInput!) { refuseDossier(input: $input) { code status } }`,
    fixture: 'active',
    variables: (f) => ({
      input: { dossierCode: f.code, stepKey: f.stepKey, reason: 'Bản chính không khớp bản sao' },
    }),
    expected: only(['agencyOwn']),
    seen: (data) => data.refuseDossier?.status === 'REFUSED',
  },
  {
    name: 'withdrawDossier (with the lookup key)',
    operation: `mutation W($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { code status } }`,
    fixture: 'active',
    variables: (f) => ({ input: { dossierCode: f.code, lookupKey: f.lookupKey, note: 'Không còn nhu cầu' } }),
    expected: applicantSide('ALLOWED'),
    seen: (data) => data.withdrawDossier?.status === 'WITHDRAWN',
  },
  {
    name: 'withdrawDossier (without the lookup key)',
    operation: `mutation W($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { code status } }`,
    fixture: 'active',
    variables: (f) => ({ input: { dossierCode: f.code, note: 'Không còn nhu cầu' } }),
    expected: applicantSide('NOT_FOUND'),
    seen: (data) => data.withdrawDossier?.status === 'WITHDRAWN',
  },
  {
    name: 'issueApology',
    operation: `mutation A($input: IssueApologyInput!) { issueApology(input: $input) { code dueAt apologies { stepKey newDueAt } } }`,
    fixture: 'active',
    variables: (f) => ({
      input: {
        dossierCode: f.code,
        stepKey: f.stepKey,
        reason: 'Quá tải hồ sơ',
        newDueAt: new Date(Date.now() + 60 * DAY).toISOString(),
      },
    }),
    expected: only(['agencyOwn']),
    seen: (data, f) => data.issueApology?.apologies?.some((a: any) => a.stepKey === f.stepKey),
  },
  {
    name: 'recordResultReturned',
    operation: `mutation R($input: RecordResultReturnedInput!) { recordResultReturned(input: $input) { code resultReturnedAt } }`,
    fixture: 'completed',
    variables: (f) => ({ input: { dossierCode: f.code, returnedTo: 'Trần Thị Bình' } }),
    // The desk that received the dossier hands its result back (administrators too); another desk
    // does not see the dossier at all.
    expected: { ...only(['deskOwn', 'admin']), deskOther: 'NOT_FOUND' },
    seen: (data) => typeof data.recordResultReturned?.resultReturnedAt === 'string',
  },
  {
    name: 'retryStep',
    operation: `mutation R($input: RetryStepInput!) { retryStep(input: $input) { code } }`,
    fixture: 'failed',
    variables: (f) => ({ input: { dossierCode: f.code, stepKey: f.stepKey } }),
    // A supervisor, after an agency system failed for good (README); administrators too (schema).
    expected: only(['supervisor', 'admin']),
    seen: async (_data, f) =>
      (await engine.db.prisma.dossierEvent.count({
        where: { dossierCode: f.code, type: 'STEP_RETRIED' },
      })) === 1,
  },
  {
    name: 'acknowledgeEscalation',
    operation: `mutation A($input: EscalationActionInput!) { acknowledgeEscalation(input: $input) { code escalations { id status } } }`,
    fixture: 'failed',
    variables: (f) => ({ input: { escalationId: f.escalationId } }),
    // Supervisors, and the agency the escalation is addressed to (level 1: the responsible agency's head).
    expected: only(['agencyOwn', 'supervisor', 'admin']),
    seen: (data, f) =>
      data.acknowledgeEscalation?.escalations?.find((e: any) => e.id === f.escalationId)?.status ===
      'ACKNOWLEDGED',
  },
  {
    name: 'resolveEscalation',
    operation: `mutation R($input: EscalationActionInput!) { resolveEscalation(input: $input) { code escalations { id status } } }`,
    fixture: 'failed',
    variables: (f) => ({ input: { escalationId: f.escalationId, note: 'Đã xử lý' } }),
    expected: only(['agencyOwn', 'supervisor', 'admin']),
    seen: (data, f) =>
      data.resolveEscalation?.escalations?.find((e: any) => e.id === f.escalationId)?.status === 'RESOLVED',
  },
  {
    name: 'upsertAgency',
    operation: `mutation U($input: UpsertAgencyInput!) { upsertAgency(input: $input) { code parentCode } }`,
    fixture: 'none',
    variables: () => ({
      input: {
        code: uniqueAgencyCode(),
        name: 'Tổ kiểm thử phân quyền',
        level: 'COMMUNE',
        parentCode: 'UBND_H_AN_PHU',
      },
    }),
    expected: only(['admin']),
    seen: (data) => data.upsertAgency?.parentCode === 'UBND_H_AN_PHU',
  },
  {
    name: 'upsertProcedure',
    operation: `mutation U($input: ProcedureInput!) { upsertProcedure(input: $input) { created version procedure { code } } }`,
    fixture: 'none',
    variables: () => ({ input: oneStepProcedure() }),
    expected: only(['admin']),
    seen: (data) => data.upsertProcedure?.created === true,
  },
  {
    name: 'procedureProblems',
    // A step waiting for a step that does not exist: the administrator's check names it.
    operation: `query Q($input: ProcedureInput!) { procedureProblems(input: $input) { path code } }`,
    fixture: 'none',
    variables: () => ({ input: oneStepProcedure(['khong-co']) }),
    expected: only(['admin']),
    seen: (data) => data.procedureProblems?.some((p: any) => p.code === 'UNKNOWN_STEP'),
  },
  {
    name: 'setCalendarDays',
    // A Sunday set off: a new calendar version that moves no deadline.
    operation: `mutation C { setCalendarDays(days: [{ date: "2030-01-06", working: false, reason: "authorization matrix" }]) { calendarVersion } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['admin']),
    seen: (data) => typeof data.setCalendarDays?.calendarVersion === 'number',
  },
  {
    name: 'importOfficialSchedule',
    // A Sunday of a far year set off from a schedule file: a calendar version that moves no deadline.
    operation: `mutation I($schedule: JSON!) { importOfficialSchedule(schedule: $schedule) { calendarVersion } }`,
    fixture: 'none',
    variables: () => ({
      schedule: {
        year: 2030,
        source: 'authorization matrix',
        days: [{ date: '2030-01-13', working: false }],
      },
    }),
    expected: only(['admin']),
    seen: (data) => typeof data.importOfficialSchedule?.calendarVersion === 'number',
  },
  {
    name: 'setNationalStatusMapping',
    // The default line written again: a change in form only, so dossiers elsewhere are unaffected.
    operation: `mutation N { setNationalStatusMapping(eventType: "DOSSIER_RECEIVED", statusCode: 2) { eventType statusCode } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['admin']),
    seen: (data) => data.setNationalStatusMapping?.statusCode === 2,
  },
  {
    name: 'resendNationalSync',
    operation: `mutation R($code: String!) { resendNationalSync(dossierCode: $code) { dossierCode queued } }`,
    fixture: 'read',
    variables: (f) => ({ code: f.code }),
    expected: only(['supervisor', 'admin']),
    seen: (data, f) => data.resendNationalSync?.dossierCode === f.code && data.resendNationalSync.queued > 0,
  },
  {
    name: 'createApiKey',
    operation: `mutation C($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    fixture: 'none',
    variables: () => ({ input: { role: 'ADMIN', label: 'authorization matrix' } }),
    expected: only(['admin']),
    seen: (data) => typeof data.createApiKey?.key === 'string',
  },
  {
    name: 'revokeApiKey',
    operation: `mutation R($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`,
    fixture: 'apiKey',
    variables: (f) => ({ id: f.apiKeyId }),
    expected: only(['admin']),
    seen: (data) => typeof data.revokeApiKey?.revokedAt === 'string',
  },

  {
    name: 'accounts',
    operation: `query { accounts { id username role } }`,
    fixture: 'none',
    variables: () => ({}),
    expected: only(['admin']),
    seen: (data) => Array.isArray(data.accounts),
  },
  {
    name: 'createAccount',
    operation: `mutation C($input: CreateAccountInput!) { createAccount(input: $input) { id username } }`,
    fixture: 'none',
    variables: () => ({
      input: {
        username: `authz.${randomUUID().slice(0, 8)}`,
        password: 'mat-khau-phan-quyen',
        name: 'Người kiểm thử',
        title: 'Chuyên viên',
        role: 'SUPERVISOR',
      },
    }),
    expected: only(['admin']),
    seen: (data) => typeof data.createAccount?.id === 'string',
  },
  {
    name: 'deactivateAccount',
    operation: `mutation D($id: ID!) { deactivateAccount(id: $id) { id active } }`,
    fixture: 'account',
    variables: (f) => ({ id: f.accountId }),
    expected: only(['admin']),
    seen: (data) => data.deactivateAccount?.active === false,
  },
  {
    name: 'resetAccountPassword',
    operation: `mutation R($id: ID!, $password: String!) { resetAccountPassword(id: $id, password: $password) { id passwordChangedAt } }`,
    fixture: 'account',
    variables: (f) => ({ id: f.accountId, password: 'mat-khau-moi-phan-quyen' }),
    expected: only(['admin']),
    seen: (data) => typeof data.resetAccountPassword?.passwordChangedAt === 'string',
  },

  // ---------------------------------------------------------------- subscriptions (over SSE)
  {
    name: 'dossierUpdated',
    operation: `subscription F($code: String!) { dossierUpdated(code: $code) { code status } }`,
    fixture: 'read',
    variables: (f) => ({ code: f.code }),
    // An agency with no part in the dossier, or a desk that did not receive it, is answered as if it did not exist (schema).
    expected: {
      ...only(['portal', 'agencyOwn', 'deskOwn', 'supervisor', 'admin']),
      agencyOther: 'NOT_FOUND',
      deskOther: 'NOT_FOUND',
    },
    seen: (data, f) => data.dossierUpdated?.code === f.code,
  },
  {
    name: 'escalationRaised',
    operation: `subscription E($agencyCode: String!) { escalationRaised(agencyCode: $agencyCode) { id dossierCode agencyCode targetAgencyCode } }`,
    fixture: 'readFailed',
    variables: (f) => ({ agencyCode: f.agencyCode }),
    expected: only(['agencyOwn', 'supervisor', 'admin']),
    seen: (data, f) =>
      data.escalationRaised?.agencyCode === f.agencyCode ||
      data.escalationRaised?.targetAgencyCode === f.agencyCode,
  },
  {
    name: 'agencyDossiersChanged',
    operation: `subscription A($agencyCode: String!) { agencyDossiersChanged(agencyCode: $agencyCode) { code receivingAgencyCode steps { agencyCode } } }`,
    fixture: 'readFailed',
    variables: (f) => ({ agencyCode: f.agencyCode }),
    // The agency's own officers and desk (keys and people alike); no other agency, no portal.
    expected: only(['agencyOwn', 'deskOwn', 'supervisor', 'admin']),
    // The trigger (a dossier of the failing procedure) is received and worked on at the fixture's agency.
    seen: (data, f) =>
      data.agencyDossiersChanged?.receivingAgencyCode === f.agencyCode ||
      (data.agencyDossiersChanged?.steps ?? []).some((s: any) => s.agencyCode === f.agencyCode),
  },
  {
    name: 'escalationChanged',
    operation: `subscription C { escalationChanged { id dossierCode status } }`,
    fixture: 'readFailed',
    variables: () => ({}),
    expected: only(['supervisor', 'admin']),
    // Province-wide: any escalation's change (other test files share the database) is the stream working.
    seen: (data) => typeof data.escalationChanged?.id === 'string',
  },
];

const ROLE_OF: Record<Role, string | null> = {
  anonymous: null,
  portal: 'PORTAL',
  agencyOwn: 'AGENCY',
  agencyOther: 'AGENCY',
  deskOwn: 'DESK',
  deskOther: 'DESK',
  supervisor: 'SUPERVISOR',
  admin: 'ADMIN',
};

function uniqueAgencyCode(): string {
  return `AUTHZ_${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

/** Every (row, caller): each role by each way it can authenticate. */
const CASES = MATRIX.flatMap((row) =>
  ROLES.flatMap((role) =>
    viasOf(role).map((via) => ({ row, caller: { role, via } as Caller, expected: row.expected[role] })),
  ),
);

const rootField = (operation: string): { type: 'query' | 'mutation' | 'subscription'; field: string } => {
  const definition = parse(operation).definitions[0] as OperationDefinitionNode;
  const selection = definition.selectionSet.selections[0];
  if (selection.kind !== 'Field') throw new Error(`${operation}: the first selection must be the root field`);
  return { type: definition.operation, field: selection.name.value };
};

// ------------------------------------------------------------------ the engine, keys and fixtures

let engine: EngineHarness;
const keys: Record<string, string> = {};
const shared: Partial<Record<'read' | 'readFailed', Fixture>> = {};
const fresh = new Map<string, Promise<Fixture>>();

const CREATE_KEY = `mutation C($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`;
async function createKey(input: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const created = await engine.graphql(CREATE_KEY, { input }, engine.adminKey);
  expect(created.errors).toBeUndefined();
  return { key: created.data.createApiKey.key, id: created.data.createApiKey.apiKey.id };
}

const CREATE_ACCOUNT = `mutation C($input: CreateAccountInput!) { createAccount(input: $input) { id username } }`;
/** Every account of the matrix has this password. */
const ACCOUNT_PASSWORD = 'mat-khau-ma-tran-phan-quyen';
async function createAccount(role: string, agencyCode?: string): Promise<{ id: string; username: string }> {
  const created = await engine.graphql(
    CREATE_ACCOUNT,
    {
      input: {
        username: `authz.${role.toLowerCase()}.${randomUUID().slice(0, 8)}`,
        password: ACCOUNT_PASSWORD,
        name: 'Cán bộ kiểm thử',
        title: 'Chuyên viên',
        role,
        ...(agencyCode ? { agencyCode } : {}),
      },
    },
    engine.adminKey,
  );
  expect(created.errors).toBeUndefined();
  return created.data.createAccount;
}

const sessions: Record<string, Session> = {};
/** Where a caller's key or session is kept: by role, and agency for AGENCY and DESK callers. */
const credentialName = (caller: Caller) =>
  caller.agencyCode ? `${ROLE_OF[caller.role]}:${caller.agencyCode}` : caller.role;

function credentialFor(caller: Caller): Credential {
  if (caller.via === 'none') return undefined;
  const found = caller.via === 'key' ? keys[credentialName(caller)] : sessions[credentialName(caller)];
  if (!found) throw new Error(`no ${caller.via} for ${credentialName(caller)}`);
  return found;
}

/** An account of `role` (at `agencyCode`), signed in over HTTP. */
async function signedIn(role: string, agencyCode?: string): Promise<Session> {
  const { username } = await createAccount(role, agencyCode);
  return signInAs(engine.api.url, username, ACCOUNT_PASSWORD);
}

async function submitted(procedure: typeof MANUAL_PROCEDURE): Promise<Fixture> {
  const { dossier, lookupKey } = await submitDossier(services(engine), {
    procedureCode: procedure.code,
    applicant: { name: 'Trần Thị Bình', idNumber: '079190001234' },
    channel: 'ONLINE',
    idempotencyKey: `authz-${randomUUID()}`,
  });
  return { agencyCode: procedure.agencyCode, code: dossier.code, lookupKey, stepKey: procedure.stepKey };
}

/** A dossier whose MANUAL step is ACTIVE, in the workflow and the read model. */
async function activeDossier(procedure = MANUAL_PROCEDURE): Promise<Fixture> {
  const f = await submitted(procedure);
  await waitForState(engine, f.code!, (s) =>
    s.steps.some((x) => x.key === f.stepKey && x.status === 'ACTIVE'),
  );
  await eventually(
    async () =>
      (await engine.db.prisma.dossierStep.findFirst({
        where: { dossierCode: f.code, key: f.stepKey, status: 'ACTIVE' },
      })) ?? undefined,
  );
  return f;
}

/** A dossier whose SYSTEM step FAILED (the simulator refuses it for good), with its open INTEGRATION_FAILURE escalation. */
async function failedDossier(): Promise<Fixture> {
  const f = await submitted(FAILING_PROCEDURE);
  await waitForState(engine, f.code!, (s) =>
    s.steps.some((x) => x.key === f.stepKey && x.status === 'FAILED'),
  );
  const escalation = await eventually(
    async () =>
      (await engine.db.prisma.escalation.findFirst({
        where: { dossierCode: f.code, reason: 'INTEGRATION_FAILURE', status: 'OPEN' },
      })) ?? undefined,
  );
  return { ...f, escalationId: escalation.id };
}

async function makeFixture(kind: FixtureKind): Promise<Fixture> {
  switch (kind) {
    case 'none':
      return { agencyCode: MANUAL_PROCEDURE.agencyCode };
    case 'read':
    case 'readFailed':
      return shared[kind]!;
    case 'active':
      return activeDossier();
    case 'waitingSupplement': {
      const f = await activeDossier();
      await act(engine, f.code!, requestSupplementUpdate, {
        actor: agencyActor(f.agencyCode),
        stepKey: f.stepKey!,
        items: ['Bản chính CCCD'],
      });
      return f;
    }
    case 'completed': {
      const f = await activeDossier();
      await act(engine, f.code!, completeStepUpdate, {
        actor: agencyActor(f.agencyCode),
        stepKey: f.stepKey!,
        result: { documentNo: 'CT-001' },
      });
      await eventually(
        async () =>
          (await engine.db.prisma.dossier.findFirst({ where: { code: f.code, status: 'COMPLETED' } })) ??
          undefined,
      );
      return f;
    }
    case 'failed':
      return failedDossier();
    case 'apiKey':
      return {
        agencyCode: MANUAL_PROCEDURE.agencyCode,
        apiKeyId: (await createKey({ role: 'PORTAL', label: 'to be revoked' })).id,
      };
    case 'account':
      return {
        agencyCode: MANUAL_PROCEDURE.agencyCode,
        accountId: (await createAccount('AGENCY', MANUAL_PROCEDURE.agencyCode)).id,
      };
  }
}

/** Runs `tasks` with at most `limit` at a time; each promise settles with its task. */
function limited<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T>[] {
  let running = 0;
  const queue: (() => void)[] = [];
  return tasks.map(
    (task) =>
      new Promise<T>((resolve, reject) => {
        const start = () => {
          running += 1;
          task()
            .then(resolve, reject)
            .finally(() => {
              running -= 1;
              queue.shift()?.();
            });
        };
        if (running < limit) start();
        else queue.push(start);
      }),
  );
}

/** What a refusal must leave untouched. */
async function stateSnapshot(f: Fixture) {
  const { prisma } = engine.db;
  return {
    // Not lastEventSeq: timers (warnings, escalations) add events of their own meanwhile.
    dossier: f.code
      ? await prisma.dossier.findUnique({
          where: { code: f.code },
          select: {
            status: true,
            dueAt: true,
            supplement: true,
            steps: { select: { key: true, status: true }, orderBy: { key: 'asc' } },
            apologies: { select: { id: true } },
            resultReturnedAt: true,
          },
        })
      : null,
    escalation: f.escalationId
      ? await prisma.escalation.findUnique({ where: { id: f.escalationId }, select: { status: true } })
      : null,
    apiKey: f.apiKeyId
      ? await prisma.apiKey.findUnique({ where: { id: f.apiKeyId }, select: { revokedAt: true } })
      : null,
    account: f.accountId
      ? await prisma.account.findUnique({
          where: { id: f.accountId },
          select: { active: true, passwordHash: true },
        })
      : null,
  };
}

/** Fresh fixtures are made per caller that may succeed (success changes them), else one per row for every refused caller (a refusal changes nothing, which each test checks). */
const freshKey = (row: Row, caller: Caller) =>
  row.expected[caller.role] === 'ALLOWED' || row.freshForEveryCaller
    ? `${row.name}/${caller.role}/${caller.via}`
    : `${row.name}/refused`;

beforeAll(async () => {
  engine = await startEngine();
  engine.fleet.simulators[FAILING_PROCEDURE.agencyCode].setBehaviour({
    procedures: { [FAILING_PROCEDURE.code]: { permanentError: true } },
  });
  keys.admin = engine.adminKey;
  keys.portal = (await createKey({ role: 'PORTAL', label: 'authz portal' })).key;
  keys.supervisor = (await createKey({ role: 'SUPERVISOR', label: 'authz supervisor' })).key;
  sessions.supervisor = await signedIn('SUPERVISOR');
  sessions.admin = await signedIn('ADMIN');
  for (const agencyCode of [MANUAL_PROCEDURE.agencyCode, FAILING_PROCEDURE.agencyCode, OTHER_AGENCY]) {
    for (const role of ['AGENCY', 'DESK']) {
      keys[`${role}:${agencyCode}`] = (
        await createKey({ role, agencyCode, label: `authz ${role} ${agencyCode}` })
      ).key;
      sessions[`${role}:${agencyCode}`] = await signedIn(role, agencyCode);
    }
  }
  [shared.read, shared.readFailed] = await Promise.all([activeDossier(READ_PROCEDURE), failedDossier()]);
  // Fresh fixtures, made ahead a few at a time; each test awaits its own.
  const wanted = new Map<string, FixtureKind>();
  for (const { row, caller } of CASES) {
    if (FRESH.includes(row.fixture)) wanted.set(freshKey(row, caller), row.fixture);
  }
  const made = limited(
    8,
    [...wanted.values()].map((kind) => () => makeFixture(kind)),
  );
  [...wanted.keys()].forEach((key, i) => {
    made[i].catch(() => undefined); // reported by the test that awaits it
    fresh.set(key, made[i]);
  });
}, 180_000);

afterAll(async () => {
  engine?.fleet.simulators[FAILING_PROCEDURE.agencyCode]?.setBehaviour({
    procedures: { [FAILING_PROCEDURE.code]: null },
  });
  await engine?.stop();
});

// ------------------------------------------------------------------ SSE

/** The first payload of the subscription; an open stream that stays silent gets an event caused by `trigger`. */
async function firstPayload(
  row: Row,
  variables: Record<string, unknown>,
  apiKey: Credential,
  trigger: () => Promise<unknown>,
) {
  const stream = await subscribe(engine.api.url, row.operation, variables, apiKey);
  const next = (timeoutMs: number) => stream.next(timeoutMs).catch(() => 'timeout' as const);
  try {
    let payload = await next(1_500);
    if (payload === 'timeout') {
      await trigger();
      payload = await next(20_000);
    }
    if (payload === 'timeout' || payload === undefined)
      throw new Error(`${row.name}: no payload on the stream (${payload ?? 'complete'})`);
    return payload as { data?: any; errors?: any[] };
  } finally {
    stream.close();
  }
}

// ------------------------------------------------------------------ the tests

describe('the matrix covers the whole API', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));

  test('every query, mutation and subscription field of schema.graphql has a row', () => {
    const covered = new Set(
      MATRIX.map((row) => {
        const { type, field } = rootField(row.operation);
        return `${type}.${field}`;
      }),
    );
    const missing: string[] = [];
    for (const [type, object] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
      ['subscription', schema.getSubscriptionType()],
    ] as const) {
      for (const field of Object.keys(object?.getFields() ?? {}))
        if (!covered.has(`${type}.${field}`)) missing.push(`${type}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  test('every row is a valid operation of schema.graphql, with a unique name', () => {
    for (const row of MATRIX) {
      expect([row.name, validate(schema, parse(row.operation)).map((e) => e.message)]).toEqual([
        row.name,
        [],
      ]);
    }
    expect(new Set(MATRIX.map((r) => r.name)).size).toBe(MATRIX.length);
  });
});

describe('authorization matrix', () => {
  test.each(CASES.map((c) => [c.row.name, `${c.caller.role} (${c.caller.via})`, c.expected, c] as const))(
    '%s as %s: %s',
    async (_name, _who, expected, { row, caller: who }) => {
      const f = FRESH.includes(row.fixture)
        ? await fresh.get(freshKey(row, who))!
        : await makeFixture(row.fixture);
      const caller: Caller = {
        ...who,
        ...(who.role === 'agencyOwn' || who.role === 'deskOwn'
          ? { agencyCode: f.agencyCode }
          : who.role === 'agencyOther' || who.role === 'deskOther'
            ? { agencyCode: OTHER_AGENCY }
            : {}),
      };
      const apiKey = credentialFor(caller);
      const variables = row.variables(f);
      const before = await stateSnapshot(f);

      let result: { data?: any; errors?: any[] };
      if (rootField(row.operation).type === 'subscription') {
        result = await firstPayload(row, variables, apiKey, () => failedDossier());
      } else {
        result = await engine.graphql(row.operation, variables, apiKey);
        // Connections: page on until the fixture shows up (other dossiers may come first).
        for (let page = 1; row.connection && !result.errors && page < 20; page++) {
          if (await row.seen?.(result.data, f, caller)) break;
          const pageInfo = result.data?.[row.connection]?.pageInfo;
          if (!pageInfo?.hasNextPage) break;
          result = await engine.graphql(row.operation, { ...variables, after: pageInfo.endCursor }, apiKey);
        }
      }

      const error = result.errors?.[0];
      const code = error?.extensions?.code;
      let actual: string;
      if (code === 'FORBIDDEN') actual = 'FORBIDDEN';
      else if (code === 'DOSSIER_NOT_FOUND') actual = 'NOT_FOUND';
      else if (error) actual = `ERROR ${code ?? ''}: ${error.message}`;
      else if (row.seen && !(await row.seen(result.data, f, caller)))
        actual =
          rootField(row.operation).type === 'mutation'
            ? `NO EFFECT: ${JSON.stringify(result.data)}`
            : 'HIDDEN';
      else actual = 'ALLOWED';
      expect(actual).toBe(expected);

      // A refusal changes nothing.
      if (expected === 'FORBIDDEN' || expected === 'NOT_FOUND') {
        expect(await stateSnapshot(f)).toEqual(before);
      }
    },
  );
});
