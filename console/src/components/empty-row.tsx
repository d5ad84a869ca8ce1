// A table's one row while it has none to show: "loading" until the first answer, then the page's
// words for an empty list, spanning every column so it reads as a sentence.
import { Table } from '@mantine/core';
import { vi } from '../text/vi';

export function EmptyRow({
  rows,
  loaded,
  columns,
  empty = vi.common.empty,
}: {
  rows: number;
  loaded: boolean;
  columns: number;
  empty?: string;
}) {
  if (rows > 0) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>{loaded ? empty : vi.common.loading}</Table.Td>
    </Table.Tr>
  );
}
