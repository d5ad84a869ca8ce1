// How a dossier is submitted (`submitDossier`): online by portals, at the one-stop desk by the
// receiving agency's officers. Idempotent by the caller's key; answers with the receipt's lookup key.
import { submitDossier } from '../../services/reception/submit-dossier';
import { builder } from '../builder';
import { ChannelEnum } from './enums';

const ApplicantInput = builder.inputType('ApplicantInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    idNumber: t.string({ required: true }),
    phone: t.string(),
    email: t.string(),
  }),
});

const HandedInComponentInput = builder.inputType('HandedInComponentInput', {
  description: 'What the applicant handed in for one document component of the procedure.',
  fields: (t) => ({
    code: t.string({ required: true }),
    originals: t.int({ description: 'Bản chính.' }),
    certifiedCopies: t.int({ description: 'Bản sao có chứng thực.' }),
    photocopies: t.int({ description: 'Bản sao.' }),
  }),
});

const SubmitDossierInput = builder.inputType('SubmitDossierInput', {
  fields: (t) => ({
    procedureCode: t.string({ required: true }),
    applicant: t.field({ type: ApplicantInput, required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
    formData: t.field({ type: 'JSON' }),
    components: t.field({
      type: [HandedInComponentInput],
      description:
        'The document components handed in. A required one missing: COMPONENT_MISSING; a code the procedure does not list: UNKNOWN_COMPONENT.',
    }),
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
    description:
      'Registers a dossier and starts its processing. The same idempotencyKey again returns the same dossier ' +
      '(a different submission under it: IDEMPOTENCY_CONFLICT). Temporal not answering in time: ENGINE_UNAVAILABLE. ' +
      'ENGINE_CONFLICT: the engine already holds another dossier under the new receipt code (a deployment fault: ' +
      'two databases share one Temporal namespace); nothing was registered.',
    args: { input: t.arg({ type: SubmitDossierInput, required: true }) },
    // Portals for online filings; AGENCY and DESK callers for counter officers of the procedure's
    // receiving agency (checked in the service); admins for support.
    authScopes: { portal: true, agency: true, desk: true, admin: true },
    resolve: async (_root, { input }, ctx) => {
      // An agency's officers register dossiers at their own one-stop desk only.
      const role = ctx.principal?.role;
      const desk = role === 'AGENCY' || role === 'DESK' ? { receivingDesk: ctx.principal?.agencyCode } : {};
      const { dossier, lookupKey } = await submitDossier(ctx, input, desk);
      return { dossier, lookupKey };
    },
  }),
);
