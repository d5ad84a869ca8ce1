// The working calendar as administrators keep it: a year view of working days, weekends, holidays,
// days off and make-up working days; the year's special days with their reasons; adjusting a day;
// loading the year's official schedule file.
import { Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { Notice } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { localDateOf } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { CalendarDaysQuery, KIND_COLORS, kindOf, type CalendarDay, type DayKind } from './calendar-queries';
import { DayModal } from './day-modal';
import { ScheduleUpload } from './schedule-upload';
import { displayDate, YearGrid } from './year-grid';

export function CalendarPage() {
  const thisYear = Number(localDateOf(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const { data, error, reload } = useQuery(CalendarDaysQuery, { from: `${year}-01-01`, to: `${year}-12-31` });
  const [picked, setPicked] = useState<CalendarDay>();
  const [notice, setNotice] = useState<string>();
  const days = data?.calendarDays ?? [];
  const special = days.filter((d) => !['working', 'weeklyRest'].includes(kindOf(d)));
  const done = (message: string) => {
    setPicked(undefined);
    setNotice(message);
    void reload();
  };

  return (
    <Stack>
      <PageHeader title={vi.calendar.title} intro={vi.calendar.intro} introMaw={900}>
        <Select
          label={vi.calendar.year}
          value={String(year)}
          data={Array.from({ length: 5 }, (_, i) => String(thisYear - 1 + i))}
          onChange={(v) => v && setYear(Number(v))}
          allowDeselect={false}
          w={120}
        />
      </PageHeader>
      <ScheduleUpload onLoaded={done} />
      <Notice message={notice} />
      <ErrorAlert error={error} />
      <Group gap="xs" aria-label={vi.calendar.legend} role="group">
        {(Object.keys(KIND_COLORS) as DayKind[]).map((kind) => (
          <Text
            key={kind}
            size="xs"
            px={6}
            style={{ ...KIND_COLORS[kind], border: '1px solid #adb5bd', borderRadius: 4 }}
          >
            {vi.calendar.kinds[kind]}
          </Text>
        ))}
      </Group>
      <YearGrid days={days} onPick={setPicked} />
      <Title order={2} size="h4">
        {vi.calendar.specialDays}
      </Title>
      <Table striped aria-label={vi.calendar.specialDays}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.calendar.date}</Table.Th>
            <Table.Th>{vi.calendar.kind}</Table.Th>
            <Table.Th>{vi.calendar.reason}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {special.map((d) => (
            <Table.Tr key={d.date}>
              <Table.Td>{displayDate(d.date)}</Table.Td>
              <Table.Td>{vi.calendar.kinds[kindOf(d)]}</Table.Td>
              <Table.Td>{d.reason ?? vi.common.none}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {picked && <DayModal day={picked} onClose={() => setPicked(undefined)} onSaved={done} />}
    </Stack>
  );
}
