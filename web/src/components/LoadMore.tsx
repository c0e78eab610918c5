import { Button, Center, Text } from '@mantine/core';

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  count: number;
  noun: string;
}

export function LoadMore({ hasNextPage, isFetchingNextPage, onLoadMore, count, noun }: LoadMoreProps) {
  return (
    <Center py="md">
      {hasNextPage ? (
        <Button variant="default" onClick={onLoadMore} loading={isFetchingNextPage}>
          Load more
        </Button>
      ) : (
        <Text fz="xs" c="dimmed">
          {count === 1 ? `1 ${noun}` : `${count} ${noun}s`} · that is everything
        </Text>
      )}
    </Center>
  );
}
