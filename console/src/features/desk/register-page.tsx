// The desk's register (sổ theo dõi hồ sơ) for a day or a period: every dossier its agency received,
// in the order of the book (oldest first, paged by the server), with its due date, where it stands and
// whether its result was handed back; and the printed register (the PDF) for the same period.
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useAgencyDossiersLive } from '../../components/agency-dossiers-live';
import { PeriodInputs } from '../../components/period-inputs';
import { EmptyRow } from '../../components/empty-row';
import { Pager, useCursorPages } from '../../components/pager';
import { formatDateTime, localDateOf, startOfLocalDay } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';

const RegisterQuery = graphql(`
  query DeskRegister(
    $from: DateTime!
    $to: DateTime!
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    dossiers(
      filter: { receivedFrom: $from, receivedTo: $to }
      orderBy: RECEIVED_OLDEST
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      totalCount
      pageInfo {
        hasNextPage
        startCursor
        endCursor
      }
      edges {
        node {
          code
          procedureCode
          status
          receivedAt
          dueAt
          applicantName
          registerVolume
          registerNumber
          resultReturnedAt
          resultReturnedTo
        }
      }
    }
  }
`);

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const PAGE_SIZE = 50;

export function RegisterPage() {
  const catalog = useCatalog();
  const { person } = useSession();
  const pages = useCursorPages(PAGE_SIZE);
  const today = localDateOf(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const { data, error, reload } = useQuery(RegisterQuery, {
    from: startOfLocalDay(valid ? from : today),
    to: startOfLocalDay(nextDay(valid ? to : today)),
    ...pages.window,
  });
  // A dossier received, moved on or handed back shows without reloading the page.
  const live = useAgencyDossiersLive(reload);
  const rows = data?.dossiers.edges.map((e) => e.node) ?? [];
  const pdf =
    valid && person?.agencyCode
      ? `/forms/register.pdf?${new URLSearchParams({ agency: person.agencyCode, from, to })}`
      : undefined;

  return (
    <Stack gap="sm">
      <PageTitle title={vi.desk.registerTitle} intro={vi.desk.registerIntro} live={live} />
      <Group align="flex-end">
        <PeriodInputs
          from={from}
          to={to}
          fromLabel={vi.desk.from}
          toLabel={vi.desk.to}
          onFrom={(day) => {
            setFrom(day);
            pages.reset();
          }}
          onTo={(day) => {
            setTo(day);
            pages.reset();
          }}
        />
        {data && <Text size="sm">{vi.desk.total(data.dossiers.totalCount)}</Text>}
        {pdf && (
          <Button component="a" href={pdf} target="_blank" rel="noopener" variant="default" ml="auto">
            {vi.desk.printRegister}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      <Table striped withTableBorder aria-label={vi.desk.registerTitle}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.desk.registerNo}</Table.Th>
            <Table.Th>{vi.common.dossier}</Table.Th>
            <Table.Th>{vi.desk.receivedAt}</Table.Th>
            <Table.Th>{vi.desk.applicant}</Table.Th>
            <Table.Th>{vi.common.procedure}</Table.Th>
            <Table.Th>{vi.desk.dueAt}</Table.Th>
            <Table.Th>{vi.dossier.status}</Table.Th>
            <Table.Th>{vi.desk.returned}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow rows={rows.length} loaded={!!data} columns={8} />
          {rows.map((d) => (
            <Table.Tr key={d.code}>
              <Table.Td>
                {d.registerNumber != null && (
                  <>
                    <Text size="sm" fw={600}>
                      {d.registerNumber}
                    </Text>
                    {d.registerVolume && (
                      <Text size="xs" c="gray.8">
                        {vi.desk.volume(d.registerVolume)}
                      </Text>
                    )}
                  </>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Link href={`/dossiers/${encodeURIComponent(d.code)}`}>{d.code}</Link>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.receivedAt)}</Table.Td>
              <Table.Td>{d.applicantName}</Table.Td>
              <Table.Td>{catalog.procedureName(d.procedureCode)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.dueAt)}</Table.Td>
              <Table.Td>{vi.statuses[d.status]}</Table.Td>
              <Table.Td>
                {d.resultReturnedAt ? (
                  <Text size="sm">
                    {formatDateTime(d.resultReturnedAt)} · {d.resultReturnedTo}
                  </Text>
                ) : (
                  <Badge color="gray" variant="light" tt="none">
                    {vi.desk.notReturned}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...pages.pagerOf(data?.dossiers)} />
    </Stack>
  );
}
