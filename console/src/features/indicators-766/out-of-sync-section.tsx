// The dossiers whose reporting to the national portal lags (a refused status, or one queued more
// than the API's default 15 minutes and not sent), oldest first, each with a resend button: what a
// supervisor needs to keep the SYNCED indicator up.
import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyRow } from '../../components/empty-row';
import { ApiError, request } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';

const OutOfSyncQuery = graphql(`
  query ConsoleDossiersOutOfSync {
    dossiersOutOfSync {
      dossierCode
      queued
      delivered
      attempts
      lastError
      refused
      nextAttemptAt
    }
  }
`);

const Resend = graphql(`
  mutation ConsoleResendNationalSync($dossierCode: String!) {
    resendNationalSync(dossierCode: $dossierCode) {
      dossierCode
    }
  }
`);

const t = vi.indicators766.outOfSync;

export function OutOfSyncSection() {
  const { data, error, reload } = useQuery(OutOfSyncQuery, {});
  const [busy, setBusy] = useState<string>();
  const [resent, setResent] = useState<string>();
  const [resendError, setResendError] = useState<ApiError>();
  const rows = data?.dossiersOutOfSync ?? [];

  const resend = async (dossierCode: string) => {
    setBusy(dossierCode);
    setResent(undefined);
    setResendError(undefined);
    try {
      await request(Resend, { dossierCode });
      setResent(dossierCode);
      await reload();
    } catch (err) {
      setResendError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Stack gap="xs" mt="md" component="section" aria-labelledby="out-of-sync-title">
      <div>
        <Title order={2} size="h3" id="out-of-sync-title">
          {t.title}
        </Title>
        <Text size="sm" c="gray.8">
          {t.intro}
        </Text>
      </div>
      <ErrorAlert error={error ?? resendError} />
      {resent && (
        <Alert
          color="green"
          role="status"
          styles={{ title: { color: 'var(--mantine-color-green-9)' } }}
          title={t.resent(resent)}
        />
      )}
      <Table striped withTableBorder aria-labelledby="out-of-sync-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{t.state}</Table.Th>
            <Table.Th>{t.delivered}</Table.Th>
            <Table.Th>{t.attempts}</Table.Th>
            <Table.Th>{t.lastError}</Table.Th>
            <Table.Th>{t.nextAttempt}</Table.Th>
            <Table.Th>{vi.inbox.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={7} empty={t.none} />
          {rows.map((r) => (
            <Table.Tr key={r.dossierCode} data-out-of-sync={r.dossierCode}>
              <Table.Td>
                <Link href={`/dossiers/${encodeURIComponent(r.dossierCode)}`}>{r.dossierCode}</Link>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} c={r.refused ? 'red.9' : 'orange.9'}>
                  {r.refused ? t.refused : t.waiting}
                </Text>
              </Table.Td>
              <Table.Td>{t.deliveredValue(r.delivered, r.queued)}</Table.Td>
              <Table.Td>{r.attempts}</Table.Td>
              <Table.Td>
                <Text size="xs" style={{ wordBreak: 'break-word' }}>
                  {r.lastError ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>{r.refused ? '' : formatDateTime(r.nextAttemptAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="outline"
                  aria-label={t.resendLabel(r.dossierCode)}
                  loading={busy === r.dossierCode}
                  disabled={busy !== undefined}
                  onClick={() => void resend(r.dossierCode)}
                >
                  {t.resend}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
