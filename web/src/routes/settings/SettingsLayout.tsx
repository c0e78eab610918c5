import { Badge, Box, Button, Group, ScrollArea } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBell,
  IconCalendarTime,
  IconCalendarUser,
  IconDeviceMobile,
  IconCreditCard,
  IconDatabaseExport,
  IconHistory,
  IconKey,
  IconLayoutKanban,
  IconMail,
  IconUserCircle,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useInstance } from '../../lib/instance';
import { isAdminRole, useSession } from '../../lib/session';

interface SettingsItem {
  label: string;
  to: string;
  icon: Icon;
  adminOnly?: boolean;
  /** Only on hosted servers (BILLING=on). */
  billing?: boolean;
}

const items: SettingsItem[] = [
  { label: 'Profile', to: '/app/settings/profile', icon: IconUserCircle },
  { label: 'Notifications', to: '/app/settings/notifications', icon: IconBell },
  { label: 'Availability', to: '/app/settings/availability', icon: IconCalendarTime },
  { label: 'Calendars', to: '/app/settings/calendars', icon: IconCalendarUser },
  { label: 'App passwords', to: '/app/settings/app-passwords', icon: IconDeviceMobile },
  { label: 'Users', to: '/app/settings/users', icon: IconUsers },
  { label: 'API tokens', to: '/app/settings/tokens', icon: IconKey },
  { label: 'Pipelines', to: '/app/settings/pipelines', icon: IconLayoutKanban },
  { label: 'Audit log', to: '/app/settings/audit', icon: IconHistory, adminOnly: true },
  { label: 'Outbox', to: '/app/settings/outbox', icon: IconMail, adminOnly: true },
  { label: 'Billing', to: '/app/settings/billing', icon: IconCreditCard, adminOnly: true, billing: true },
  { label: 'Data', to: '/app/settings/data', icon: IconDatabaseExport, adminOnly: true },
  { label: 'Delete portal', to: '/app/settings/delete-portal', icon: IconAlertTriangle, adminOnly: true },
];

/** Settings shell: a row of section links under the title, the section below. */
export function SettingsLayout() {
  const { pathname } = useLocation();
  const { role } = useSession();
  const admin = isAdminRole(role);
  const { billing } = useInstance();

  return (
    <>
      <PageHeader title="Settings" documentTitle={false} description="Your profile, your team and the portal." />
      <Box component="nav" aria-label="Settings" mb="xl" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <ScrollArea type="hover" scrollbarSize={4}>
          <Group gap={4} wrap="nowrap" pb={8}>
            {items
              .filter((item) => billing || !item.billing)
              .map((item) => {
                const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
                const ItemIcon = item.icon;
                return (
                  <Button
                    key={item.to}
                    component={Link}
                    to={item.to}
                    aria-current={active ? 'page' : undefined}
                    variant={active ? 'light' : 'subtle'}
                    color={active ? undefined : 'gray'}
                    size="sm"
                    leftSection={<ItemIcon size={16} stroke={1.8} />}
                    rightSection={
                      item.adminOnly && !admin ? (
                        <Badge size="xs" variant="light" color="gray">
                          Admin
                        </Badge>
                      ) : undefined
                    }
                    styles={{ root: { flexShrink: 0 }, label: { fontWeight: active ? 600 : 500 } }}
                  >
                    {item.label}
                  </Button>
                );
              })}
          </Group>
        </ScrollArea>
      </Box>
      <Outlet />
    </>
  );
}
