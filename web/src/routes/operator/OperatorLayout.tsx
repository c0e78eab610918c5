import { AppShell, Badge, Box, Burger, Button, Divider, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconBuildingSkyscraper,
  IconChartBar,
  IconCreditCardOff,
  IconDoorExit,
  IconHistory,
  IconKey,
  IconLogout,
  type Icon,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../../api';
import { Logo } from '../../components/Logo';
import { errorMessage } from '../../lib/errors';
import { useInstance } from '../../lib/instance';
import { operatorMeQuery } from './operatorApi';
import { client, unwrap } from '../../api/client';

interface Item {
  label: string;
  to: string;
  icon: Icon;
  billing?: boolean;
}

const items: Item[] = [
  { label: 'Overview', to: '/operator/overview', icon: IconChartBar },
  { label: 'Portals', to: '/operator/portals', icon: IconBuildingSkyscraper },
  { label: 'Cancellations', to: '/operator/cancellations', icon: IconDoorExit },
  { label: 'Failed payments', to: '/operator/failed-payments', icon: IconCreditCardOff, billing: true },
  { label: 'Invoice archive', to: '/operator/invoice-archive', icon: IconArchive },
  { label: 'Operator log', to: '/operator/audit', icon: IconHistory },
  { label: 'Your password', to: '/operator/password', icon: IconKey },
];

/** Shell of the operator console: its own header, navigation and account, apart from any portal. */
export function OperatorLayout() {
  const { data: me } = useQuery(operatorMeQuery);
  const { billing } = useInstance();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [navOpened, { toggle, close }] = useDisclosure(false);

  // A session that ends (expired, logged out elsewhere) sends the operator back to the log-in.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        if (String(event.query.queryKey[0]).startsWith('/api/operator') && isApiError(event.action.error, 'UNAUTHENTICATED')) {
          void navigate('/operator', { replace: true });
        }
      }),
    [queryClient, navigate],
  );

  const logout = useMutation({
    mutationFn: () => unwrap(client.POST('/api/operator/auth/logout')),
    onSuccess: async () => {
      await navigate('/operator', { replace: true });
      queryClient.clear();
      notifications.show({ message: 'You are logged out of the operator console.', color: 'gray' });
    },
    onError: (error) => notifications.show({ title: 'Could not log out', message: errorMessage(error), color: 'red' }),
  });

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={{ base: 'md', sm: 'xl' }}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/operator/overview" style={{ color: 'inherit', textDecoration: 'none' }} aria-label="Operator console home">
              <Logo size="sm" />
            </Link>
            <Divider orientation="vertical" visibleFrom="xs" />
            <Text fw={600} fz="sm" visibleFrom="xs">
              Operator console
            </Text>
            {!billing ? (
              <Badge variant="light" color="gray">
                Self-hosted
              </Badge>
            ) : null}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Box visibleFrom="sm" ta="right" style={{ lineHeight: 1.1 }}>
              <Text fz="sm" fw={600}>
                {me?.name}
              </Text>
              <Text fz="xs" c="dimmed">
                {me?.email}
              </Text>
            </Box>
            <Button variant="default" size="xs" leftSection={<IconLogout size={14} />} loading={logout.isPending} onClick={() => logout.mutate()}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <AppShell.Section grow component={ScrollArea} p="sm">
          <nav aria-label="Operator console">
            {items
              .filter((i) => billing || !i.billing)
              .map((item) => {
                const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
                const ItemIcon = item.icon;
                return (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<ItemIcon size={18} stroke={1.7} />}
                    active={active}
                    aria-current={active ? 'page' : undefined}
                    onClick={close}
                    styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
                  />
                );
              })}
          </nav>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1200, marginInline: 'auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
