// One procedure for administrators: its versions (each kept whole: a dossier keeps the version it
// started with), the chosen version's steps as a table and a graph, its document components, and
// the way to a new version.
import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useCatalog } from '../../components/catalog';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../lib/format';
import { Link, navigate, useLocation } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { vi } from '../../text/vi';
import { DefinitionGraph } from './definition-graph';
import { ProcedureQuery } from './procedure-queries';

export function ProcedurePage({ code }: { code: string }) {
  const { search } = useLocation();
  const asked = Number(search.get('version')) || null;
  const published = Number(search.get('published')) || null;
  const { data, error, loading } = useQuery(ProcedureQuery, { code, version: asked });
  const { agencyName } = useCatalog();
  const p = data?.procedure;
  const base = `/admin/procedures/${encodeURIComponent(code)}`;

  if (!p) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {vi.procedures.title}: {code}
        </Title>
        <ErrorAlert error={error} />
        <Text>{loading ? vi.common.loading : vi.procedures.notFound}</Text>
      </Stack>
    );
  }
  const facts: [string, string][] = [
    [vi.procedures.code, p.code],
    [vi.procedures.field, p.field ?? vi.common.none],
    [vi.procedures.level, p.level ? vi.levels[p.level] : vi.common.none],
    [vi.procedures.onlineLevel, vi.procedures.onlineLevels[p.onlineLevel]],
    [vi.procedures.receivingAgency, agencyName(p.receivingAgencyCode)],
    [vi.procedures.totalWorkingDays, p.totalWorkingDays.toLocaleString('vi-VN')],
    [vi.procedures.criticalPath, vi.procedures.days(p.criticalPathWorkingDays)],
    [vi.procedures.feeVnd, p.feeVnd == null ? vi.common.none : p.feeVnd.toLocaleString('vi-VN')],
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {p.name}
          </Title>
          <Text size="sm">{vi.procedures.savedAt(formatDateTime(p.createdAt))}</Text>
        </div>
        <Group align="flex-end">
          <Select
            label={vi.procedures.version}
            value={String(p.version)}
            data={[...p.versions].reverse().map((v) => ({
              value: String(v.version),
              label: `${vi.procedures.versionOf(v.version, p.currentVersion)} · ${formatDateTime(v.createdAt)}`,
            }))}
            onChange={(v) => v && navigate(`${base}?version=${v}`)}
            allowDeselect={false}
            w={340}
          />
          <Button component={Link} href={`${base}/edit`}>
            {vi.procedures.newVersion}
          </Button>
        </Group>
      </Group>
      {published && (
        <Alert color="green" role="status" styles={{ message: { color: '#212529' } }}>
          {vi.editor.published(p.code, published)}
        </Alert>
      )}
      {p.version !== p.currentVersion && (
        <Alert color="yellow" styles={{ message: { color: '#212529' } }}>
          {vi.procedures.olderVersion(p.version, p.currentVersion)}
        </Alert>
      )}
      <SimpleGrid cols={4}>
        {facts.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="gray.8">
              {label}
            </Text>
            <Text size="sm" fw={600}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {vi.procedures.graph}
        </Title>
        <DefinitionGraph steps={p.steps} agencyName={agencyName} label={vi.procedures.graph} />
      </Card>
      <Title order={2} size="h4">
        {vi.procedures.steps}
      </Title>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vi.editor.stepKey}</Table.Th>
            <Table.Th>{vi.editor.stepName}</Table.Th>
            <Table.Th>{vi.editor.stepAgency}</Table.Th>
            <Table.Th>{vi.editor.workingDays}</Table.Th>
            <Table.Th>{vi.editor.mode}</Table.Th>
            <Table.Th>{vi.editor.after}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.steps.map((s) => (
            <Table.Tr key={s.key}>
              <Table.Td>{s.key}</Table.Td>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{agencyName(s.agencyCode)}</Table.Td>
              <Table.Td>{s.workingDays.toLocaleString('vi-VN')}</Table.Td>
              <Table.Td>{vi.editor.modes[s.mode]}</Table.Td>
              <Table.Td>{s.after.join(', ') || vi.common.none}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {p.components.length > 0 && (
        <>
          <Title order={2} size="h4">
            {vi.procedures.components}
          </Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{vi.editor.componentCode}</Table.Th>
                <Table.Th>{vi.editor.componentName}</Table.Th>
                <Table.Th>{vi.editor.required}</Table.Th>
                <Table.Th>{vi.editor.originals}</Table.Th>
                <Table.Th>{vi.editor.certifiedCopies}</Table.Th>
                <Table.Th>{vi.editor.photocopies}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.components.map((c) => (
                <Table.Tr key={c.code}>
                  <Table.Td>{c.code}</Table.Td>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.required ? vi.common.yes : vi.common.no}</Table.Td>
                  <Table.Td>{c.originals}</Table.Td>
                  <Table.Td>{c.certifiedCopies}</Table.Td>
                  <Table.Td>{c.photocopies}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
