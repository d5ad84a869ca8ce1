// The lists of the signed-in person's agency (the officers' inbox, the desk's hand-back list and
// register) reload when a dossier the agency received or works on changes (agencyDossiersChanged).
import { graphql } from '../lib/graphql';
import { useLiveReload } from '../lib/use-live-reload';
import { useSession } from '../lib/session';

const AgencyDossiersChanged = graphql(`
  subscription ConsoleAgencyDossiersChanged($agencyCode: String!) {
    agencyDossiersChanged(agencyCode: $agencyCode) {
      code
    }
  }
`);

/** Whether the list follows its agency live (undefined for a person without an agency). */
export function useAgencyDossiersLive(reload: () => unknown): boolean | undefined {
  const { person } = useSession();
  const agencyCode = person?.agencyCode;
  return useLiveReload(AgencyDossiersChanged, agencyCode ? { agencyCode } : undefined, reload);
}
