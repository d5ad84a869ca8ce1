// Supervisors' escalations: open and acknowledged ones (or resolved, on request) by level, agency and
// dossier with their age in working time; acknowledge, resolve with a note. The list reloads when
// any escalation changes in the province (subscription escalationChanged), so a new one appears
// without reloading the page.
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ModalActions } from '../../components/modal-actions';
import { Pager, useCursorPages } from '../../components/pager';
import { useCatalog } from '../../components/catalog';
import { PageTitle } from '../../components/page-title';
import { EmptyRow } from '../../components/empty-row';
import { ApiError, request } from '../../lib/api';
import { formatDateTime, formatWorkingDuration } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useLiveReload } from '../../lib/use-live-reload';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';

const PAGE_SIZE = 50;

const EscalationsQuery = graphql(`
  query ConsoleEscalations(
    $filter: EscalationFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    escalations(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          id
          dossierCode
          stepKey
          reason
          agencyCode
          targetAgencyCode
          level
          status
          raisedAt
          ageWorkingMinutes
          acknowledgedBy
          note
        }
      }
    }
  }
`);

const EscalationChanged = graphql(`
  subscription ConsoleEscalationChanged {
    escalationChanged {
      id
      status
    }
  }
`);

const Acknowledge = graphql(`
  mutation ConsoleAcknowledgeEscalation($input: EscalationActionInput!) {
    acknowledgeEscalation(input: $input) {
      code
    }
  }
`);

const Resolve = graphql(`
  mutation ConsoleResolveEscalation($input: EscalationActionInput!) {
    resolveEscalation(input: $input) {
      code
    }
  }
`);

type Escalation = ResultOf<typeof EscalationsQuery>['escalations']['edges'][number]['node'];

const STATUS_COLOR: Record<string, string> = { OPEN: 'red', ACKNOWLEDGED: 'yellow', RESOLVED: 'green' };

