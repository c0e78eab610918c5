import { Button, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { PageHeader } from '../../components/PageHeader';
import { isAdminRole, useSession } from '../../lib/session';
import { InviteModal } from './users/InviteModal';
import { InvitesCard } from './users/InvitesCard';
import { TransferOwnershipCard } from './users/TransferOwnershipCard';
import { UsersCard } from './users/UsersCard';

export function UsersPage() {
  const { role } = useSession();
  const admin = isAdminRole(role);
  const [inviteOpened, invite] = useDisclosure(false);

  return (
    <>
      <PageHeader
        order={2}
        title="Users"
        description={admin ? 'Invite people, manage roles and access.' : 'People in your portal.'}
        actions={
          admin ? (
            <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
              Invite
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        <UsersCard />
        {admin ? <InvitesCard /> : null}
        {role === 'owner' ? <TransferOwnershipCard /> : null}
      </Stack>
      {admin ? <InviteModal opened={inviteOpened} onClose={invite.close} /> : null}
    </>
  );
}
