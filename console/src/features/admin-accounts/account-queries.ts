// People's accounts: the operations the administrator's accounts page uses.
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';

export const AccountsQuery = graphql(`
  query AdminAccounts {
    accounts {
      id
      username
      name
      title
      role
      agencyCode
      active
      createdAt
    }
  }
`);

export const CreateAccount = graphql(`
  mutation AdminCreateAccount($input: CreateAccountInput!) {
    createAccount(input: $input) {
      id
      username
    }
  }
`);

export const DeactivateAccount = graphql(`
  mutation AdminDeactivateAccount($id: ID!) {
    deactivateAccount(id: $id) {
      id
      username
    }
  }
`);

export const ResetAccountPassword = graphql(`
  mutation AdminResetAccountPassword($id: ID!, $password: String!) {
    resetAccountPassword(id: $id, password: $password) {
      id
      username
    }
  }
`);

export type Account = NonNullable<ResultOf<typeof AccountsQuery>['accounts']>[number];
export type AccountInput = VariablesOf<typeof CreateAccount>['input'];
