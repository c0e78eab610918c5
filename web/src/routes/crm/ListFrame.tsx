import { Paper, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import type { usePagedQuery } from '../../lib/usePagedQuery';

interface ListFrameProps<T> {
  list: ReturnType<typeof usePagedQuery<T>>;
  columns: number;
  head: ReactNode;
  row: (item: T) => ReactNode;
  /** For "Load more": "{count} {noun}s". */
  noun: string;
  plural: string;
  /** Shown when nothing matches: a search or filter is on. */
  filtered: boolean;
  empty: { icon: ReactNode; title: string; description: string; action?: ReactNode };
}

/** A CRM table: loading skeleton, error with retry, empty states, rows, "Load more". */
export function ListFrame<T>({ list, columns, head, row, noun, plural, filtered, empty }: ListFrameProps<T>) {
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.isPending && list.items.length === 0) {
    return filtered ? (
      <EmptyPanel icon={empty.icon} title={`No ${plural} match`} description="Try another search or clear the filters." />
    ) : (
      <EmptyPanel {...empty} />
    );
  }
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>{head}</Table.Tr>
          </Table.Thead>
          {list.isPending ? <TableSkeleton columns={columns} rows={6} /> : <Table.Tbody>{list.items.map(row)}</Table.Tbody>}
        </Table>
      </Table.ScrollContainer>
      {!list.isPending ? (
        <LoadMore
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          count={list.items.length}
          noun={noun}
        />
      ) : null}
    </Paper>
  );
}
