import { Button, Card, Group, SimpleGrid, Text, ThemeIcon, Title } from '@mantine/core';
import { IconKey, IconUserPlus, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { mainNav } from '../../components/navItems';
import { isAdminRole, roleLabels, useSession } from '../../lib/session';

const blurbs: Record<string, string> = {
  '/app/crm': 'Contacts, companies and deals.',
  '/app/tasks': 'Projects and tasks for your team.',
  '/app/calendar': 'Meetings and smart scheduling.',
  '/app/drive': 'Files shared with your team.',
  '/app/automations': 'Workflows that run on their own.',
};

export function HomePage() {
  const { user, role, portal } = useSession();
  const firstName = user.name.trim().split(/\s+/)[0] || user.name;
  const modules = mainNav.filter((item) => item.to in blurbs);

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={
          <>
            You are in <b>{portal.name}</b> as {roleLabels[role].toLowerCase()}.
          </>
        }
      />

      <Title order={2} fz="lg" mb="sm">
        Your workspace
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" mb="xl">
        {modules.map((item) => {
          const Icon = item.icon;
          return (
            <Card key={item.to} component={Link} to={item.to} withBorder radius="md" padding="lg" className="skit-hover">
              <ThemeIcon variant="light" size={40} radius="md" mb="sm" aria-hidden>
                <Icon size={22} />
              </ThemeIcon>
              <Text fw={600}>{item.label}</Text>
              <Text fz="sm" c="dimmed">
                {blurbs[item.to]}
              </Text>
            </Card>
          );
        })}
      </SimpleGrid>

      <Title order={2} fz="lg" mb="sm">
        Get started
      </Title>
      <Group gap="sm">
        {isAdminRole(role) ? (
          <Button component={Link} to="/app/settings/users" leftSection={<IconUserPlus size={16} />}>
            Invite your team
          </Button>
        ) : null}
        <Button component={Link} to="/app/settings/profile" variant="default" leftSection={<IconUserCircle size={16} />}>
          Edit your profile
        </Button>
        <Button component={Link} to="/app/settings/tokens" variant="default" leftSection={<IconKey size={16} />}>
          Create an API token
        </Button>
      </Group>
    </>
  );
}
