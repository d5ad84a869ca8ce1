// The dossier as portals and agencies read it (one, a filtered list, an agency's inbox, the public
// tracking view), and how it is submitted. Every read comes from the read model, never from workflows.
import { dossiersVisibleTo } from '../../services/access/dossier-access';
import { throttledLookup } from '../../services/access/lookup-throttle';
import type { Principal } from '../../services/access/principal';
import { DomainError } from '../../domain/errors';
import { lookupKeyMatches } from '../../services/reception/lookup-key';
import {
  readPublicDossier,
  type PublicAgency as PublicAgencyView,
  type PublicApology as PublicApologyView,
  type PublicDossier as PublicDossierView,
  type PublicStep as PublicStepView,
  type PublicSupplement as PublicSupplementView,
} from '../../services/reception/public-view';
import { submitDossier } from '../../services/reception/submit-dossier';
import type { Prisma } from '../../prisma/generated/client/client';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { ChannelEnum, DossierStatusEnum, OutcomeEnum, StepStatusEnum } from './enums';

/** The largest page a connection serves: a larger `first`/`last` is refused, not silently cut. */
export const MAX_PAGE_SIZE = 100;

export function checkPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && value > MAX_PAGE_SIZE) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `${name}: at most ${MAX_PAGE_SIZE} per page (got ${value}); page on with the cursors`,
      );
    }
  }
}

export const DossierStep = builder.prismaObject('DossierStep', {
  fields: (t) => ({
    key: t.exposeString('key', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    status: t.expose('status', { type: StepStatusEnum, nullable: false }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    mode: t.exposeString('mode', { nullable: false }),
    warnedAt: t.expose('warnedAt', { type: 'DateTime', nullable: true }),
    late: t.exposeBoolean('late', {
      nullable: false,
      description: 'Finished after its own deadline: the lateness is attributed to this step.',
    }),
    pausedWorkingMinutes: t.exposeFloat('pausedMinutes', { nullable: false }),
    failure: t.exposeString('failure', { nullable: true }),
    dossier: t.relation('dossier', { nullable: false }),
  }),
});

export const ApologyLetter = builder.prismaObject('ApologyLetter', {
  fields: (t) => ({
    id: t.exposeString('id', { nullable: false }),
    stepKey: t.exposeString('stepKey', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    reason: t.exposeString('reason', { nullable: false }),
    previousDueAt: t.expose('previousDueAt', { type: 'DateTime', nullable: false }),
    newDueAt: t.expose('newDueAt', { type: 'DateTime', nullable: false }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime', nullable: false }),
  }),
});

export const Dossier = builder.prismaObject('Dossier', {
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    procedureCode: t.exposeString('procedureCode', { nullable: false }),
    procedureVersion: t.exposeInt('procedureVersion', { nullable: false }),
    receivingAgencyCode: t.exposeString('receivingAgencyCode', { nullable: false }),
    channel: t.expose('channel', { type: ChannelEnum, nullable: false }),
    status: t.expose('status', { type: DossierStatusEnum, nullable: false }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: false }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: false }),
    originalDueAt: t.expose('originalDueAt', { type: 'DateTime', nullable: false }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    outcome: t.expose('outcome', { type: OutcomeEnum, nullable: true }),
    currentAgencies: t.exposeStringList('currentAgencies', { nullable: false }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    lateStepKey: t.exposeString('lateStepKey', { nullable: true }),
    lateAgencyCode: t.exposeString('lateAgencyCode', { nullable: true }),
    pausedWorkingMinutes: t.exposeFloat('pausedMinutes', { nullable: false }),
    supplement: t.expose('supplement', { type: 'JSON', nullable: true }),
    steps: t.relation('steps', {
      nullable: false,
      query: { orderBy: [{ startedAt: { sort: 'asc', nulls: 'last' } }, { key: 'asc' }] },
    }),
    escalations: t.relation('escalations', { nullable: false, query: { orderBy: { raisedAt: 'asc' } } }),
    apologies: t.relation('apologies', { nullable: false, query: { orderBy: { issuedAt: 'asc' } } }),
  }),
});

builder.queryField('dossier', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    description:
      'null when there is no such dossier or, for an AGENCY key, when the agency has no part in it.',
    authScopes: { portal: true, agency: true, supervisor: true, admin: true },
    resolve: (query, _root, { code }, ctx) =>
      ctx.prisma.dossier.findFirst({
        ...query,
        where: { AND: [{ code }, dossiersVisibleTo(ctx.principal)] },
      }),
  }),
);

const DossierFilter = builder.inputType('DossierFilter', {
  fields: (t) => ({
    status: t.field({ type: [DossierStatusEnum], description: 'Any of these statuses.' }),
    agencyCode: t.string({ description: 'Dossiers the agency received or has (had) a step in.' }),
    procedureCode: t.string(),
    late: t.boolean({
      description:
        'true: overdue now (IN_PROGRESS past its due time; a dossier waiting for a supplement has its clock stopped) ' +
        'or completed LATE; false: every other dossier.',
    }),
    receivedFrom: t.field({ type: 'DateTime', description: 'Received at or after (inclusive).' }),
    receivedTo: t.field({ type: 'DateTime', description: 'Received before (exclusive).' }),
  }),
});

