import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { SectionCard } from '../../../components/SectionCard';
import { ME_KEY } from '../../../lib/queryClient';
import { roleLabels, useSession } from '../../../lib/session';
import type { Json } from '../../../api/types';
import { client, unwrap } from '../../../api/client';

/** Owner only: hand the portal over to someone else, who becomes owner; you become admin. */
export function TransferOwnershipCard() {
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const users = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'] });
  const [userId, setUserId] = useState<string | null>(null);
  const [opened, { open, close }] = useDisclosure(false);

  const candidates = (users.data?.items ?? []).filter((u) => u.id !== me.id && u.status === 'active');
  const target = candidates.find((u) => u.id === userId) ?? null;

  const transfer = useMutation({
    mutationFn: (id: string) => unwrap(client.POST('/api/users/transfer-ownership', { body: { userId: id } })),
    onSuccess: () => {
      close();
      const name = target?.name ?? 'The new owner';
      setUserId(null);
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
      void queryClient.invalidateQueries({ queryKey: ['/api/users'] });
      notifications.show({
        title: 'Ownership transferred',
        message: `${name} now owns the portal. You are an admin.`,
        color: 'green',
      });
    },
  });

  return (
    <SectionCard
      title="Transfer ownership"
      description="The owner can do everything, including deleting the portal. After the transfer you stay on as an admin."
    >
      <Stack gap="sm" maw={480}>
        <Select
          label="New owner"
          placeholder={candidates.length ? 'Pick a person' : 'Nobody else is active yet'}
          data={candidates.map((u) => ({ value: u.id, label: `${u.name} (${u.email}) · ${roleLabels[u.role]}` }))}
          value={userId}
          onChange={setUserId}
          searchable
          nothingFoundMessage="Nobody matches"
          disabled={users.isPending || candidates.length === 0}
          comboboxProps={{ withinPortal: true }}
        />
        <Group>
          <Button
            color="red"
            variant="light"
            disabled={!target}
            onClick={() => {
              transfer.reset();
              open();
            }}
          >
            Transfer ownership
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={opened}
        onClose={close}
        onConfirm={() => target && transfer.mutate(target.id)}
        loading={transfer.isPending}
        error={transfer.error}
        title="Transfer ownership?"
        confirmLabel="Transfer ownership"
      >
        {target ? (
          <Text fz="sm">
            <b>{target.name}</b> ({target.email}) will become the owner of this portal and you will become an admin. Only the new owner can transfer it back.
          </Text>
        ) : null}
      </ConfirmModal>
    </SectionCard>
  );
}
