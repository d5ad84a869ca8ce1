// Who signs a paper for a recorded action. The ONE place that turns the audit trail's actor into a
// printed name: today the acting API key's label (e.g. "Tư pháp xã") or, without one, the agency's
// name; when people sign in with accounts, this becomes the person's name and title.
import type { AgencyFacts, Signer } from '../../forms/facts';

export interface SignerDirectory {
  agencies: Map<string, AgencyFacts>;
  /** API key labels by key id. */
  keyLabels: Map<string, string>;
}

/** The parts of an actor label as the workflow records it: `KIND:AGENCY:ID` or `KIND:ID`. */
export function parseActorLabel(label: string): { kind: string; agencyCode?: string; id?: string } {
  const [kind, ...rest] = label.split(':');
  if (kind === 'AGENCY' && rest.length >= 2)
    return { kind, agencyCode: rest[0], id: rest.slice(1).join(':') };
  return { kind, id: rest.join(':') || undefined };
}

/**
 * The signer of an action recorded as `actorLabel`, under the heading `role`. `onBehalfOf` is the
 * agency the paper speaks for (a SYSTEM action is signed by that agency's own system).
 */
export function signerOf(
  actorLabel: string | undefined,
  role: string,
  onBehalfOf: AgencyFacts,
  directory: SignerDirectory,
): Signer {
  const actor = parseActorLabel(actorLabel ?? 'SYSTEM:system');
  const label = actor.id ? directory.keyLabels.get(actor.id) : undefined;
  const agency = (actor.agencyCode && directory.agencies.get(actor.agencyCode)) || onBehalfOf;
  switch (actor.kind) {
    case 'AGENCY':
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

/** Who received the dossier: the desk for counter and post, the public-service portal online. */
export function receiverOf(channel: 'ONLINE' | 'COUNTER' | 'POST', desk: AgencyFacts): Signer {
  return channel === 'ONLINE'
    ? { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: 'Tiếp nhận trực tuyến', title: desk.name }
    : { role: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: 'Bộ phận Một cửa', title: desk.name };
}