type DossierFilterShape = typeof DossierFilter.$inferInput;

function dossierWhere(
  filter: DossierFilterShape | null | undefined,
  principal: Principal | null,
  now: Date,
): Prisma.DossierWhereInput {
  const and: Prisma.DossierWhereInput[] = [dossiersVisibleTo(principal)];
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.procedureCode != null) and.push({ procedureCode: filter.procedureCode });
  if (filter?.agencyCode != null) {
    const agencyCode = filter.agencyCode;
    and.push({ OR: [{ receivingAgencyCode: agencyCode }, { steps: { some: { agencyCode } } }] });
  }
  if (filter?.receivedFrom || filter?.receivedTo) {
    and.push({
      receivedAt: {
        ...(filter.receivedFrom ? { gte: filter.receivedFrom } : {}),
        ...(filter.receivedTo ? { lt: filter.receivedTo } : {}),
      },
    });
  }
  if (filter?.late != null) {
    // Completed dossiers always carry an outcome, so NOT needs no care for NULLs here.
    const late: Prisma.DossierWhereInput = {
      OR: [
        { status: 'IN_PROGRESS', dueAt: { lt: now } },
        { status: 'COMPLETED', outcome: 'LATE' },
      ],
    };
    and.push(filter.late ? late : { NOT: late });
  }
  return { AND: and };
}

builder.queryField('dossiers', (t) =>
  t.prismaConnection(
    {
      type: 'Dossier',
      cursor: 'code',
      description: `Newest received first (receivedAt, then code, descending). Pages of at most ${MAX_PAGE_SIZE}. An AGENCY key sees only the dossiers its agency received or has (had) a step in.`,
      nullable: false,
      authScopes: { portal: true, agency: true, supervisor: true, admin: true },
      args: { filter: t.arg({ type: DossierFilter }) },
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.dossier.count({ where: dossierWhere(args.filter, ctx.principal, new Date()) }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.dossier.findMany({
          ...query,
          where: dossierWhere(args.filter, ctx.principal, new Date()),
          orderBy: [{ receivedAt: 'desc' }, { code: 'desc' }],
        });
      },
    },
    { name: 'DossierConnection' },
    { name: 'DossierEdge' },
  ),
);

builder.queryField('agencyInbox', (t) =>
  t.prismaConnection(
    {
      type: 'DossierStep',
      cursor: 'dossierCode_key',
      description:
        "Steps at the caller's agency (AGENCY keys), most urgent first: due time ascending, then dossier code and step key.",
      nullable: false,
      authScopes: { agency: true },
      args: {
        status: t.arg({
          type: [StepStatusEnum],
          required: true,
          defaultValue: ['ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED'],
          description: 'Steps in any of these statuses.',
        }),
      },
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.dossierStep.count({ where: inboxWhere(ctx, args.status) }),
      resolve: (query, _root, args, ctx) => {
        checkPageSize(args);
        return ctx.prisma.dossierStep.findMany({
          ...query,
          where: inboxWhere(ctx, args.status),
          orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { dossierCode: 'asc' }, { key: 'asc' }],
        });
      },
    },
    { name: 'DossierStepConnection' },
    { name: 'DossierStepEdge' },
  ),
);

function inboxWhere(
  ctx: GraphQLContext,
  status: readonly (typeof StepStatusEnum.$inferType)[],
): Prisma.DossierStepWhereInput {
  // Only AGENCY keys reach here (authScopes); one without an agency sees nothing.
  return { agencyCode: ctx.principal?.agencyCode ?? '', status: { in: [...status] } };
}

