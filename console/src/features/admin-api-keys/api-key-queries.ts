// API keys: the operations the administrator's keys page uses (hashes never leave the server).
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';

export const ApiKeysQuery = graphql(`
  query AdminApiKeys {
    apiKeys {
      id
      prefix
      role
      agencyCode
      label
      createdAt
      revokedAt
      lastUsedAt
    }
  }
`);

export const CreateApiKey = graphql(`
  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
      }
    }
  }
`);

export const RevokeApiKey = graphql(`
  mutation AdminRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export type ApiKey = NonNullable<ResultOf<typeof ApiKeysQuery>['apiKeys']>[number];
export type ApiKeyInput = VariablesOf<typeof CreateApiKey>['input'];
