// Server pagination by relay cursors: pages of a fixed size, previous / next. `useCursorPages` keeps
// where the reader is; `Pager` shows "rows a–b of n" and the two buttons.
import { Button, Group, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { vi } from '../text/vi';

interface PageCursor {
  index: number;
  after?: string;
  before?: string;
}

/** What a relay connection answers that paging needs. */
export interface PagedConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; startCursor?: string | null; endCursor?: string | null };
  edges: readonly unknown[];
}

type PagerProps = Parameters<typeof Pager>[0];

/**
 * The page being read: `window` goes into the query's variables (first/after or last/before),
 * `reset` goes back to the first page (when a filter changes), `pagerOf` gives Pager its props.
 */
export function useCursorPages(pageSize: number) {
  const [page, setPage] = useState<PageCursor>({ index: 0 });
  const reset = useCallback(() => setPage({ index: 0 }), []);
  const window = page.before
    ? { last: pageSize, before: page.before }
    : { first: pageSize, after: page.after ?? null };
  const pagerOf = (connection: PagedConnection | undefined): PagerProps => ({
    pageSize,
    index: page.index,
    shown: connection?.edges.length ?? 0,
    total: connection?.totalCount ?? 0,
    // Coming back from a later page: the pages after this one exist.
    hasNext: page.before ? true : (connection?.pageInfo.hasNextPage ?? false),
    hasPrevious: page.index > 0,
    onNext: () => setPage({ index: page.index + 1, after: connection?.pageInfo.endCursor ?? undefined }),
    onPrevious: () =>
      setPage(
        page.index <= 1
          ? { index: 0 }
          : { index: page.index - 1, before: connection?.pageInfo.startCursor ?? undefined },
      ),
  });
  return { window, reset, pagerOf };
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