export function EscalationsPage() {
  const catalog = useCatalog();
  const [status, setStatus] = useState('ACTIVE');
  const [level, setLevel] = useState<string | null>(null);
  const [agency, setAgency] = useState<string | null>(null);
  const [dossier, setDossier] = useState('');
  const pages = useCursorPages(PAGE_SIZE);
  const filter = {
    status:
      status === 'ACTIVE'
        ? (['OPEN', 'ACKNOWLEDGED'] as const)
        : ([status] as unknown as ['OPEN' | 'ACKNOWLEDGED' | 'RESOLVED']),
    level: level ? Number(level) : null,
    agencyCode: agency,
    dossierCode: dossier.trim() || null,
  };
  const { data, error, reload } = useQuery(EscalationsQuery, {
    filter: { ...filter, status: [...filter.status] },
    ...pages.window,
  });
  const [acting, setActing] = useState<{ kind: 'ack' | 'resolve'; escalation: Escalation }>();
  const [notice, setNotice] = useState<string>();
  // Reload on every change anywhere; bursts (many escalations at once) reload once.
  const live = useLiveReload(EscalationChanged, {}, reload, (event) => {
    if (event.escalationChanged?.status === 'OPEN') setNotice(vi.escalations.newArrived);
  });

  const rows = data?.escalations.edges.map((e) => e.node) ?? [];
  const total = data?.escalations.totalCount ?? 0;

  return (
    <Stack gap="sm">
      <PageTitle title={vi.escalations.title} intro={vi.escalations.intro} live={live} />
      <Group align="flex-end">
        <Select
          label={vi.escalations.status}
          value={status}
          allowDeselect={false}
          onChange={(v) => {
            setStatus(v ?? 'ACTIVE');
            pages.reset();
          }}
          data={[
            { value: 'ACTIVE', label: vi.escalations.active },
            { value: 'OPEN', label: vi.escalations.statuses.OPEN },
            { value: 'ACKNOWLEDGED', label: vi.escalations.statuses.ACKNOWLEDGED },
            { value: 'RESOLVED', label: vi.escalations.statuses.RESOLVED },
          ]}
        />
        <Select
          label={vi.escalations.level}
          placeholder={vi.common.all}
          clearable
          value={level}
          onChange={(v) => {
            setLevel(v);
            pages.reset();
          }}
          data={[
            { value: '1', label: vi.escalations.levelValue(1) },
            { value: '2', label: vi.escalations.levelValue(2) },
          ]}
          w={120}
        />
        <Select
          label={vi.escalations.responsible}
          placeholder={vi.common.all}
          clearable
          searchable
          value={agency}
          onChange={(v) => {
            setAgency(v);
            pages.reset();
          }}
          data={catalog.agencies.map((a) => ({ value: a.code, label: a.name }))}
          w={300}
        />
        <TextInput
          label={vi.common.dossier}
          placeholder="Mã hồ sơ"
          value={dossier}
          onChange={(e) => {
            setDossier(e.currentTarget.value);
            pages.reset();
          }}
        />
      </Group>
      {notice && (
        <Text size="sm" c="blue.9" role="status">
          {notice}
        </Text>
      )}
      <ErrorAlert error={error} />
      <Text size="sm" fw={600}>
        {vi.escalations.count(total)}
      </Text>
      <Table striped highlightOnHover withTableBorder aria-label={vi.escalations.title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.escalations.status}</Table.Th>
            <Table.Th>{vi.escalations.level}</Table.Th>
            <Table.Th>{vi.escalations.reason}</Table.Th>
            <Table.Th>{vi.escalations.responsible}</Table.Th>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{vi.escalations.raisedAt}</Table.Th>
            <Table.Th>{vi.escalations.age}</Table.Th>
            <Table.Th>{vi.inbox.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={8} />
          {rows.map((e) => (
            <Table.Tr key={e.id} data-escalation-id={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge
                  color={STATUS_COLOR[e.status]}
                  variant="dot"
                  tt="none"
                  styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}
                >
                  {vi.escalations.statuses[e.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{vi.escalations.levelValue(e.level)}</Table.Td>
              <Table.Td>{vi.escalations.reasons[e.reason]}</Table.Td>
              <Table.Td>
                {catalog.agencyName(e.agencyCode)}
                {e.level > 1 && (
                  <Text size="xs" c="gray.8">
                    {vi.escalations.target}:{' '}
                    {catalog.agencyName(e.targetAgencyCode) || vi.escalations.province}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Link href={`/dossiers/${encodeURIComponent(e.dossierCode)}`}>{e.dossierCode}</Link>
              </Table.Td>
              <Table.Td>{formatDateTime(e.raisedAt)}</Table.Td>
              <Table.Td>{formatWorkingDuration(e.ageWorkingMinutes)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {e.status === 'OPEN' && (
                    <Button size="xs" onClick={() => setActing({ kind: 'ack', escalation: e })}>
                      {vi.escalations.acknowledge}
                    </Button>
                  )}
                  {e.status !== 'RESOLVED' && (
                    <Button
                      size="xs"
                      variant="outline"
                      onClick={() => setActing({ kind: 'resolve', escalation: e })}
                    >
                      {vi.escalations.resolve}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...pages.pagerOf(data?.escalations)} />
      {acting && (
        <EscalationActionModal
          kind={acting.kind}
          escalation={acting.escalation}
          onClose={() => setActing(undefined)}
          onDone={(message) => {
            setActing(undefined);
            setNotice(message);
            void reload();
          }}
        />
      )}
    </Stack>
  );
}

function EscalationActionModal(props: {
  kind: 'ack' | 'resolve';
  escalation: Escalation;
  onClose(): void;
  onDone(message: string): void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const ack = props.kind === 'ack';

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const input = { escalationId: props.escalation.id, note: note.trim() || null };
      if (ack) await request(Acknowledge, { input });
      else await request(Resolve, { input });
      props.onDone(ack ? vi.escalations.acknowledged : vi.escalations.resolved);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': vi.common.close }}
      onClose={props.onClose}
      title={ack ? vi.escalations.acknowledgeTitle : vi.escalations.resolveTitle}
    >
      <Stack>
        <Text size="sm">
          {vi.common.dossier} {props.escalation.dossierCode} ·{' '}
          {vi.escalations.reasons[props.escalation.reason]} ·{' '}
          {vi.escalations.levelValue(props.escalation.level)}
        </Text>
        {!ack && (
          <Textarea
            label={vi.escalations.resolveNote}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={1000}
          />
        )}
        <ModalActions
          error={error}
          sending={busy}
          confirmLabel={ack ? vi.escalations.acknowledge : vi.escalations.resolve}
          onConfirm={() => void send()}
          onCancel={props.onClose}
        />
      </Stack>
    </Modal>
  );
}
