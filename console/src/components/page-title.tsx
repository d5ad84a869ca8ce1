// The head of a working page (inbox, desk, supervision): its title and one line saying what it shows,
// in a softer grey so the eye goes to the list below; on the right, whether the page follows changes
// live, for the pages that do.
import { Group, Text, Title } from '@mantine/core';
import { LiveStatus } from './live-status';

export function PageTitle({ title, intro, live }: { title: string; intro: string; live?: boolean }) {
  const head = (
    <div>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text size="sm" c="gray.8">
        {intro}
      </Text>
    </div>
  );
  if (live === undefined) return head;
  return (
    <Group justify="space-between" align="flex-end">
      {head}
      <LiveStatus live={live} />
    </Group>
  );
}
