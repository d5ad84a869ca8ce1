// The agencies taking part in the one-stop chain, as a tree by supervising agency and level.
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { AgencyModal } from './agency-modal';
import { AgenciesQuery, type Agency } from './agency-queries';
import { AgencyTree } from './agency-tree';

export function AgenciesPage() {
  const { data, error, reload } = useQuery(AgenciesQuery, {});
  const [editing, setEditing] = useState<{ agency?: Agency }>();
  const [notice, setNotice] = useState<string>();
  const agencies = data?.agencies ?? [];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {vi.agencies.title}
          </Title>
          <Text size="sm">{vi.agencies.intro}</Text>
        </div>
        <Button onClick={() => setEditing({})}>{vi.agencies.add}</Button>
      </Group>
      {notice && (
        <Alert color="green" role="status" styles={{ message: { color: '#212529' } }}>
          {notice}
        </Alert>
      )}
      <ErrorAlert error={error} />
      <AgencyTree agencies={agencies} onEdit={(agency) => setEditing({ agency })} />
      {editing && (
        <AgencyModal
          agency={editing.agency}
          agencies={agencies}
          onClose={() => setEditing(undefined)}
          onSaved={(message) => {
            setEditing(undefined);
            setNotice(message);
            void reload();
          }}
        />
      )}
    </Stack>
  );
}
