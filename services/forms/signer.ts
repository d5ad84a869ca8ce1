// Who signs a paper for a recorded action. The ONE place that turns the trail's actor into a printed
// name: the person who acted when they signed in with an account (the event's `payload.by`, their
// name and title as recorded then), else the acting API key's label (e.g. "Tư pháp xã") or, without
// one, the agency's name; a SYSTEM action is signed by the agency's own system.
import type { AgencyFacts, Signer } from '../../forms/facts';

export interface SignerDirectory {
  agencies: Map<string, AgencyFacts>;
  /** API key labels by key id. */
  keyLabels: Map<string, string>;
}

/** The officer recorded with an event (`payload.by`), when a signed-in person acted. */
export interface ActingPerson {
  name: string;
  title: string;
}

/** The parts of an actor label as the workflow records it: `KIND:AGENCY:ID` or `KIND:ID`. */
export function parseActorLabel(label: string): { kind: string; agencyCode?: string; id?: string } {
  const [kind, ...rest] = label.split(':');
  if ((kind === 'AGENCY' || kind === 'DESK') && rest.length >= 2)
    return { kind, agencyCode: rest[0], id: rest.slice(1).join(':') };
  return { kind, id: rest.join(':') || undefined };
}

/** `payload.by` of a recorded event, if it names a person (older events and API keys have none). */
export function actingPersonOf(payload: unknown): ActingPerson | undefined {
  const by = (payload as { by?: { name?: unknown; title?: unknown } } | null)?.by;
  const name = typeof by?.name === 'string' ? by.name.trim() : '';
  const title = typeof by?.title === 'string' ? by.title.trim() : '';
  return name ? { name, title } : undefined;
}

/**
 * The signer of an action recorded as `actorLabel` (with `person` when a signed-in person took it),
 * under the heading `role`. `onBehalfOf` is the agency the paper speaks for (a SYSTEM action is
 * signed by that agency's own system).
 */
export function signerOf(
  actorLabel: string | undefined,
  role: string,
  onBehalfOf: AgencyFacts,
  directory: SignerDirectory,
  person?: ActingPerson,
): Signer {
  if (person) return { role, name: person.name, title: person.title || onBehalfOf.name };
  const actor = parseActorLabel(actorLabel ?? 'SYSTEM:system');
  const label = actor.id ? directory.keyLabels.get(actor.id) : undefined;
  const agency = (actor.agencyCode && directory.agencies.get(actor.agencyCode)) || onBehalfOf;
  switch (actor.kind) {
    case 'AGENCY':
    case 'DESK':
      return { role, name: label ?? agency.name, title: agency.name };
    case 'SUPERVISOR':
    case 'ADMIN':
      return { role, name: label ?? 'Cán bộ giám sát', title: onBehalfOf.name };
    case 'PORTAL':
      return { role, name: label ?? 'Cổng dịch vụ công', title: onBehalfOf.name };
    case 'APPLICANT':
      return { role, name: 'Người nộp hồ sơ', title: onBehalfOf.name };
    default:
      return { role, name: onBehalfOf.name, title: 'Hệ thống thông tin giải quyết thủ tục hành chính' };
  }
}

/**
 * Who received the dossier: the officer who submitted it at the counter or from the post when a
 * signed-in person did (the audit trail's submitDossier row: reception records no event with a
 * person), else the desk; the public-service portal online.
 */
export function receiverOf(
  channel: 'ONLINE' | 'COUNTER' | 'POST',
  desk: AgencyFacts,
  submittedBy?: ActingPerson,
): Signer {
  const role = 'NGƯỜI TIẾP NHẬN HỒ SƠ';
  if (channel === 'ONLINE') return { role, name: 'Tiếp nhận trực tuyến', title: desk.name };
  if (submittedBy) return { role, name: submittedBy.name, title: submittedBy.title || desk.name };
  return { role, name: 'Bộ phận Một cửa', title: desk.name };
}
