// The procedure catalog for administrators: search by code or name (and field), open a procedure's
// versions, start a new procedure.
import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { Link } from '../../lib/router';
import { matchesSearch } from '../../lib/search';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { ProceduresQuery } from './procedure-queries';

export function ProceduresPage() {
  const { data, error } = useQuery(ProceduresQuery, {});
  const { agencyName } = useCatalog();
  const [search, setSearch] = useState('');
  const [field, setField] = useState<string | null>(null);
  const all = data?.procedures ?? [];
  const fields = [...new Set(all.map((p) => p.field).filter((f): f is string => !!f))].sort();
  const shown = all.filter(
    (p) => (!field || p.field === field) && matchesSearch(`${p.code} ${p.name}`, search),
  );

  return (
    <Stack>
      <PageHeader title={vi.procedures.title} intro={vi.procedures.intro}>
        <Button component={Link} href="/admin/procedures/new">
          {vi.procedures.newProcedure}
        </Button>
      </PageHeader>
      <Group align="flex-end">
        <TextInput
          label={vi.procedures.searchLabel}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={360}
        />
        <Select
          label={vi.procedures.field}
          data={fields}
          value={field}
          onChange={setField}
          clearable
          placeholder={vi.common.all}
          w={260}
        />
        <Text size="sm" pb={6}>
          {vi.procedures.count(shown.length)}
        </Text>
      </Group>
      <ErrorAlert error={error} />
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.procedures.code}</Table.Th>
            <Table.Th>{vi.procedures.name}</Table.Th>
            <Table.Th>{vi.procedures.field}</Table.Th>
            <Table.Th>{vi.procedures.receivingAgency}</Table.Th>
            <Table.Th>{vi.procedures.totalWorkingDays}</Table.Th>
            <Table.Th>{vi.procedures.version}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((p) => (
            <Table.Tr key={p.code}>
              <Table.Td>
                <Link href={`/admin/procedures/${encodeURIComponent(p.code)}`}>{p.code}</Link>
              </Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.field ?? vi.common.none}</Table.Td>
              <Table.Td>{agencyName(p.receivingAgencyCode)}</Table.Td>
              <Table.Td>{p.totalWorkingDays.toLocaleString('vi-VN')}</Table.Td>
              <Table.Td>{p.version}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data && shown.length === 0 && <Text>{vi.common.empty}</Text>}
    </Stack>
  );
}
