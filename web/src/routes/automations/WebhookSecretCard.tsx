import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { QueryError } from '../../components/QueryError';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime } from '../../lib/format';
import type { WebhookSecret } from './types';
import { client, unwrap } from '../../api/client';

/** The portal's webhook signing secret: shown on request, copied, rotated. */
export function WebhookSecretCard() {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState(false);
  const [confirming, { open, close }] = useDisclosure(false);
  const secret = useQuery<WebhookSecret>({ queryKey: ['/api/automations/webhook-secret'] });
  const rotate = useMutation({
    mutationFn: () => unwrap(client.POST('/api/automations/webhook-secret/rotate')),
    onSuccess: (next) => {
      queryClient.setQueryData(['/api/automations/webhook-secret'], next);
      setShown(true);
      close();
    },
  });
  return (
    <SectionCard
      title="Webhook signing secret"
      headingOrder={2}
      description="Every webhook call carries X-SchedulingKit-Signature: sha256=<HMAC-SHA256 of the body with this secret>. Check it on your side to know the call came from this portal."
    >
      {secret.isError ? (
        <QueryError error={secret.error} onRetry={() => void secret.refetch()} />
      ) : (
        <Stack gap="xs">
          <Group gap="sm">
            <Code data-testid="webhook-secret">{secret.data ? (shown ? secret.data.secret : `${secret.data.secret.slice(0, 10)}${'•'.repeat(24)}`) : '…'}</Code>
            <Button size="xs" variant="default" onClick={() => setShown((s) => !s)} disabled={!secret.data}>
              {shown ? 'Hide' : 'Show'}
            </Button>
            <CopyButton value={secret.data?.secret ?? ''}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" onClick={copy} disabled={!secret.data}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
            <Button size="xs" variant="light" color="red" onClick={open} disabled={!secret.data}>
              Rotate
            </Button>
          </Group>
          {secret.data && (
            <Text fz="xs" c="dimmed">
              Since {formatDateTime(secret.data.rotatedAt)}
            </Text>
          )}
        </Stack>
      )}
      <ConfirmModal
        opened={confirming}
        onClose={close}
        onConfirm={() => rotate.mutate()}
        title="Rotate the signing secret?"
        confirmLabel="Rotate"
        loading={rotate.isPending}
        error={rotate.error}
      >
        Webhook calls are signed with the new secret from now on, retries of earlier calls included. Receivers checking the old secret will refuse them until
        you update them.
      </ConfirmModal>
    </SectionCard>
  );
}
