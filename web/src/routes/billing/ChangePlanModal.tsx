import { Alert, Button, Group, Modal, Skeleton, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import { idempotencyHeader } from './http';
import { formatMoney, idempotencyKey, intervalNoun } from './money';
import type { ChangePreview, Interval, InvoiceLine, Plan, Subscription } from './types';
import { client, unwrap } from '../../api/client';

/** Everything billing shows changes with a plan change. */
export const BILLING_KEYS = [
  '/api/billing/subscription',
  '/api/billing/invoices',
  '/api/billing/upcoming-invoice',
  '/api/billing/events',
  '/api/billing/change-preview',
  '/api/drive/usage',
  '/api/telephony/balance',
];

export function invalidateBilling(queryClient: ReturnType<typeof useQueryClient>) {
  for (const key of BILLING_KEYS) void queryClient.invalidateQueries({ queryKey: [key] });
}

export function LinesTable({ lines, currency, caption }: { lines: InvoiceLine[]; currency: string; caption: string }) {
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return (
    <Table fz="sm" verticalSpacing={6} captionSide="top" aria-label={caption}>
      <Table.Tbody>
        {lines.map((l, i) => (
          <Table.Tr key={i}>
            <Table.Td>{l.description}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(l.amount, currency)}
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td fw={600}>Total</Table.Td>
          <Table.Td ta="right" fw={600}>
            {formatMoney(total, currency)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function Summary({ p, plan }: { p: ChangePreview; plan: Plan }) {
  const m = (n: number) => formatMoney(n, p.currency);
  const next = p.nextInvoice.date
    ? `Then ${m(p.nextInvoice.total)} on ${formatDate(p.nextInvoice.date)}, and every ${intervalNoun(p.interval)} after that.`
    : '';
  switch (p.kind) {
    case 'start':
      return p.trialEnd ? (
        <Text>
          Your free trial of {plan.name} runs until {formatDate(p.trialEnd)}. Nothing is charged now. {next}
        </Text>
      ) : (
        <Text>
          You pay <strong>{m(p.chargeNow)}</strong> now for {plan.name} ({p.interval}). {next}
        </Text>
      );
    case 'upgrade':
      return (
        <Text>
          {plan.name} starts now. You pay <strong>{m(p.chargeNow)}</strong> now
          {p.credit > 0 ? `, after a credit of ${m(p.credit)} for the unused days of your current plan` : ''}. {next}
        </Text>
      );
    case 'downgrade':
      return (
        <Text>
          Nothing to pay now. Your current plan stays until {formatDate(p.effectiveAt)}; then {plan.name} ({p.interval}) starts at {m(p.nextInvoice.total)} per{' '}
          {intervalNoun(p.interval)}.
        </Text>
      );
    case 'cancel':
      return (
        <Text>
          Your paid plan stays until <strong>{formatDate(p.effectiveAt)}</strong>, then the portal moves to Free. Refund: <strong>{m(p.refund)}</strong>.
          Nothing is deleted.
        </Text>
      );
    default:
      return <Text>You keep your current plan; any scheduled change is undone. Nothing is charged.</Text>;
  }
}

interface Props {
  plan: Plan | null;
  interval: Interval;
  current: Subscription;
  onClose: () => void;
}

/** The exact amounts of a plan change, from the preview endpoint, before "Confirm" (BIL-4). */
export function ChangePlanModal({ plan, interval, current, onClose }: Props) {
  const queryClient = useQueryClient();
  const opened = plan !== null;
  // One key per confirmation dialog: a double click or a retried request is charged once.
  const key = useMemo(() => (plan ? idempotencyKey() : ''), [plan, interval]);
  const preview = useQuery({
    queryKey: ['/api/billing/change-preview', plan?.id, interval],
    queryFn: ({ signal }) => unwrap(client.GET('/api/billing/change-preview', { signal, params: { query: { planId: plan!.id, interval } } })),
    enabled: opened,
  });
  const confirm = useMutation({
    mutationFn: () => unwrap(client.POST('/api/billing/subscription', { body: { planId: plan!.id, interval }, params: { header: idempotencyHeader(key) } })),
    onSuccess: (sub) => {
      invalidateBilling(queryClient);
      notifications.show({
        color: 'green',
        title: 'Plan updated',
        message: sub.planId === plan?.id ? `You are on ${sub.planName} now.` : `The change is scheduled for ${formatDate(sub.currentPeriodEnd)}.`,
      });
      close();
    },
  });
  const close = () => {
    confirm.reset();
    onClose();
  };
  const p = preview.data;
  const title = !plan
    ? ''
    : plan.id === 'free'
      ? 'Move to Free'
      : current.planId === plan.id && current.interval === interval
        ? `Keep ${plan.name}`
        : `Change to ${plan.name} (${interval})`;

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size="lg">
      {preview.isError ? (
        <ErrorAlert error={preview.error} title="Could not work out the amounts" />
      ) : !p || !plan ? (
        <Stack gap="sm" aria-busy>
          <Skeleton h={20} />
          <Skeleton h={80} />
        </Stack>
      ) : (
        <Stack gap="md">
          <ErrorAlert error={confirm.error} />
          <Summary p={p} plan={plan} />
          {p.lines.length > 0 ? <LinesTable lines={p.lines} currency={p.currency} caption="Charged now" /> : null}
          <Group justify="space-between">
            <Text fz="sm" c="dimmed">
              Charged now
            </Text>
            <Text fw={700} data-testid="charge-now">
              {formatMoney(p.chargeNow, p.currency)}
            </Text>
          </Group>
          <Text fz="xs" c="dimmed">
            Refund policy: {p.refundPolicy}
          </Text>
          {p.paymentMethodRequired ? (
            <Alert color="yellow" variant="light">
              Add a card under “Payment method” first: paid plans are charged to it.
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={confirm.isPending}>
              Cancel
            </Button>
            <Button onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={p.paymentMethodRequired} data-autofocus>
              Confirm
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
