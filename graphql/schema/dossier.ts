// The dossier as portals and agencies read it, and how it is submitted.
import { submitDossier } from '../../reception/submit-dossier';
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
    steps: t.relation('steps', { query: { orderBy: [{ startedAt: { sort: 'asc', nulls: 'last' } }, { key: 'asc' }] } }),
  }),
});

builder.queryField('dossier', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, { code }, ctx) => ctx.prisma.dossier.findUnique({ ...query, where: { code } }),
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
    resolve: async (_root, { input }, ctx) => {
      const { dossier, lookupKey } = await submitDossier(ctx, input);
      return { dossier, lookupKey };
    },
  }),
);
