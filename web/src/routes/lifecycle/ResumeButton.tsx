import { Button, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { errorMessage } from '../../lib/errors';
import { invalidateBilling } from '../billing/ChangePlanModal';
import { idempotencyHeader } from '../billing/http';
import { idempotencyKey } from '../billing/money';
import { LIFECYCLE_KEY } from './types';
import { client, unwrap } from '../../api/client';

/** "Keep my plan" / "Resume now": withdraws a scheduled cancel or ends a pause (POST /api/billing/subscription/resume). */
export function ResumeButton({ label, ...props }: ButtonProps & { label: string }) {
  const queryClient = useQueryClient();
  const key = useMemo(() => idempotencyKey(), []);
  const resume = useMutation({
    mutationFn: () => unwrap(client.POST('/api/billing/subscription/resume', { params: { header: idempotencyHeader(key) } })),
    onSuccess: (out) => {
      invalidateBilling(queryClient);
      void queryClient.invalidateQueries({ queryKey: [LIFECYCLE_KEY] });
      notifications.show({
        color: 'green',
        title: out.resumed === 'pause' ? 'Welcome back' : 'Your plan continues',
        message: out.resumed === 'pause' ? 'The portal is active again.' : `${out.subscription.planName} renews as before. Nothing changes.`,
      });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Could not do that', message: errorMessage(err) }),
  });
  return (
    <Button onClick={() => resume.mutate()} loading={resume.isPending} {...props}>
      {label}
    </Button>
  );
}
