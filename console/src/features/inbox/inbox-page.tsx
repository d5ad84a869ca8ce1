// An agency officer's inbox: the agency's steps to act on, soonest due first (the API's order), with
// overdue and due-soon marks. Acting opens the step's form; the list changes only once the engine
// has accepted the action (the mutation answered), never before. It reloads by itself when a step of
// the agency starts, ends or changes (agencyDossiersChanged), so a step that just arrived shows.
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { Pager, useCursorPages } from '../../components/pager';
import { useCatalog } from '../../components/catalog';
import { useAgencyDossiersLive } from '../../components/agency-dossiers-live';
import { PageTitle } from '../../components/page-title';
import { EmptyRow } from '../../components/empty-row';
import { formatDateTime } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { StepActionModal } from './step-action-modal';

const PAGE_SIZE = 50;

const InboxQuery = graphql(`
  query ConsoleInbox($first: Int, $after: String, $last: Int, $before: String) {
    agencyInbox(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          key
          name
          status
          dueAt
          warnedAt
          startedAt
          dossier {
            code
            procedureCode
            dueAt
          }
        }
      }
    }
  }
`);

export type InboxStep = ResultOf<typeof InboxQuery>['agencyInbox']['edges'][number]['node'];

export function urgencyOf(step: { dueAt: string | null; warnedAt: string | null }, now = Date.now()) {
  if (step.dueAt && Date.parse(step.dueAt) < now) return 'overdue' as const;
  if (step.warnedAt) return 'dueSoon' as const;
  return 'inTime' as const;
}

const URGENCY = {
  overdue: { color: 'red', label: vi.inbox.overdue },
  dueSoon: { color: 'orange', label: vi.inbox.dueSoon },
  inTime: { color: 'green', label: vi.inbox.inTime },
};

export function InboxPage() {
  const catalog = useCatalog();
  const pages = useCursorPages(PAGE_SIZE);
  const { data, error, reload } = useQuery(InboxQuery, pages.window);
  const live = useAgencyDossiersLive(reload);
  const [acting, setActing] = useState<InboxStep>();
  const [notice, setNotice] = useState<string>();
  const rows = data?.agencyInbox.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="sm">
      <PageTitle title={vi.inbox.title} intro={vi.inbox.intro} live={live} />
      {notice && (
        <Text c="#1e6b30" role="status">
          {notice}
        </Text>
      )}
      <ErrorAlert error={error} />
      <Table striped highlightOnHover withTableBorder aria-label={vi.inbox.title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.inbox.state}</Table.Th>
            <Table.Th>{vi.inbox.due}</Table.Th>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{vi.common.procedure}</Table.Th>
            <Table.Th>{vi.inbox.step}</Table.Th>
            <Table.Th>{vi.inbox.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={6} />
          {rows.map((step) => {
            const urgency = URGENCY[urgencyOf(step)];
            return (
              <Table.Tr key={`${step.dossier.code}/${step.key}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge
                    color={urgency.color}
                    variant="dot"
                    tt="none"
                    size="md"
                    style={{ overflow: 'visible' }}
                  >
                    {step.status === 'ACTIVE' ? urgency.label : vi.stepStatuses[step.status]}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(step.dueAt)}</Table.Td>
                <Table.Td>
                  <Link href={`/dossiers/${encodeURIComponent(step.dossier.code)}`}>{step.dossier.code}</Link>
                </Table.Td>
                <Table.Td>{catalog.procedureName(step.dossier.procedureCode)}</Table.Td>
                <Table.Td>{step.name}</Table.Td>
                <Table.Td>
                  {step.status === 'ACTIVE' && (
                    <Button
                      size="xs"
                      onClick={() => setActing(step)}
                      aria-label={`${vi.inbox.act} ${step.dossier.code}`}
                    >
                      {vi.inbox.act}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Pager {...pages.pagerOf(data?.agencyInbox)} />
      {acting && (
        <StepActionModal
          step={acting}
          onClose={() => setActing(undefined)}
          onAccepted={(message) => {
            setActing(undefined);
            setNotice(message);
            void reload();
          }}
        />
      )}
    </Stack>
  );
}
