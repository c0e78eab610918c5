import { ActionIcon, Anchor, Box, Button, Divider, Group, Indicator, Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { formatRelative } from '../lib/format';
import { fetchNotifications, NOTIFICATIONS_KEY, useMarkRead, type AppNotification } from '../lib/notifications';

/** What the bell says, in one place (issue 15 moves it into the catalogue). */
const text = {
  button: (unread: number) => (unread ? `Notifications, ${unread} unread` : 'Notifications'),
  live: (unread: number) => (unread === 1 ? '1 unread notification' : `${unread} unread notifications`),
  heading: 'Notifications',
  markAllRead: 'Mark all read',
  empty: 'Nothing new. You are all caught up.',
  inbox: 'Open the inbox',
};

const LATEST = 5;

/** The header's bell: the unread count (announced when it changes), the latest few, mark all read, the inbox. */
export function NotificationBell() {
  const [opened, { close, toggle }] = useDisclosure(false);
  const navigate = useNavigate();
  const latest = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'latest'],
    queryFn: ({ signal }) => fetchNotifications({ limit: LATEST }, signal),
    // The live stream refreshes it at once; this only covers a stream that is down.
    refetchInterval: 60_000,
  });
  const markRead = useMarkRead();
  const unread = latest.data?.unreadCount ?? 0;

  const open = (n: AppNotification) => {
    close();
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    void navigate(n.url);
  };

  return (
    <>
      <VisuallyHidden aria-live="polite" data-testid="unread-announcement">
        {latest.data ? text.live(unread) : ''}
      </VisuallyHidden>
      <Popover opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-end" width={340} shadow="md" withinPortal>
        <Popover.Target>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} offset={6} disabled={!unread} color="red">
            <ActionIcon variant="subtle" color="gray" size="lg" radius="xl" onClick={toggle} aria-label={text.button(unread)} aria-expanded={opened}>
              <IconBell size={20} stroke={1.7} />
            </ActionIcon>
          </Indicator>
        </Popover.Target>
        <Popover.Dropdown p={0} maw="calc(100vw - 16px)">
          <Box role="dialog" aria-label={text.heading}>
            <Group justify="space-between" px="md" py="xs">
              <Text fw={600} fz="sm">
                {text.heading}
              </Text>
              <Button size="compact-xs" variant="subtle" disabled={!unread} loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
                {text.markAllRead}
              </Button>
            </Group>
            <Divider />
            <Stack gap={0} mah={360} style={{ overflowY: 'auto' }}>
              {latest.data?.items.length ? (
                latest.data.items.map((n) => (
                  <UnstyledButton
                    key={n.id}
                    onClick={() => open(n)}
                    px="md"
                    py="xs"
                    className="skit-hover"
                    aria-label={`${n.readAt ? '' : 'Unread: '}${n.title}`}
                  >
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <Box
                        w={8}
                        h={8}
                        mt={6}
                        style={{ borderRadius: 4, flexShrink: 0, background: n.readAt ? 'transparent' : 'var(--mantine-color-blue-6)' }}
                      />
                      <Box style={{ minWidth: 0 }}>
                        <Text fz="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                          {n.title}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {formatRelative(n.createdAt)}
                        </Text>
                      </Box>
                    </Group>
                  </UnstyledButton>
                ))
              ) : (
                <Text fz="sm" c="dimmed" px="md" py="md">
                  {text.empty}
                </Text>
              )}
            </Stack>
            <Divider />
            <Box px="md" py="xs">
              <Anchor component={Link} to="/app/notifications" fz="sm" onClick={close}>
                {text.inbox}
              </Anchor>
            </Box>
          </Box>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}
