// The national public-service portal sync (docs/national-portal.md): each dossier's sync state
// (`Dossier.nationalSync`), the dossiers out of sync, resending, and the status mapping that
// administrators maintain.
import { MAPPABLE_EVENT_TYPES } from '../../domain/national-portal/status-mapping';
import type { NationalSyncState } from '../../prisma/read-model/national-sync';
import { statusMappings } from '../../prisma/read-model/national-sync';
import {
  MAX_LAG_MINUTES,
  MAX_OUT_OF_SYNC,
  nationalSyncState,
  outOfSync,
  resendDossier,
  setStatusMapping,
} from '../../services/national-sync/national-sync';
import { builder } from '../builder';

const NationalSyncStateRef = builder.objectRef<NationalSyncState>('NationalSyncState').implement({
  description: "Where a dossier's reporting to the national portal stands.",
  fields: (t) => ({
    dossierCode: t.exposeString('dossierCode', { nullable: false }),
    queued: t.exposeInt('queued', { nullable: false, description: 'Events queued for the portal in all.' }),
    delivered: t.exposeInt('delivered', { nullable: false }),
    pending: t.exposeInt('pending', { nullable: false }),
    lastSentSeq: t.exposeInt('lastSentSeq', {
      nullable: true,
      description: 'Event sequence of the last one the portal accepted.',
    }),
    lastSentEventType: t.exposeString('lastSentEventType', { nullable: true }),
    lastSentStatusCode: t.exposeInt('lastSentStatusCode', {
      nullable: true,
      description: 'National status code (1..10) last reported.',
    }),
    lastSentAt: t.expose('lastSentAt', { type: 'DateTime', nullable: true }),
    headSeq: t.exposeInt('headSeq', { nullable: true, description: 'The next event to send.' }),
    attempts: t.exposeInt('attempts', { nullable: false, description: 'Attempts at the next event so far.' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    refused: t.exposeBoolean('refused', {
      nullable: false,
      description: 'The portal refused the next event: nothing more goes out until it is resent.',
    }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Dossier', 'nationalSync', (t) =>
  t.field({
    type: NationalSyncStateRef,
    nullable: true,
    authScopes: { supervisor: true, admin: true },
    description: 'SUPERVISOR/ADMIN: reporting to the national portal; null when nothing was queued.',
    resolve: (dossier, _args, ctx) => nationalSyncState(ctx.prisma, dossier.code),
  }),
);

builder.queryField('dossiersOutOfSync', (t) =>
  t.field({
    type: [NationalSyncStateRef],
    nullable: false,
    authScopes: { supervisor: true, admin: true },
    description: `Dossiers whose next event for the national portal was refused, or queued more than lagMinutes ago and not sent (oldest first).`,
    args: {
      lagMinutes: t.arg.int({ required: false, defaultValue: 15, description: `0..${MAX_LAG_MINUTES}` }),
      limit: t.arg.int({ required: false, defaultValue: 100, description: `1..${MAX_OUT_OF_SYNC}` }),
    },
    resolve: (_root, { lagMinutes, limit }, ctx) =>
      outOfSync(ctx.prisma, { lagMinutes: lagMinutes ?? 15, limit: limit ?? 100 }),
  }),
);

builder.mutationField('resendNationalSync', (t) =>
  t.field({
    type: NationalSyncStateRef,
    nullable: false,
    authScopes: { supervisor: true, admin: true },
    description: "Makes the dossier's unsent events (a refused one included) due now.",
    args: { dossierCode: t.arg.string({ required: true }) },
    resolve: (_root, { dossierCode }, ctx) => resendDossier(ctx.prisma, dossierCode),
  }),
);

interface MappingShape {
  eventType: string;
  statusCode: number;
  updatedAt: Date;
  updatedBy: string | null;
}
const NationalStatusMappingRef = builder.objectRef<MappingShape>('NationalStatusMapping').implement({
  description: 'An engine event and the national status code (1..10) it reports.',
  fields: (t) => ({
    eventType: t.exposeString('eventType', { nullable: false }),
    statusCode: t.exposeInt('statusCode', { nullable: false }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: false }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
  }),
});

builder.queryField('nationalStatusMappings', (t) =>
  t.field({
    type: [NationalStatusMappingRef],
    nullable: false,
    authScopes: { supervisor: true, admin: true },
    description: `Events not listed are not reported. Mappable: ${MAPPABLE_EVENT_TYPES.join(', ')}.`,
    resolve: (_root, _args, ctx) => statusMappings(ctx.prisma),
  }),
);

builder.mutationField('setNationalStatusMapping', (t) =>
  t.field({
    type: NationalStatusMappingRef,
    nullable: true,
    authScopes: { admin: true },
    description:
      'Sets the code an event reports from now on (events already queued keep theirs); statusCode null stops reporting it (answers null).',
    args: {
      eventType: t.arg.string({ required: true }),
      statusCode: t.arg.int({ required: false }),
    },
    resolve: (_root, { eventType, statusCode }, ctx) =>
      setStatusMapping(ctx.prisma, { eventType, statusCode: statusCode ?? null }, ctx.principal?.id ?? null),
  }),
);
