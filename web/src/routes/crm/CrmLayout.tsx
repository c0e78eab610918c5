import { Box, Button, Group, ScrollArea } from '@mantine/core';
import { IconAddressBook, IconBuilding, IconLayoutKanban, IconUserSearch, type Icon } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

const sections: { label: string; to: string; icon: Icon }[] = [
  { label: 'Contacts', to: '/app/crm/contacts', icon: IconAddressBook },
  { label: 'Companies', to: '/app/crm/companies', icon: IconBuilding },
  { label: 'Leads', to: '/app/crm/leads', icon: IconUserSearch },
  { label: 'Deals', to: '/app/crm/deals', icon: IconLayoutKanban },
];

/** The CRM area: its sections as a row of links, the section below. */
export function CrmLayout() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="CRM" documentTitle={false} description="Contacts, companies, leads and the deal pipeline." />
      <Box component="nav" aria-label="CRM" mb="xl" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <ScrollArea type="hover" scrollbarSize={4}>
          <Group gap={4} wrap="nowrap" pb={8}>
            {sections.map((s) => {
              const active = pathname === s.to || pathname.startsWith(`${s.to}/`);
              const SectionIcon = s.icon;
              return (
                <Button
                  key={s.to}
                  component={Link}
                  to={s.to}
                  aria-current={active ? 'page' : undefined}
                  variant={active ? 'light' : 'subtle'}
                  color={active ? undefined : 'gray'}
                  size="sm"
                  leftSection={<SectionIcon size={16} stroke={1.8} />}
                  styles={{ root: { flexShrink: 0 }, label: { fontWeight: active ? 600 : 500 } }}
                >
                  {s.label}
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
