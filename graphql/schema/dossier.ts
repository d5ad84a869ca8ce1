// The dossier as portals, agencies and supervisors read it: one by code, or a filtered list. Every
// read comes from the read model, never from workflows.
import type { Prisma } from '../../prisma/generated/client/client';
import { dossiersVisibleTo, dossierWhere } from '../../prisma/read-model/dossier-filters';
import { workingCalendarOf } from '../../services/catalog/calendar';
import { formLinks, type FormLink } from '../../services/forms/form-kinds';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { DomainError } from '../../domain/errors';
import { MAX_WORKING_DAYS } from '../../domain/procedure/definition';
import { connectionTypes, MAX_PAGE_SIZE, readPage } from '../pagination';
import { ChannelEnum, DossierStatusEnum, OutcomeEnum } from './enums';

const DossierForm = builder.objectRef<FormLink>('DossierForm').implement({
  description: 'A printed form of the dossier (Circular 03/2025/TT-VPCP), served as a PDF by the API server.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      nullable: false,
      description: 'receipt, supplement-request, refusal, apology, stop-notice or control-sheet.',
    }),
    url: t.exposeString('url', {
      nullable: false,
      description: 'Path on this server: GET it with the same API key.',
    }),
    available: t.exposeBoolean('available', {
      nullable: false,
      description: 'false: it does not apply yet (GET answers 409 FORM_NOT_APPLICABLE).',
    }),
  }),
});

builder.prismaObject('Dossier', {
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    procedureCode: t.exposeString('procedureCode', { nullable: false }),
    procedureVersion: t.exposeInt('procedureVersion', { nullable: false }),
    receivingAgencyCode: t.exposeString('receivingAgencyCode', { nullable: false }),
    channel: t.expose('channel', { type: ChannelEnum, nullable: false }),
    status: t.expose('status', { type: DossierStatusEnum, nullable: false }),
    submittedAt: t.expose('submittedAt', {
      type: 'DateTime',
      nullable: false,
      description:
        'When it was filed. receivedAt is when it counts as received: the same, or the next office opening.',
    }),
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
    components: t.expose('components', {
      type: 'JSON',
      nullable: true,
      description:
        'What was handed in per document component: [{ code, name, originals, certifiedCopies, photocopies }].',
    }),
    registerVolume: t.exposeString('registerVolume', {
      nullable: true,
      description: 'The desk\'s tracking book (quyển số), e.g. "01/2026".',
    }),
    registerNumber: t.exposeInt('registerNumber', {
      nullable: true,
      description: 'The sequence number in the tracking book (số thứ tự).',
    }),
    resultReturnedAt: t.expose('resultReturnedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the result was handed back at the desk (recordResultReturned); null until then.',
    }),
    resultReturnedTo: t.exposeString('resultReturnedTo', {
      nullable: true,
      description: "Who collected the result (a person's name): the receiving desk and administrators only.",
      authScopes: { desk: true, admin: true },
    }),
    resultReturnedBy: t.exposeString('resultReturnedBy', {
      nullable: true,
      description: 'The officer who recorded the hand-back: the receiving desk and administrators only.',
      authScopes: { desk: true, admin: true },
    }),
    applicantName: t.exposeString('applicantName', {
      nullable: false,
      description:
        "The applicant's name, as the desk's register and hand-back need it: the receiving desk and administrators only.",
      authScopes: { desk: true, admin: true },
    }),
    forms: t.field({
      type: [DossierForm],
      nullable: false,
      description: 'The printed forms this caller may fetch, and whether each applies yet.',
      select: {
        status: true,
        receivingAgencyCode: true,
        supplement: true,
        steps: { select: { key: true, agencyCode: true } },
        apologies: { select: { agencyCode: true }, orderBy: { issuedAt: 'asc' } },
        events: { where: { type: 'DOSSIER_REFUSED' }, select: { payload: true } },
      },
      resolve: (d, _args, ctx) => {
        const stepAgency = (key: unknown) => d.steps.find((s) => s.key === key)?.agencyCode;
        const refused = d.events.at(-1)?.payload as { stepKey?: string } | undefined;
        return formLinks(ctx.principal, d.code, {
          status: d.status,
          receivingAgencyCode: d.receivingAgencyCode,
          stepAgencies: [...new Set(d.steps.map((s) => s.agencyCode))],
          supplementAgency: stepAgency((d.supplement as { stepKey?: string } | null)?.stepKey),
          refusalAgency: refused ? stepAgency(refused.stepKey) : undefined,
          apologyAgency: d.apologies.at(-1)?.agencyCode,
        });
      },
    }),
    steps: t.relation('steps', {
      nullable: false,
      query: { orderBy: [{ startedAt: { sort: 'asc', nulls: 'last' } }, { key: 'asc' }] },
    }),
    escalations: t.relation('escalations', { nullable: false, query: { orderBy: { raisedAt: 'asc' } } }),
    apologies: t.relation('apologies', { nullable: false, query: { orderBy: { issuedAt: 'asc' } } }),
    workingMinutesPastDue: t.float({
      nullable: true,
      description:
        'IN_PROGRESS dossiers: working minutes from dueAt to now, negative while time is left; null otherwise ' +
        '(a dossier waiting for a supplement has its clock stopped).',
      select: { status: true, dueAt: true },
      resolve: async (dossier, _args, ctx) => {
        if (dossier.status !== 'IN_PROGRESS') return null;
        const calendar = workingCalendarOf(await ctx.calendar());
        return calendar.workingMinutesBetween(dossier.dueAt, new Date());
      },
    }),
  }),
});

