import { AppShell, Burger, Divider, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet } from 'react-router';
import { useSession } from '../lib/session';
import { useLiveUpdates } from '../lib/live';
import { Logo } from './Logo';
import { MainNav } from './MainNav';
import { NotificationBell } from './NotificationBell';
import { UserMenu } from './UserMenu';

/** Shell of every signed-in page: header with portal and account, left navigation, content. */
export function AppLayout() {
  const { portal } = useSession();
  const [navOpened, { toggle, close }] = useDisclosure(false);
  useLiveUpdates();

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={{ base: 'md', sm: 'xl' }}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/app" style={{ color: 'inherit', textDecoration: 'none' }} aria-label="SchedulingKit home">
              <Logo size="sm" />
            </Link>
            <Divider orientation="vertical" visibleFrom="xs" />
            <Text fw={600} fz="sm" lineClamp={1} data-testid="portal-name" title={`${portal.name} (${portal.slug})`}>
              {portal.name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar>
        <MainNav onNavigate={close} />
      </AppShell.Navbar>

      <AppShell.Main>
        <div style={{ maxWidth: 1200, marginInline: 'auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
