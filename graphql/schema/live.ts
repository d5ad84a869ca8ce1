// Live progress over SSE (`Accept: text/event-stream`): the read-model writer publishes a small
// reference after each applied update (services/live/live-events.ts); each subscriber re-reads what it may
// see, with the selection it asked for, and gets it.
import type { Principal, Role } from '../../domain/principal';
import { DomainError } from '../../domain/errors';
import {
  ALL_ESCALATIONS_TOPIC,
  agencyDossiersTopic,
  dossierTopic,
  escalationTopic,
  type DossierUpdatedEvent,
  type EscalationRaisedEvent,
} from '../../services/live/live-events';
import { agencyExists } from '../../prisma/read-model/catalog';
import { dossiersVisibleTo, visibleDossierSeq } from '../../prisma/read-model/dossier-filters';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';

builder.subscriptionType({});

// Checked when the subscription starts (scope-auth's authScopes run on each event's resolve).
function requireRole(principal: Principal | null, roles: Role[]): Principal {
  if (!principal || !roles.includes(principal.role))
    throw new DomainError('FORBIDDEN', 'Not allowed for this API key');
  return principal;
}

/**
 * A follower of one agency's topic: that agency's own callers (of `ownRoles`) or a province-wide role
 * (supervisor, admin); the agency must exist.
 */
async function requireAgencyFollower(
  ctx: GraphQLContext,
  agencyCode: string,
  ownRoles: Role[],
  what: string,
): Promise<void> {
  const principal = requireRole(ctx.principal, [...ownRoles, 'SUPERVISOR', 'ADMIN']);
  if (ownRoles.includes(principal.role) && principal.agencyCode !== agencyCode) {
    throw new DomainError(
      'FORBIDDEN',
      `A ${principal.role} caller of ${principal.agencyCode ?? 'no agency'} cannot follow the ${what} of ${agencyCode}`,
    );
  }
  if (!(await agencyExists(ctx.prisma, agencyCode))) {
    throw new DomainError('AGENCY_NOT_FOUND', `No agency ${agencyCode}`);
  }
}

/** The dossier as it now stands, with the caller's selection and visibility (null: not the caller's). */
const visibleDossier = (query: object, code: string, ctx: GraphQLContext) =>
  ctx.prisma.dossier.findFirst({ ...query, where: { AND: [{ code }, dossiersVisibleTo(ctx.principal)] } });

/** The first item, then the source's: a subscriber gets the current state at once, then each change. */
function startWith<T>(first: T, source: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  let sentFirst = false;
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (sentFirst) return source.next();
      sentFirst = true;
      return Promise.resolve({ value: first, done: false });
    },
    return: () => source.return?.() ?? Promise.resolve({ value: undefined, done: true }),
  };
  return iterator;
}

builder.subscriptionField('dossierUpdated', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    description:
      'The dossier now, then again after every change (step started or done, supplement, escalation, apology, completion). ' +
      'DOSSIER_NOT_FOUND when there is no such dossier or, for an AGENCY key, when the agency has no part in it.',
    authScopes: { portal: true, agency: true, desk: true, supervisor: true, admin: true },
    subscribe: async (_root, { code }, ctx) => {
      requireRole(ctx.principal, ['PORTAL', 'AGENCY', 'DESK', 'SUPERVISOR', 'ADMIN']);
      // Listen first, then check: nothing that happens in between is missed.
      const events = await ctx.live.subscribe(dossierTopic(code));
      const seq = await visibleDossierSeq(ctx.prisma, code, ctx.principal).catch(async (err: unknown) => {
        await events.return?.();
        throw err;
      });
      if (seq === null) {
        await events.return?.();
        throw new DomainError('DOSSIER_NOT_FOUND', `No dossier ${code}`);
      }
      return startWith<DossierUpdatedEvent>({ code, seq }, events);
    },
    // Re-read on each event, with the caller's selection and visibility.
    resolve: (query, _event, { code }, ctx) => visibleDossier(query, code, ctx),
  }),
);

builder.subscriptionField('agencyDossiersChanged', (t) =>
  t.prismaField({
    type: 'Dossier',
    nullable: true,
    args: { agencyCode: t.arg.string({ required: true }) },
    description:
      'Each change of a dossier the agency received at its desk or works on: one of its steps started, ended or changed ' +
      '(the inbox), or a dossier it received changed or had its result handed back (the hand-back list, the register). ' +
      'The dossier as it now stands, or null when the caller may not read it (a DESK caller, for a dossier another desk ' +
      'received). The AGENCY and DESK callers of that agency, supervisors and administrators.',
    authScopes: { agency: true, desk: true, supervisor: true, admin: true },
    subscribe: async (_root, { agencyCode }, ctx) => {
      await requireAgencyFollower(ctx, agencyCode, ['AGENCY', 'DESK'], 'dossiers');
      return ctx.live.subscribe(agencyDossiersTopic(agencyCode));
    },
    // Re-read on each event, with the caller's selection and visibility.
    resolve: (query, event: DossierUpdatedEvent, _args, ctx) => visibleDossier(query, event.code, ctx),
  }),
);

builder.subscriptionField('escalationRaised', (t) =>
  t.prismaField({
    type: 'Escalation',
    nullable: true,
    args: { agencyCode: t.arg.string({ required: true }) },
    description:
      'Each escalation raised against the agency or addressed to it (including one climbing to it from a child agency). ' +
      'Supervisors, administrators and the AGENCY key of that agency.',
    authScopes: { agency: true, supervisor: true, admin: true },
    subscribe: async (_root, { agencyCode }, ctx) => {
      await requireAgencyFollower(ctx, agencyCode, ['AGENCY'], 'escalations');
      return ctx.live.subscribe(escalationTopic(agencyCode));
    },
    resolve: (query, event: EscalationRaisedEvent, _args, ctx) =>
      ctx.prisma.escalation.findUnique({ ...query, where: { id: event.escalationId } }),
  }),
);

builder.subscriptionField('escalationChanged', (t) =>
  t.prismaField({
    type: 'Escalation',
    nullable: true,
    description:
      'Each escalation raised, climbed, acknowledged or resolved anywhere in the province, as it now stands: ' +
      "the supervisors' list. Supervisors and administrators.",
    authScopes: { supervisor: true, admin: true },
    subscribe: async (_root, _args, ctx) => {
      requireRole(ctx.principal, ['SUPERVISOR', 'ADMIN']);
      return ctx.live.subscribe(ALL_ESCALATIONS_TOPIC);
    },
    resolve: (query, event: EscalationRaisedEvent, _args, ctx) =>
      ctx.prisma.escalation.findUnique({ ...query, where: { id: event.escalationId } }),
  }),
);
