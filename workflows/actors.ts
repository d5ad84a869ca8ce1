import type { Actor } from '../domain/contract/dossier-workflow';

export const SYSTEM_ACTOR: Actor = { kind: 'SYSTEM', id: 'system' };
