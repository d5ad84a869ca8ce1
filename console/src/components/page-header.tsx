// The head of an administration page: its title and what it is for on the left, the page's main action
// (a button, a year picker) on the right, aligned with the intro's last line.
import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  intro,
  introMaw,
  children,
}: {
  title: string;
  intro: string;
  /** A long intro wraps at this width instead of running under the action. */
  introMaw?: number;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text size="sm" maw={introMaw}>
          {intro}
        </Text>
      </div>
      {children}
    </Group>
  );
}
