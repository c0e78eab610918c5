import { Badge, Button, Group, NumberInput, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { invalidateBilling } from './ChangePlanModal';
import { idempotencyHeader } from './http';
import { formatMoney, minorDigits } from './money';
import type { Call, Catalog, Subscription, TelephonySettings } from './types';
import type { Schema } from '../../api/types';
import { client, unwrap } from '../../api/client';

function AutoTopUpForm({ settings, currency }: { settings: TelephonySettings; currency: string }) {
  const queryClient = useQueryClient();
  const scale = 10 ** minorDigits(currency);
  const [enabled, setEnabled] = useState(settings.autoTopUp.enabled);
  const [threshold, setThreshold] = useState<number | string>(settings.autoTopUp.thresholdAmount / scale);
  const [quantity, setQuantity] = useState<number | string>(settings.autoTopUp.topUpQuantity);
  useEffect(() => {
    setEnabled(settings.autoTopUp.enabled);
    setThreshold(settings.autoTopUp.thresholdAmount / scale);
    setQuantity(settings.autoTopUp.topUpQuantity);
  }, [settings, scale]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        client.PATCH('/api/telephony/settings', {
          body: { autoTopUp: { enabled, thresholdAmount: Math.round(Number(threshold) * scale), topUpQuantity: Number(quantity) } },
        }),
      ),
    onSuccess: (s) => {
      queryClient.setQueryData(['/api/telephony/settings'], s);
      notifications.show({ color: 'green', message: s.autoTopUp.enabled ? 'Auto top-up is on.' : 'Auto top-up is off.' });
    },
  });
  return (
    <Stack gap="sm">
      <ErrorAlert error={save.error} />
      <Switch
        label="Auto top-up"
        description="Off by default. When on, credit is bought with your card whenever the balance falls under the threshold."
        checked={enabled}
        onChange={(e) => setEnabled(e.currentTarget.checked)}
      />
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Top up when the balance is under"
          decimalScale={minorDigits(currency)}
          min={0}
          value={threshold}
          onChange={setThreshold}
          disabled={!enabled}
          w={240}
        />
        <NumberInput label="Credit units to buy" min={1} max={100} value={quantity} onChange={setQuantity} disabled={!enabled} w={160} />
        <Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>
          Save auto top-up
        </Button>
      </Group>
    </Stack>
  );
}

function CallsTable() {
  const calls = usePagedQuery<Call>('/api/telephony/calls', 10);
  if (calls.isError) return <ErrorAlert error={calls.error} />;
  if (!calls.isPending && calls.items.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        No calls yet. PBX integrations log calls with POST /api/telephony/calls.
      </Text>
    );
  return (
    <Table fz="sm" verticalSpacing={6} aria-label="Recent calls">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Number</Table.Th>
          <Table.Th>Direction</Table.Th>
          <Table.Th ta="right">Minutes</Table.Th>
          <Table.Th ta="right">Cost</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {calls.items.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>{formatDateTime(c.startedAt)}</Table.Td>
            <Table.Td>{c.phone}</Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={c.direction === 'inbound' ? 'teal' : 'indigo'}>
                {c.direction}
              </Badge>
            </Table.Td>
            <Table.Td ta="right">{c.billedMinutes}</Table.Td>
            <Table.Td ta="right">{formatMoney(c.cost.amount, c.cost.currency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Prepaid telephony credit (BIL-5, TEL-1): balance, buying credit, auto top-up and the latest calls. */
export function TelephonyCard({ catalog, sub }: { catalog: Catalog; sub: Subscription }) {
  const queryClient = useQueryClient();
  const plan = catalog.plans.find((p) => p.id === sub.planId);
  const included = !!plan?.features.includes('telephony');
  const withTelephony = catalog.plans.find((p) => p.features.includes('telephony'));
  const balance = useQuery<Schema<'TelephonyBalance'>>({ queryKey: ['/api/telephony/balance'], enabled: included });
  const settings = useQuery<TelephonySettings>({ queryKey: ['/api/telephony/settings'], enabled: included });
  const [units, setUnits] = useState<number | string>(1);
  const { telephonyCredits: t } = catalog.addons;
  const m = (n: number) => formatMoney(n, catalog.currency);
  const buy = useMutation({
    mutationFn: () =>
      unwrap(client.POST('/api/billing/addons', { body: { kind: 'telephony_credits', quantity: Number(units) }, params: { header: idempotencyHeader() } })),
    onSuccess: () => {
      invalidateBilling(queryClient);
      notifications.show({ color: 'green', message: `Added ${m(t.unitCredit * Number(units))} of telephony credit.` });
    },
  });

  return (
    <SectionCard
      title="Telephony"
      description={`Prepaid credit: ${m(t.price.amount)} buys ${m(t.unitCredit)}; calls cost ${m(t.perMinute.amount)} per started minute. Credit is not refundable.`}
    >
      {!included ? (
        <Text fz="sm" c="dimmed">
          Telephony is not included in your {sub.planName} plan{withTelephony ? `; it comes with ${withTelephony.name}` : ''}.
        </Text>
      ) : (
        <Stack gap="lg">
          <ErrorAlert error={buy.error ?? balance.error} />
          <Group justify="space-between" align="flex-end">
            <Stack gap={0}>
              <Text fz="sm" c="dimmed">
                Balance
              </Text>
              <Text fz="xl" fw={700} data-testid="telephony-balance">
                {balance.data ? formatMoney(balance.data.balance.amount, balance.data.balance.currency) : '…'}
              </Text>
            </Stack>
            <Group align="flex-end" gap="sm">
              <NumberInput label="Credit units" min={1} max={1000} value={units} onChange={setUnits} w={140} />
              <Button onClick={() => buy.mutate()} loading={buy.isPending} disabled={!Number(units)}>
                Buy {m(t.price.amount * (Number(units) || 0))} of credit
              </Button>
            </Group>
          </Group>
          {settings.data ? <AutoTopUpForm settings={settings.data} currency={catalog.currency} /> : null}
          <CallsTable />
        </Stack>
      )}
    </SectionCard>
  );
}
