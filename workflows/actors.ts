import type { Actor } from '../domain/contract/dossier-workflow';

export const SYSTEM_ACTOR: Actor = { kind: 'SYSTEM', id: 'system' };

/** How an actor appears in the audit trail: role, agency and principal id, never a person's name. */
export const actorLabel = (a: Actor) => [a.kind, a.agencyCode, a.id].filter(Boolean).join(':');
