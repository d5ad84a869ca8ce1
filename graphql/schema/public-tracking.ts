// Public tracking: what the applicant may see with the code and the lookup key printed on the
// receipt. Plain object types, not Prisma ones, so no field can reach the applicant's personal data.
import { findWithLookupKey } from '../../services/access/lookup-throttle';
import {
  readPublicDossier,
  type PublicAgency as PublicAgencyView,
  type PublicApology as PublicApologyView,
  type PublicDossier as PublicDossierView,
  type PublicStep as PublicStepView,
  type PublicSupplement as PublicSupplementView,
} from '../../prisma/read-model/public-view';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { DossierStatusEnum, OutcomeEnum, StepStatusEnum } from './enums';

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
  const caller = { clientIp: ctx.clientIp, lookupKey, throttle: ctx.lookupThrottle };
  // What cannot be a code or a key is a failed lookup without a read.
  const tooLong = code.length > MAX_CODE_LENGTH || lookupKey.length > MAX_LOOKUP_KEY_LENGTH;
  const found = await findWithLookupKey(caller, code, async () =>
    tooLong ? undefined : readPublicDossier(ctx.sql, code),
  );
  return found.view;
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
