import { Avatar, Badge, Box, Button, Divider, Group, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../lib/errors';
import { roleLabels, useSession } from '../lib/session';
import { initials } from '../lib/initials';
import { client, unwrap } from '../api/client';

/**
 * Account popover in the header. Its entries are plain buttons ("Profile",
 * "Log out") rather than ARIA menu items so they can be found by role button.
 */
export function UserMenu() {
  const { user, role, portal } = useSession();
  const [opened, { close, toggle }] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const logout = useMutation({
    mutationFn: () => unwrap(client.POST('/api/auth/logout')),
    onSuccess: async () => {
      close();
      await navigate(`/login?portal=${encodeURIComponent(portal.slug)}`, { replace: true });
      queryClient.clear();
      notifications.show({ message: 'You are logged out.', color: 'gray' });
    },
    onError: (error) => {
      notifications.show({ title: 'Could not log out', message: errorMessage(error), color: 'red' });
    },
  });

  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-end" width={260} shadow="md" withinPortal>
      <Popover.Target>
        <UnstyledButton
          onClick={toggle}
          aria-label={`Account menu for ${user.name}`}
          px="xs"
          py={6}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          className="skit-hover"
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={32}>
              {initials(user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.1 }}>
              <Text fz="sm" fw={600} lineClamp={1}>
                {user.name}
              </Text>
              <Text fz="xs" c="dimmed" lineClamp={1}>
                {user.email}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label="Account">
        <Stack gap={2} px="xs" py={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text fz="sm" fw={600} lineClamp={1}>
              {user.name}
            </Text>
            <Badge size="xs" variant="light">
              {roleLabels[role]}
            </Badge>
          </Group>
          <Text fz="xs" c="dimmed" lineClamp={1}>
            {user.email}
          </Text>
          <Text fz="xs" c="dimmed" lineClamp={1}>
            {portal.name}
          </Text>
        </Stack>
        <Divider my={6} />
        <Stack gap={2}>
          <Button
            variant="subtle"
            color="gray"
            justify="flex-start"
            fullWidth
            leftSection={<IconUserCircle size={16} />}
            onClick={() => {
              close();
              void navigate('/app/settings/profile');
            }}
          >
            Profile
          </Button>
          <Button
            variant="subtle"
            color="red"
            justify="flex-start"
            fullWidth
            leftSection={<IconLogout size={16} />}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
          >
            Log out
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
