import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmModal } from '../../../components/ConfirmModal';
import type { User } from '../../../types';
import { client, unwrap } from '../../../api/client';

/** Deactivate / reactivate button with a confirmation dialog. */
export function UserStatusAction({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const deactivating = user.status === 'active';

  const mutation = useMutation({
    mutationFn: () => unwrap(client.POST(deactivating ? '/api/users/{id}/deactivate' : '/api/users/{id}/reactivate', { params: { path: { id: user.id } } })),
    onSuccess: (updated) => {
      close();
      void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
      notifications.show({
        message: deactivating ? `${updated.name} was deactivated.` : `${updated.name} can log in again.`,
        color: deactivating ? 'gray' : 'green',
      });
    },
  });

  return (
    <>
      <Button
        size="xs"
        variant={deactivating ? 'subtle' : 'light'}
        color={deactivating ? 'red' : 'green'}
        onClick={() => {
          mutation.reset();
          open();
        }}
        aria-label={`${deactivating ? 'Deactivate' : 'Reactivate'} ${user.name}`}
      >
        {deactivating ? 'Deactivate' : 'Reactivate'}
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        onConfirm={() => mutation.mutate()}
        loading={mutation.isPending}
        error={mutation.error}
        title={deactivating ? `Deactivate ${user.name}?` : `Reactivate ${user.name}?`}
        confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
        color={deactivating ? 'red' : 'green'}
      >
        {deactivating
          ? `${user.name} (${user.email}) will be logged out and will no longer be able to log in. Their work stays in the portal, and you can reactivate them at any time.`
          : `${user.name} (${user.email}) will be able to log in again with their previous role.`}
      </ConfirmModal>
    </>
  );
}
