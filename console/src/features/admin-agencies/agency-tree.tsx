// Agencies as a tree: each under the agency that supervises it, higher levels first, then by name.
import { Badge, Button, Group, Text } from '@mantine/core';
import { vi } from '../../text/vi';
import type { Agency } from './agency-queries';

const RANK: Record<string, number> = { CENTRAL: 0, PROVINCE: 1, DISTRICT: 2, COMMUNE: 3 };
const byLevelThenName = (a: Agency, b: Agency) =>
  RANK[a.level] - RANK[b.level] || a.name.localeCompare(b.name, 'vi');

export function AgencyTree({
  agencies,
  onEdit,
}: {
  agencies: readonly Agency[];
  onEdit(agency: Agency): void;
}) {
  const known = new Set(agencies.map((a) => a.code));
  const children = new Map<string | null, Agency[]>();
  for (const a of agencies) {
    // An agency whose parent is not in the catalog is shown at the top rather than lost.
    const parent = a.parentCode && known.has(a.parentCode) ? a.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const branch = (parent: string | null) => (
    <ul style={{ listStyle: 'none', paddingLeft: parent ? 24 : 0, margin: 0 }}>
      {(children.get(parent) ?? []).sort(byLevelThenName).map((a) => (
        <li key={a.code} aria-label={a.name}>
          <Group gap="xs" py={3} style={{ borderBottom: '1px solid #e9ecef' }}>
            <Badge variant="light" color="gray" miw={104} tt="none" styles={{ label: { color: '#212529' } }}>
              {vi.levels[a.level]}
            </Badge>
            <Text size="sm" fw={600}>
              {a.name}
            </Text>
            <Text size="xs" c="gray.8" ff="monospace">
              {a.code}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => onEdit(a)}
              aria-label={vi.agencies.edit(a.name)}
            >
              {vi.common.edit}
            </Button>
          </Group>
          {children.has(a.code) && branch(a.code)}
        </li>
      ))}
    </ul>
  );
  return <nav aria-label={vi.agencies.tree}>{branch(null)}</nav>;
}
