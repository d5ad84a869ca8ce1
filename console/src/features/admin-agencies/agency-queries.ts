// The agency catalog's operations the administrator's agencies page uses.
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';

export const AgenciesQuery = graphql(`
  query AdminAgencies {
    agencies {
      code
      name
      level
      parentCode
      endpointUrl
    }
  }
`);

export const UpsertAgency = graphql(`
  mutation AdminUpsertAgency($input: UpsertAgencyInput!) {
    upsertAgency(input: $input) {
      code
      name
    }
  }
`);

export type Agency = ResultOf<typeof AgenciesQuery>['agencies'][number];
export type AgencyInput = VariablesOf<typeof UpsertAgency>['input'];
