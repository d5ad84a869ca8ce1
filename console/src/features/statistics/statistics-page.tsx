// Statistics for a period, by agency or by procedure, as a province office reads them: received
// (by channel) and carried over from the previous period, resolved early / on time / late and the on-time rate, in progress within and past the
// deadline, waiting for supplements, refused, withdrawn. A table, two charts, and a CSV download.
import { Button, Group, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { PeriodInputs } from '../../components/period-inputs';
import { localDateOf, percent, startOfLocalDay } from '../../lib/format';
import { graphql, type ResultOf } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { StatisticsCharts } from './statistics-charts';
import { LabelledChoice } from '../../components/labelled-choice';

const StatsQuery = graphql(`
  query ConsoleStatistics($from: DateTime!, $to: DateTime!, $groupBy: StatsGroupBy!) {
    performanceStats(from: $from, to: $to, groupBy: $groupBy) {
      asOf
      rows {
        ...StatsRow
      }
      totals {
        ...StatsRow
      }
    }
  }
  fragment StatsRow on PerformanceStatsRow {
    key
    name
    received
    receivedOnline
    receivedCounter
    receivedPost
    carriedOver
    doneEarly
    doneOnTime
    doneLate
    onTimeRate
    inProgressOnTime
    inProgressOverdue
    waitingSupplement
    refused
    withdrawn
  }
`);

export type StatsRow = ResultOf<typeof StatsQuery>['performanceStats']['totals'];

export const COLUMNS: { key: keyof StatsRow; label: string }[] = [
  { key: 'received', label: vi.stats.received },
  { key: 'receivedOnline', label: vi.stats.online },
  { key: 'receivedCounter', label: vi.stats.counter },
  { key: 'receivedPost', label: vi.stats.post },
  // Not among `received` nor the figures after it, which count the period's dossiers (README, "Statistics").
  { key: 'carriedOver', label: vi.stats.carriedOver },
  { key: 'doneEarly', label: vi.stats.doneEarly },
  { key: 'doneOnTime', label: vi.stats.doneOnTime },
  { key: 'doneLate', label: vi.stats.doneLate },
  { key: 'onTimeRate', label: vi.stats.onTimeRate },
  { key: 'inProgressOnTime', label: vi.stats.inProgressOnTime },
  { key: 'inProgressOverdue', label: vi.stats.inProgressOverdue },
  { key: 'waitingSupplement', label: vi.stats.waitingSupplement },
  { key: 'refused', label: vi.stats.refused },
  { key: 'withdrawn', label: vi.stats.withdrawn },
];

const cell = (row: StatsRow, key: keyof StatsRow) =>
  key === 'onTimeRate' ? percent(row.onTimeRate) : String(row[key] ?? '');

function toCsv(rows: StatsRow[], totals: StatsRow): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const header = ['Mã', vi.stats.name, ...COLUMNS.map((c) => c.label)];
  const line = (r: StatsRow, name: string) =>
    [r.key, name, ...COLUMNS.map((c) => (c.key === 'onTimeRate' ? (r.onTimeRate ?? '') : r[c.key]))]
      .map((v) => quote(String(v ?? '')))
      .join(',');
  // A byte-order mark so spreadsheet programs read the Vietnamese letters as UTF-8.
  return (
    '\uFEFF' +
    [
      header.map(quote).join(','),
      ...rows.map((r) => line(r, r.name ?? r.key)),
      line(totals, vi.stats.total),
    ].join('\r\n')
  );
}

export function StatisticsPage() {
  const today = localDateOf(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [groupBy, setGroupBy] = useState<'AGENCY' | 'PROCEDURE'>('AGENCY');
  // `to` is the last day shown, inclusive: the query's bound is the next day's start.
  const toExclusive = new Date(Date.parse(startOfLocalDay(to)) + 86_400_000).toISOString();
  const { data, error } = useQuery(StatsQuery, { from: startOfLocalDay(from), to: toExclusive, groupBy });
  const stats = data?.performanceStats;

  const download = () => {
    if (!stats) return;
    const blob = new Blob([toCsv(stats.rows, stats.totals)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `thong-ke-${groupBy === 'AGENCY' ? 'co-quan' : 'thu-tuc'}-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {vi.stats.title}
      </Title>
      <Group align="flex-end">
        <PeriodInputs
          from={from}
          to={to}
          fromLabel={vi.stats.from}
          toLabel={vi.stats.to}
          onFrom={setFrom}
          onTo={setTo}
        />
        <LabelledChoice<typeof groupBy>
          label={vi.stats.groupBy}
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'AGENCY', label: vi.stats.byAgency },
            { value: 'PROCEDURE', label: vi.stats.byProcedure },
          ]}
        />
        <Button variant="outline" onClick={download} disabled={!stats}>
          {vi.stats.exportCsv}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {stats && <StatisticsCharts rows={stats.rows} />}
      <Table.ScrollContainer minWidth={1100}>
        <Table striped withTableBorder withColumnBorders fz="xs" aria-label={vi.stats.title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{groupBy === 'AGENCY' ? vi.stats.byAgency : vi.stats.byProcedure}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c.key}>{c.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!stats && (
              <Table.Tr>
                <Table.Td colSpan={COLUMNS.length + 1}>{vi.common.loading}</Table.Td>
              </Table.Tr>
            )}
            {stats?.rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.name ?? r.key}</Table.Td>
                {COLUMNS.map((c) => (
                  <Table.Td key={c.key}>{cell(r, c.key)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
            {stats && (
              <Table.Tr fw={700}>
                <Table.Td>{vi.stats.total}</Table.Td>
                {COLUMNS.map((c) => (
                  <Table.Td key={c.key}>{cell(stats.totals, c.key)}</Table.Td>
                ))}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
