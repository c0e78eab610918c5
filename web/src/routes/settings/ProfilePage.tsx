import { Stack } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader';
import { ChangePasswordCard } from './ChangePasswordCard';
import { ProfileCard } from './ProfileCard';

export function ProfilePage() {
  return (
    <>
      <PageHeader order={2} title="Profile" description="How you appear to your team, and how you log in." />
      <Stack gap="lg">
        <ProfileCard />
        <ChangePasswordCard />
      </Stack>
    </>
  );
}
