// People's accounts for administrators: who can sign in, with which role and agency; create an
// account, lock one, set a new password.
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { Notice } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { formatDate } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { AccountActionModal } from './account-action-modal';
import { AccountsQuery, type Account } from './account-queries';
import { CreateAccountModal } from './create-account-modal';

type Dialog = { kind: 'create' } | { kind: 'deactivate' | 'reset'; account: Account };

export function AccountsPage() {
  const { data, error, reload } = useQuery(AccountsQuery, {});
  const { agencyName } = useCatalog();
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();
  const done = (message: string) => {
    setDialog(undefined);
    setNotice(message);
    void reload();
  };

  return (
    <Stack>
      <PageHeader title={vi.accounts.title} intro={vi.accounts.intro}>
        <Button onClick={() => setDialog({ kind: 'create' })}>{vi.accounts.create}</Button>
      </PageHeader>
      <Notice message={notice} />
      <ErrorAlert error={error} />
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.accounts.username}</Table.Th>
            <Table.Th>{vi.accounts.name}</Table.Th>
            <Table.Th>{vi.accounts.role}</Table.Th>
            <Table.Th>{vi.accounts.agency}</Table.Th>
            <Table.Th>{vi.accounts.createdAt}</Table.Th>
            <Table.Th>{vi.accounts.status}</Table.Th>
            <Table.Th>{vi.common.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.accounts ?? []).map((a) => (
            <Table.Tr key={a.id} data-username={a.username}>
              <Table.Td ff="monospace">{a.username}</Table.Td>
              <Table.Td>
                {a.name}
                <Text size="xs" c="gray.8">
                  {a.title}
                </Text>
              </Table.Td>
              <Table.Td>{vi.roles[a.role] ?? a.role}</Table.Td>
              <Table.Td>{a.agencyCode ? agencyName(a.agencyCode) : vi.common.none}</Table.Td>
              <Table.Td>{formatDate(a.createdAt)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} c={a.active ? undefined : 'gray.7'}>
                  {a.active ? vi.accounts.active : vi.accounts.inactive}
                </Text>
              </Table.Td>
              <Table.Td>
                {a.active && (
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setDialog({ kind: 'reset', account: a })}
                    >
                      {vi.accounts.resetPassword}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setDialog({ kind: 'deactivate', account: a })}
                    >
                      {vi.accounts.deactivate}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {dialog?.kind === 'create' && (
        <CreateAccountModal onClose={() => setDialog(undefined)} onSaved={done} />
      )}
      {dialog && dialog.kind !== 'create' && (
        <AccountActionModal
          kind={dialog.kind}
          account={dialog.account}
          onClose={() => setDialog(undefined)}
          onDone={done}
        />
      )}
    </Stack>
  );
}
