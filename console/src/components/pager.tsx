// Server pagination by relay cursors: pages of a fixed size, previous / next.
import { Button, Group, Text } from '@mantine/core';
import { vi } from '../text/vi';

export interface PageCursor {
  after?: string | null;
  before?: string | null;
  index: number;
}

export function Pager(props: {
  pageSize: number;
  index: number;
  shown: number;
  total: number;
  hasNext: boolean;
  hasPrevious: boolean;
  onNext(): void;
  onPrevious(): void;
}) {
  const from = props.total === 0 ? 0 : props.index * props.pageSize + 1;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm">{vi.common.page(from, from + props.shown - (props.shown ? 1 : 0), props.total)}</Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={!props.hasPrevious} onClick={props.onPrevious}>
          {vi.common.previous}
        </Button>
        <Button variant="default" size="xs" disabled={!props.hasNext} onClick={props.onNext}>
          {vi.common.next}
        </Button>
      </Group>
    </Group>
  );
}
