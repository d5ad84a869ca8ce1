// Late dossiers: in progress and overdue or due within the chosen working days, most overdue first
// (the API orders by due time, the same order as how far past due in working time), by agency and
// procedure, paged by the server so thousands of rows never reach the page at once.
import { Badge, Group, Select, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { Pager, useCursorPages } from '../../components/pager';
import { useCatalog } from '../../components/catalog';
import { PageTitle } from '../../components/page-title';
import { EmptyRow } from '../../components/empty-row';
import { formatDateTime, formatWorkingDuration } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';

const PAGE_SIZE = 50;

const LateQuery = graphql(`
  query ConsoleLateDossiers(
    $filter: DossierFilter
    $orderBy: DossierOrder!
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    dossiers(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          code
          procedureCode
          receivedAt
          dueAt
          currentAgencies
          workingMinutesPastDue
        }
      }
    }
  }
`);

export function LateDossiersPage() {
  const catalog = useCatalog();
  const [within, setWithin] = useState('2');
  const [agency, setAgency] = useState<string | null>(null);
  const [procedure, setProcedure] = useState<string | null>(null);
  const [order, setOrder] = useState<'DUE_SOONEST' | 'RECEIVED_NEWEST'>('DUE_SOONEST');
  const pages = useCursorPages(PAGE_SIZE);
  const filter = {
    status: ['IN_PROGRESS' as const],
    dueWithinWorkingDays: Number(within),
    agencyCode: agency,
    procedureCode: procedure,
  };
  const { data, error } = useQuery(LateQuery, { filter, orderBy: order, ...pages.window });
  const rows = data?.dossiers.edges.map((e) => e.node) ?? [];

  return (
    <Stack gap="sm">
      <PageTitle title={vi.late.title} intro={vi.late.intro} />
      <Group align="flex-end">
        <Select
          label={vi.late.within}
          value={within}
          allowDeselect={false}
          onChange={(v) => {
            setWithin(v ?? '2');
            pages.reset();
          }}
          data={['0', '1', '2', '3', '5'].map((n) => ({ value: n, label: vi.late.withinDays(Number(n)) }))}
          w={210}
        />
        <Select
          label={vi.common.agency}
          placeholder={vi.common.all}
          clearable
          searchable
          value={agency}
          onChange={(v) => {
            setAgency(v);
            pages.reset();
          }}
          data={catalog.agencies.map((a) => ({ value: a.code, label: a.name }))}
          w={280}
        />
        <Select
          label={vi.common.procedure}
          placeholder={vi.common.all}
          clearable
          searchable
          value={procedure}
          onChange={(v) => {
            setProcedure(v);
            pages.reset();
          }}
          data={catalog.procedures.map((p) => ({ value: p.code, label: `${p.code} · ${p.name}` }))}
          w={320}
        />
        <Select
          label={vi.late.sort}
          value={order}
          allowDeselect={false}
          onChange={(v) => {
            setOrder((v as typeof order) ?? 'DUE_SOONEST');
            pages.reset();
          }}
          data={[
            { value: 'DUE_SOONEST', label: vi.late.sortMostOverdue },
            { value: 'RECEIVED_NEWEST', label: vi.late.sortNewest },
          ]}
          w={220}
        />
      </Group>
      <ErrorAlert error={error} />
      <Table striped highlightOnHover withTableBorder aria-label={vi.late.title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{vi.common.procedure}</Table.Th>
            <Table.Th>{vi.late.currentAgencies}</Table.Th>
            <Table.Th>{vi.late.received}</Table.Th>
            <Table.Th>{vi.late.due}</Table.Th>
            <Table.Th>{vi.late.pastDue}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={6} />
          {rows.map((d) => {
            const past = d.workingMinutesPastDue ?? 0;
            return (
              <Table.Tr key={d.code}>
                <Table.Td>
                  <Link href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</Link>
                </Table.Td>
                <Table.Td>{catalog.procedureName(d.procedureCode)}</Table.Td>
                <Table.Td>{d.currentAgencies.map(catalog.agencyName).join(', ')}</Table.Td>
                <Table.Td>{formatDateTime(d.receivedAt)}</Table.Td>
                <Table.Td>{formatDateTime(d.dueAt)}</Table.Td>
                <Table.Td>
                  <Badge
                    color={past > 0 ? 'red' : 'orange'}
                    variant="dot"
                    tt="none"
                    style={{ overflow: 'visible' }}
                  >
                    {past > 0
                      ? vi.late.overdueBy(formatWorkingDuration(past))
                      : vi.late.remaining(formatWorkingDuration(past))}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Pager {...pages.pagerOf(data?.dossiers)} />
    </Stack>
  );
}
