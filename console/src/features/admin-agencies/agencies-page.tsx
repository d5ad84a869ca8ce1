// The agencies taking part in the one-stop chain, as a tree by supervising agency and level.
import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { Notice } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
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
      <PageHeader title={vi.agencies.title} intro={vi.agencies.intro}>
        <Button onClick={() => setEditing({})}>{vi.agencies.add}</Button>
      </PageHeader>
      <Notice message={notice} />
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