const DossierOrderEnum = builder.enumType('DossierOrder', {
  values: ['RECEIVED_NEWEST', 'RECEIVED_OLDEST', 'DUE_SOONEST'] as const,
  description:
    "RECEIVED_NEWEST: receivedAt then code, descending. RECEIVED_OLDEST: ascending, the order of a desk's register. DUE_SOONEST: dueAt then code, ascending: the most overdue first, " +
    'which is also the order of how far past due in working time.',
});

const DOSSIER_ORDERS = {
  RECEIVED_NEWEST: [{ receivedAt: 'desc' }, { code: 'desc' }],
  RECEIVED_OLDEST: [{ receivedAt: 'asc' }, { code: 'asc' }],
  DUE_SOONEST: [{ dueAt: 'asc' }, { code: 'asc' }],
} satisfies Record<typeof DossierOrderEnum.$inferType, Prisma.DossierOrderByWithRelationInput[]>;

builder.queryField('dossier', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    description:
      'null when there is no such dossier or, for an AGENCY caller, when the agency has no part in it (for a DESK caller: when its agency did not receive it).',
    authScopes: { portal: true, agency: true, desk: true, supervisor: true, admin: true },
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
    resultReturned: t.boolean({
      description:
        'true: the result was handed back at the desk; false: not yet (with status COMPLETED, REFUSED, STOPPED: ready to hand back).',
    }),
    dueWithinWorkingDays: t.float({
      description:
        'Due before now + this many working days (0: overdue now), in the working calendar; with status IN_PROGRESS: overdue and due soon.',
    }),
  }),
});

builder.queryField('dossiers', (t) =>
  t.prismaConnection(
    {
      type: 'Dossier',
      cursor: 'code',
      description: `Newest received first unless orderBy says otherwise. Pages of at most ${MAX_PAGE_SIZE}. An AGENCY caller sees only the dossiers its agency received or has (had) a step in; a DESK caller those its agency received.`,
      nullable: false,
      authScopes: { portal: true, agency: true, desk: true, supervisor: true, admin: true },
      args: {
        filter: t.arg({ type: DossierFilter }),
        orderBy: t.arg({ type: DossierOrderEnum, defaultValue: 'RECEIVED_NEWEST', required: true }),
      },
      totalCount: async (_parent, args, ctx) =>
        ctx.prisma.dossier.count({ where: await listWhere(ctx, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        readPage(args, async () =>
          ctx.prisma.dossier.findMany({
            ...query,
            where: await listWhere(ctx, args.filter),
            orderBy: DOSSIER_ORDERS[args.orderBy],
          }),
        ),
    },
    ...connectionTypes('Dossier'),
  ),
);

/** The list's where, with `dueWithinWorkingDays` turned into an instant by the working calendar. */
async function listWhere(ctx: GraphQLContext, filter: typeof DossierFilter.$inferInput | null | undefined) {
  const now = new Date();
  const within = filter?.dueWithinWorkingDays;
  if (within != null && !(within >= 0 && within <= MAX_WORKING_DAYS)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `dueWithinWorkingDays: 0 to ${MAX_WORKING_DAYS}, got ${within}`,
    );
  }
  const dueBefore =
    within == null ? null : workingCalendarOf(await ctx.calendar()).addWorkingDays(now, within);
  return dossierWhere({ ...filter, dueBefore }, ctx.principal, now);
}
