import { AppShell, NavLink, ScrollArea } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { isActivePath, mainNav, settingsNav, type NavItem } from './navItems';

function Item({ item, pathname, onNavigate }: { item: NavItem; pathname: string; onNavigate?: () => void }) {
  const active = isActivePath(pathname, item);
  const Icon = item.icon;
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={item.label}
      leftSection={<Icon size={18} stroke={1.7} />}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
      styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
    />
  );
}

/** Left navigation of the app shell. `onNavigate` closes the mobile drawer. */
export function MainNav({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation();
  return (
    <>
      <AppShell.Section grow component={ScrollArea} p="sm">
        <nav aria-label="Main">
          {mainNav.map((item) => (
            <Item key={item.to} item={item} pathname={pathname} onNavigate={onNavigate} />
          ))}
        </nav>
      </AppShell.Section>
      <AppShell.Section p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Item item={settingsNav} pathname={pathname} onNavigate={onNavigate} />
      </AppShell.Section>
    </>
  );
}
