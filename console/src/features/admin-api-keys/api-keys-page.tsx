// API keys for administrators: which systems may connect, with which role, when each key was last
// used (to find keys nobody uses any more); create a key, revoke one.
import { Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { Notice } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { ApiKeysQuery, type ApiKey } from './api-key-queries';
import { CreateApiKeyModal } from './create-api-key-modal';
import { keyName, RevokeApiKeyModal } from './revoke-api-key-modal';

export function ApiKeysPage() {
  const { data, error, reload } = useQuery(ApiKeysQuery, {});
  const { agencyName } = useCatalog();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();
  const [notice, setNotice] = useState<string>();

  return (
    <Stack>
      <PageHeader title={vi.apiKeys.title} intro={vi.apiKeys.intro}>
        <Button onClick={() => setCreating(true)}>{vi.apiKeys.create}</Button>
      </PageHeader>
      <Notice message={notice} />
      <ErrorAlert error={error} />
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.apiKeys.label}</Table.Th>
            <Table.Th>{vi.apiKeys.prefix}</Table.Th>
            <Table.Th>{vi.apiKeys.role}</Table.Th>
            <Table.Th>{vi.apiKeys.agency}</Table.Th>
            <Table.Th>{vi.apiKeys.createdAt}</Table.Th>
            <Table.Th>{vi.apiKeys.lastUsedAt}</Table.Th>
            <Table.Th>{vi.apiKeys.status}</Table.Th>
            <Table.Th>{vi.common.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.apiKeys ?? []).map((k) => (
            <Table.Tr key={k.id} data-key-id={k.id}>
              <Table.Td>{k.label ?? vi.common.none}</Table.Td>
              <Table.Td ff="monospace">{k.prefix}</Table.Td>
              <Table.Td>{vi.apiKeys.roles[k.role] ?? k.role}</Table.Td>
              <Table.Td>{k.agencyCode ? agencyName(k.agencyCode) : vi.common.none}</Table.Td>
              <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
              <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : vi.apiKeys.neverUsed}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} c={k.revokedAt ? 'gray.7' : undefined}>
                  {k.revokedAt ? vi.apiKeys.revoked(formatDateTime(k.revokedAt)) : vi.apiKeys.active}
                </Text>
              </Table.Td>
              <Table.Td>
                {!k.revokedAt && (
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => setRevoking(k)}
                    aria-label={`${vi.apiKeys.revoke} ${keyName(k)}`}
                  >
                    {vi.apiKeys.revoke}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {creating && (
        <CreateApiKeyModal
          onClose={(created) => {
            setCreating(false);
            if (created) void reload();
          }}
        />
      )}
      {revoking && (
        <RevokeApiKeyModal
          apiKey={revoking}
          onClose={() => setRevoking(undefined)}
          onDone={(message) => {
            setRevoking(undefined);
            setNotice(message);
            void reload();
          }}
        />
      )}
    </Stack>
  );
}
