import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmModal } from '../../../components/ConfirmModal';
import type { ApiToken } from '../../../types';
import { client, unwrap } from '../../../api/client';

export function DeleteTokenButton({ token }: { token: ApiToken }) {
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: () => {
      close();
      void queryClient.invalidateQueries({ queryKey: ['/api/tokens'] });
      notifications.show({ message: `Token “${token.name}” deleted.`, color: 'gray' });
    },
  });

  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        onClick={() => {
          remove.reset();
          open();
        }}
        aria-label={`Delete token ${token.name}`}
      >
        Delete
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        onConfirm={() => remove.mutate()}
        loading={remove.isPending}
        error={remove.error}
        title={`Delete “${token.name}”?`}
        confirmLabel="Delete token"
      >
        Anything that uses this token stops working immediately. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