// Public tracking: what the applicant may see with the code and the lookup key printed on the
// receipt. Plain object types, not Prisma ones, so no field can reach the applicant's personal data.
const PublicAgency = builder.objectRef<PublicAgencyView>('PublicAgency').implement({
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
  }),
});
const PublicStep = builder.objectRef<PublicStepView>('PublicStep').implement({
  fields: (t) => ({
    key: t.exposeString('key', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    agencyName: t.exposeString('agencyName', { nullable: false }),
    status: t.expose('status', { type: StepStatusEnum, nullable: false }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  }),
});
const PublicApology = builder.objectRef<PublicApologyView>('PublicApology').implement({
  fields: (t) => ({
    agencyCode: t.exposeString('agencyCode', { nullable: false }),
    agencyName: t.exposeString('agencyName', { nullable: false }),
    reason: t.exposeString('reason', { nullable: false }),
    previousDueAt: t.expose('previousDueAt', { type: 'DateTime', nullable: false }),
    newDueAt: t.expose('newDueAt', { type: 'DateTime', nullable: false }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime', nullable: false }),
  }),
});
const PublicSupplement = builder.objectRef<PublicSupplementView>('PublicSupplement').implement({
  fields: (t) => ({
    items: t.exposeStringList('items', { nullable: false }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime', nullable: false }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The dossier is stopped if nothing arrives by then.',
    }),
    providedAt: t.expose('providedAt', { type: 'DateTime', nullable: true }),
  }),
});
const PublicDossier = builder.objectRef<PublicDossierView>('PublicDossier').implement({
  description: "A dossier's progress as the applicant tracks it: no personal data.",
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    procedureCode: t.exposeString('procedureCode', { nullable: false }),
    procedureName: t.exposeString('procedureName', { nullable: false }),
    status: t.expose('status', { type: DossierStatusEnum, nullable: false }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', nullable: false }),
    dueAt: t.expose('dueAt', {
      type: 'DateTime',
      nullable: false,
      description: 'The promised date (moved by apologies and supplement pauses).',
    }),
    originalDueAt: t.expose('originalDueAt', { type: 'DateTime', nullable: false }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    outcome: t.expose('outcome', { type: OutcomeEnum, nullable: true }),
    currentAgencies: t.field({ type: [PublicAgency], nullable: false, resolve: (d) => d.currentAgencies }),
    steps: t.field({ type: [PublicStep], nullable: false, resolve: (d) => d.steps }),
    apologies: t.field({ type: [PublicApology], nullable: false, resolve: (d) => d.apologies }),
    supplement: t.field({ type: PublicSupplement, nullable: true, resolve: (d) => d.supplement }),
  }),
});

/** Codes are `AGENCY-YYMMDD-NNNN` (agency codes at most 16): anything much longer is not one. */
const MAX_CODE_LENGTH = 64;
const MAX_LOOKUP_KEY_LENGTH = 64;

async function trackDossier(
  ctx: GraphQLContext,
  rawCode: string,
  lookupKey: string,
): Promise<PublicDossierView> {
  const code = rawCode.trim().toUpperCase();
  return throttledLookup(ctx.lookupThrottle, ctx.clientIp, code, async () => {
    if (code.length > MAX_CODE_LENGTH || lookupKey.length > MAX_LOOKUP_KEY_LENGTH) return undefined;
    const found = await readPublicDossier(ctx.sql, code);
    return found && lookupKeyMatches(lookupKey, found.lookupKeyHash) ? found.view : undefined;
  });
}

builder.queryField('trackDossier', (t) =>
  t.field({
    type: PublicDossier,
    nullable: false,
    description:
      'Public progress of a dossier, for anyone holding its receipt code and lookup key. An unknown code and a wrong key both answer ' +
      'DOSSIER_NOT_FOUND; after too many failed lookups from one address (over all codes, or on one code) that address gets RATE_LIMITED ' +
      'for a while, even with the right key. Other addresses are never refused for its failures.',
    authScopes: { public: true },
    args: { code: t.arg.string({ required: true }), lookupKey: t.arg.string({ required: true }) },
    resolve: (_root, { code, lookupKey }, ctx) => trackDossier(ctx, code, lookupKey),
  }),
);

const ApplicantInput = builder.inputType('ApplicantInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    idNumber: t.string({ required: true }),
    phone: t.string(),
    email: t.string(),
  }),
});

const SubmitDossierInput = builder.inputType('SubmitDossierInput', {
  fields: (t) => ({
    procedureCode: t.string({ required: true }),
    applicant: t.field({ type: ApplicantInput, required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
    formData: t.field({ type: 'JSON' }),
    idempotencyKey: t.string({ required: true }),
  }),
});

const SubmitDossierPayload = builder
  .objectRef<{ dossier: { code: string }; lookupKey: string }>('SubmitDossierPayload')
  .implement({
    fields: (t) => ({
      dossier: t.prismaField({
        type: 'Dossier',
        nullable: false,
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code: payload.dossier.code } }),
      }),
      lookupKey: t.exposeString('lookupKey', {
        nullable: false,
        description: 'Printed on the receipt; shown once per submission.',
      }),
    }),
  });

builder.mutationField('submitDossier', (t) =>
  t.field({
    type: SubmitDossierPayload,
    args: { input: t.arg({ type: SubmitDossierInput, required: true }) },
    // Portals for online filings; AGENCY keys for counter officers of the procedure's receiving
    // agency (checked in the service); admins for support.
    authScopes: { portal: true, agency: true, admin: true },
    resolve: async (_root, { input }, ctx) => {
      // An agency's officers register dossiers at their own one-stop desk only.
      const desk = ctx.principal?.role === 'AGENCY' ? { receivingDesk: ctx.principal.agencyCode } : {};
      const { dossier, lookupKey } = await submitDossier(ctx, input, desk);
      return { dossier, lookupKey };
    },
  }),
);
