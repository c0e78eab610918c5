import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDate } from '../../lib/format';
import { invalidateBilling } from './ChangePlanModal';
import { idempotencyHeader } from './http';
import { formatBytes, formatMoney } from './money';
import type { Catalog, Subscription } from './types';
import { client, unwrap } from '../../api/client';

/** Extra storage (recurring, billed with the plan). Telephony credits are bought in the telephony panel. */
export function AddonsCard({ sub, catalog }: { sub: Subscription; catalog: Catalog }) {
  const queryClient = useQueryClient();
  const [units, setUnits] = useState<number | string>(1);
  const { storage } = catalog.addons;
  const paid = sub.status !== 'free';
  const add = useMutation({
    mutationFn: () =>
      unwrap(client.POST('/api/billing/addons', { body: { kind: 'storage', quantity: Number(units) }, params: { header: idempotencyHeader() } })),
    onSuccess: () => {
      invalidateBilling(queryClient);
      notifications.show({ color: 'green', message: `Added ${formatBytes(storage.unitBytes * Number(units))} of storage.` });
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/billing/addons/storage')),
    onSuccess: () => invalidateBilling(queryClient),
  });
  const m = (n: number) => formatMoney(n, catalog.currency);

  return (
    <SectionCard
      title="Extra storage"
      description={`${m(storage.monthly.amount)} per ${formatBytes(storage.unitBytes)} per month, billed with your plan. Adding charges the days left of this period now.`}
    >
      <Stack gap="sm">
        <ErrorAlert error={add.error ?? remove.error} />
        <Text fz="sm" data-testid="storage-addon">
          {sub.storageUnits > 0
            ? `${sub.storageUnits} × ${formatBytes(storage.unitBytes)} extra${sub.pendingStorageUnits === 0 ? `, ending on ${formatDate(sub.currentPeriodEnd)}` : ''}.`
            : 'No extra storage.'}
        </Text>
        {paid ? (
          <Group align="flex-end" gap="sm">
            <NumberInput label="Storage units to add" min={1} max={1000} value={units} onChange={setUnits} w={180} />
            <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!Number(units)}>
              Add storage
            </Button>
            {sub.storageUnits > 0 && sub.pendingStorageUnits !== 0 ? (
              <Button variant="default" onClick={() => remove.mutate()} loading={remove.isPending}>
                End extra storage at period end
              </Button>
            ) : null}
          </Group>
        ) : (
          <Text fz="sm" c="dimmed">
            Extra storage is available with a paid plan.
          </Text>
        )}
      </Stack>
    </SectionCard>
  );
}
