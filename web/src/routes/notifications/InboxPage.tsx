import { Anchor, Badge, Box, Button, Group, NativeSelect, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconBell, IconSettings } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime, formatRelative } from '../../lib/format';
import {
  fetchNotifications,
  KIND_SHORT,
  NOTIFICATION_KINDS,
  NOTIFICATIONS_KEY,
  useMarkRead,
  type AppNotification,
  type NotificationKind,
} from '../../lib/notifications';
import { text as allText } from './text';

const text = allText.inbox;
const PAGE = 30;

/** /app/notifications: every notification, newest first, filtered by unread and kind, a page at a time. */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const unread = params.get('unread') === '1';
  const kindParam = params.get('kind');
  const kind = NOTIFICATION_KINDS.includes(kindParam as NotificationKind) ? (kindParam as NotificationKind) : null;
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const list = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'inbox', { unread, kind }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => fetchNotifications({ unread, kind, limit: PAGE, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = list.data?.pages[0]?.unreadCount ?? 0;

  const setFilter = (key: 'unread' | 'kind', value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    void navigate(n.url);
  };

  let body;
  if (list.isError) body = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.isPending && items.length === 0) {
    body = <EmptyPanel icon={<IconBell size={28} />} title={text.emptyTitle} description={unread || kind ? text.emptyFiltered : text.empty} />;
  } else {
    body = (
      <>
        <Paper withBorder radius="md">
          <Stack component="ul" aria-label={text.list} gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((n, i) => (
              <Box component="li" key={n.id} px="md" py="sm" style={{ borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined }}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <Group gap="sm" align="flex-start" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Box
                      w={8}
                      h={8}
                      mt={7}
                      aria-label={n.readAt ? undefined : text.unread}
                      role={n.readAt ? undefined : 'img'}
                      style={{ borderRadius: 4, flexShrink: 0, background: n.readAt ? 'transparent' : 'var(--mantine-color-blue-6)' }}
                    />
                    <Box style={{ minWidth: 0 }}>
                      <Anchor
                        href={n.url}
                        fz="sm"
                        fw={n.readAt ? 500 : 700}
                        onClick={(e) => {
                          e.preventDefault();
                          open(n);
                        }}
                      >
                        {n.title}
                      </Anchor>
                      {n.body ? (
                        <Text fz="sm" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-line' }}>
                          {n.body}
                        </Text>
                      ) : null}
                      <Group gap="xs" mt={4}>
                        <Badge size="xs" variant="light" color="gray">
                          {KIND_SHORT[n.kind] ?? n.kind}
                        </Badge>
                        <Text fz="xs" c="dimmed" title={formatDateTime(n.createdAt)}>
                          {formatRelative(n.createdAt)}
                        </Text>
                      </Group>
                    </Box>
                  </Group>
                  {!n.readAt ? (
                    <Button size="compact-xs" variant="subtle" aria-label={text.markRead(n.title)} onClick={() => markRead.mutate({ ids: [n.id] })}>
                      {text.markReadShort}
                    </Button>
                  ) : null}
                </Group>
              </Box>
            ))}
          </Stack>
        </Paper>
        <LoadMore
          hasNextPage={!!list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          count={items.length}
          noun={text.noun}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={text.title}
        description={text.description}
        actions={
          <>
            <Button variant="default" component={Link} to="/app/settings/notifications" leftSection={<IconSettings size={16} />}>
              {text.settings}
            </Button>
            <Button disabled={!unreadCount} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              {text.markAllRead}
            </Button>
          </>
        }
      />
      <Group mb="md" gap="lg" align="flex-end" wrap="wrap">
        <Switch label={text.unreadOnly} checked={unread} onChange={(e) => setFilter('unread', e.currentTarget.checked ? '1' : null)} />
        <NativeSelect
          label={text.kind}
          value={kind ?? ''}
          onChange={(e) => setFilter('kind', e.currentTarget.value || null)}
          data={[{ value: '', label: text.allKinds }, ...NOTIFICATION_KINDS.map((k) => ({ value: k, label: KIND_SHORT[k] }))]}
          w={220}
        />
      </Group>
      {body}
    </>
  );
}
