// The dossier as portals and agencies read it, and how it is submitted.
import { dossiersVisibleTo } from '../../auth/dossier-access';
import { submitDossier } from '../../dossiers/submit-dossier';
import { builder } from '../builder';
import { ChannelEnum, DossierStatusEnum, OutcomeEnum, StepStatusEnum } from './enums';

export const DossierStep = builder.prismaObject('DossierStep', {
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    agencyCode: t.exposeString('agencyCode'),
    status: t.expose('status', { type: StepStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    mode: t.exposeString('mode'),
    warnedAt: t.expose('warnedAt', { type: 'DateTime', nullable: true }),
    late: t.exposeBoolean('late', { description: 'Finished after its own deadline: the lateness is attributed to this step.' }),
    pausedWorkingMinutes: t.exposeFloat('pausedMinutes'),
    failure: t.exposeString('failure', { nullable: true }),
  }),
});

export const Escalation = builder.prismaObject('Escalation', {
  fields: (t) => ({
    id: t.exposeString('id'),
    dossierCode: t.exposeString('dossierCode'),
    stepKey: t.exposeString('stepKey', { nullable: true }),
    reason: t.exposeString('reason'),
    agencyCode: t.exposeString('agencyCode'),
    targetAgencyCode: t.exposeString('targetAgencyCode', { nullable: true }),
    level: t.exposeInt('level'),
    status: t.exposeString('status'),
    raisedAt: t.expose('raisedAt', { type: 'DateTime' }),
    climbAt: t.expose('climbAt', { type: 'DateTime', nullable: true }),
    climbedAt: t.expose('climbedAt', { type: 'DateTime', nullable: true }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    acknowledgedBy: t.exposeString('acknowledgedBy', { nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.exposeString('resolvedBy', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

export const ApologyLetter = builder.prismaObject('ApologyLetter', {
  fields: (t) => ({
    id: t.exposeString('id'),
    stepKey: t.exposeString('stepKey'),
    agencyCode: t.exposeString('agencyCode'),
    reason: t.exposeString('reason'),
    previousDueAt: t.expose('previousDueAt', { type: 'DateTime' }),
    newDueAt: t.expose('newDueAt', { type: 'DateTime' }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
  }),
});

export const Dossier = builder.prismaObject('Dossier', {
  fields: (t) => ({
    code: t.exposeString('code'),
    procedureCode: t.exposeString('procedureCode'),
    procedureVersion: t.exposeInt('procedureVersion'),
    receivingAgencyCode: t.exposeString('receivingAgencyCode'),
    channel: t.expose('channel', { type: ChannelEnum }),
    status: t.expose('status', { type: DossierStatusEnum }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    originalDueAt: t.expose('originalDueAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    outcome: t.expose('outcome', { type: OutcomeEnum, nullable: true }),
    currentAgencies: t.exposeStringList('currentAgencies'),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    lateStepKey: t.exposeString('lateStepKey', { nullable: true }),
    lateAgencyCode: t.exposeString('lateAgencyCode', { nullable: true }),
    pausedWorkingMinutes: t.exposeFloat('pausedMinutes'),
    supplement: t.expose('supplement', { type: 'JSON', nullable: true }),
    steps: t.relation('steps', { query: { orderBy: [{ startedAt: { sort: 'asc', nulls: 'last' } }, { key: 'asc' }] } }),
    escalations: t.relation('escalations', { query: { orderBy: { raisedAt: 'asc' } } }),
    apologies: t.relation('apologies', { query: { orderBy: { issuedAt: 'asc' } } }),
  }),
});

builder.queryField('dossier', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    description: 'null when there is no such dossier or, for an AGENCY key, when the agency has no part in it.',
    authScopes: { portal: true, agency: true, supervisor: true, admin: true },
    resolve: (query, _root, { code }, ctx) =>
      ctx.prisma.dossier.findFirst({ ...query, where: { AND: [{ code }, dossiersVisibleTo(ctx.principal)] } }),
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
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.dossier.findUniqueOrThrow({ ...query, where: { code: payload.dossier.code } }),
      }),
      lookupKey: t.exposeString('lookupKey', { description: 'Printed on the receipt; shown once per submission.' }),
    }),
  });

builder.mutationField('submitDossier', (t) =>
  t.field({
    type: SubmitDossierPayload,
    args: { input: t.arg({ type: SubmitDossierInput, required: true }) },
    // Portals for online filings; AGENCY keys for counter officers (any agency for now, later only
    // the procedure's receiving agency); admins for support.
    authScopes: { portal: true, agency: true, admin: true },
    resolve: async (_root, { input }, ctx) => {
      const { dossier, lookupKey } = await submitDossier(ctx, input);
      return { dossier, lookupKey };
    },
  }),
);
