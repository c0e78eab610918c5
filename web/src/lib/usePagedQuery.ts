import { useInfiniteQuery } from '@tanstack/react-query';
import { getPath } from '../api/client';
import type { CursorPage } from '../api/types';

/**
 * Cursor pagination for `{ items, nextCursor }` endpoints, keyed by path.
 * Pages are flattened into `items`; `fetchNextPage` backs a "Load more" button.
 */
export function usePagedQuery<T>(path: string, limit = 50) {
  const query = useInfiniteQuery({
    queryKey: [path, { limit }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => getPath(path, { signal, query: { limit, cursor: pageParam } }) as Promise<CursorPage<T>>,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}
