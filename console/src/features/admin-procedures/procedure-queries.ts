// The catalog's operations the administrator's procedure pages use.
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';

export const ProceduresQuery = graphql(`
  query AdminProcedures {
    procedures {
      code
      name
      field
      version
      totalWorkingDays
      receivingAgencyCode
      onlineLevel
    }
  }
`);

export const ProcedureQuery = graphql(`
  query AdminProcedure($code: String!, $version: Int) {
    procedure(code: $code, version: $version) {
      code
      version
      currentVersion
      createdAt
      name
      field
      level
      onlineLevel
      feeVnd
      description
      totalWorkingDays
      criticalPathWorkingDays
      receivingAgencyCode
      versions {
        version
        createdAt
      }
      steps {
        key
        name
        agencyCode
        workingDays
        mode
        kind
        after
        description
      }
      policy {
        warningBeforeWorkingDays
        escalationLevel2AfterWorkingDays
        maxSupplementWaitWorkingDays
      }
      components {
        code
        name
        required
        originals
        certifiedCopies
        photocopies
      }
    }
  }
`);

export const UpsertProcedure = graphql(`
  mutation AdminUpsertProcedure($input: ProcedureInput!) {
    upsertProcedure(input: $input) {
      version
      created
    }
  }
`);

/** The engine's check of a draft, without publishing it. */
export const ProcedureProblems = graphql(`
  query AdminProcedureProblems($input: ProcedureInput!) {
    procedureProblems(input: $input) {
      path
      code
      message
    }
  }
`);

export type StoredProcedure = NonNullable<ResultOf<typeof ProcedureQuery>['procedure']>;
export type ProcedureInput = VariablesOf<typeof UpsertProcedure>['input'];
