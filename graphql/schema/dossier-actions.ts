// Agency, officer, applicant and supervisor actions on a running dossier's steps (escalations are
// acknowledged and resolved in escalation.ts). Each resolves through actOnDossier.
import {
  completeStepUpdate,
  issueApologyUpdate,
  provideSupplementUpdate,
  refuseDossierUpdate,
  requestSupplementUpdate,
  retryStepUpdate,
  withdrawDossierUpdate,
} from '../../domain/contract/dossier-workflow';
import { actOnDossier } from '../act-on-dossier';
import { builder } from '../builder';

const CompleteStepInput = builder.inputType('CompleteStepInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    result: t.field({ type: 'JSON', description: 'What the agency produced, e.g. { documentNo }' }),
  }),
});
const ComponentCountInput = builder.inputType('ComponentCountInput', {
  description: 'Copies of one document component of the procedure, by kind.',
  fields: (t) => ({
    code: t.string({ required: true }),
    originals: t.int({ description: 'Bản chính.' }),
    certifiedCopies: t.int({ description: 'Bản sao có chứng thực.' }),
    photocopies: t.int({ description: 'Bản sao.' }),
  }),
});
const RequestSupplementInput = builder.inputType('RequestSupplementInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    items: t.stringList({
      required: true,
      description: 'Free text; may be empty when components are named.',
    }),
    components: t.field({
      type: [ComponentCountInput],
      description: 'Components of the procedure the applicant must hand in again, with the copies wanted.',
    }),
    note: t.string(),
  }),
});
const RefuseDossierInput = builder.inputType('RefuseDossierInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    reason: t.string({ required: true }),
  }),
});
const IssueApologyInput = builder.inputType('IssueApologyInput', {
  fields: (t) => ({
    dossierCode: t.string({ required: true }),
    stepKey: t.string({ required: true }),
    reason: t.string({ required: true }),
    newDueAt: t.field({ type: 'DateTime', required: true }),
  }),
});
const RetryStepInput = builder.inputType('RetryStepInput', {
  fields: (t) => ({ dossierCode: t.string({ required: true }), stepKey: t.string({ required: true }) }),
});
const ApplicantActionInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      dossierCode: t.string({ required: true }),
      lookupKey: t.string({ description: 'Required for anonymous callers: the key printed on the receipt.' }),
      note: t.string(),
    }),
  });
const ProvideSupplementInput = ApplicantActionInput('ProvideSupplementInput');
const WithdrawDossierInput = ApplicantActionInput('WithdrawDossierInput');

builder.mutationFields((t) => ({
  completeStep: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: CompleteStepInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(ctx, query, input.dossierCode, completeStepUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        result: (input.result ?? undefined) as Record<string, unknown> | undefined,
      })),
  }),
  requestSupplement: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: RequestSupplementInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(ctx, query, input.dossierCode, requestSupplementUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        items: input.items,
        ...(input.components
          ? {
              components: input.components.map((c) => ({
                code: c.code,
                originals: c.originals ?? 0,
                certifiedCopies: c.certifiedCopies ?? 0,
                photocopies: c.photocopies ?? 0,
              })),
            }
          : {}),
        note: input.note ?? undefined,
      })),
  }),
  provideSupplement: t.prismaField({
    type: 'Dossier',
    authScopes: { public: true },
    args: { input: t.arg({ type: ProvideSupplementInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(
        ctx,
        query,
        input.dossierCode,
        provideSupplementUpdate,
        (actor) => ({ actor, note: input.note ?? undefined }),
        input.lookupKey,
      ),
  }),
  refuseDossier: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: RefuseDossierInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(ctx, query, input.dossierCode, refuseDossierUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        reason: input.reason,
      })),
  }),
  withdrawDossier: t.prismaField({
    type: 'Dossier',
    authScopes: { public: true },
    args: { input: t.arg({ type: WithdrawDossierInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(
        ctx,
        query,
        input.dossierCode,
        withdrawDossierUpdate,
        (actor) => ({ actor, reason: input.note ?? undefined }),
        input.lookupKey,
      ),
  }),
  issueApology: t.prismaField({
    type: 'Dossier',
    authScopes: { agency: true },
    args: { input: t.arg({ type: IssueApologyInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(ctx, query, input.dossierCode, issueApologyUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
        reason: input.reason,
        newDueAt: input.newDueAt.toISOString(),
      })),
  }),
  retryStep: t.prismaField({
    type: 'Dossier',
    authScopes: { supervisor: true, admin: true },
    args: { input: t.arg({ type: RetryStepInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      actOnDossier(ctx, query, input.dossierCode, retryStepUpdate, (actor) => ({
        actor,
        stepKey: input.stepKey,
      })),
  }),
}));
