import { Button, Group, Skeleton, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { AddonsCard } from './AddonsCard';
import { ChangePlanModal } from './ChangePlanModal';
import { CurrentPlanCard } from './CurrentPlanCard';
import { InvoicesCard } from './InvoicesCard';
import { PaymentMethodCard } from './PaymentMethodCard';
import { AddonPrices, IntervalSwitch, PlanCards } from './PlanCards';
import { TelephonyCard } from './TelephonyCard';
import { TestClockCard } from './TestClockCard';
import type { Catalog, Interval, Plan, Subscription } from './types';

function planButton(plan: Plan, interval: Interval, sub: Subscription, choose: (p: Plan) => void) {
  const onFree = sub.status === 'free';
  const isCurrent = plan.id === sub.planId && (onFree || interval === sub.interval);
  const hasPending = sub.pendingPlanId !== null || sub.cancelAtPeriodEnd;
  if (isCurrent && !(hasPending && !onFree)) {
    return (
      <Button variant="default" disabled fullWidth>
        Current plan
      </Button>
    );
  }
  const label = isCurrent ? `Keep ${plan.name}` : plan.id === 'free' ? 'Move to Free' : `Choose ${plan.name}`;
  return (
    <Button variant={plan.id === 'free' ? 'default' : 'filled'} fullWidth onClick={() => choose(plan)}>
      {label}
    </Button>
  );
}

/** Settings → Billing (admins): plan and usage, plan picker with exact amounts, card, invoices, add-ons, telephony. */
export function BillingPage() {
  const sub = useQuery<Subscription>({ queryKey: ['/api/billing/subscription'] });
  const catalog = useQuery<Catalog>({ queryKey: ['/api/plans'] });
  const [interval, setInterval] = useState<Interval | null>(null);
  const [choice, setChoice] = useState<Plan | null>(null);

  const header = <PageHeader order={2} title="Billing" description="Your plan, card, invoices and add-ons. Prices are per portal; every amount is shown before you confirm." />;
  if (sub.isError || catalog.isError) {
    const error = sub.error ?? catalog.error;
    return (
      <>
        {header}
        <QueryError error={error} onRetry={() => void Promise.all([sub.refetch(), catalog.refetch()])} />
      </>
    );
  }
  if (sub.isPending || catalog.isPending) {
    return (
      <>
        {header}
        <Stack gap="lg" aria-busy>
          <Skeleton h={160} radius="md" />
          <Skeleton h={320} radius="md" />
        </Stack>
      </>
    );
  }
  const s = sub.data;
  const shown = interval ?? (s.status === 'free' ? 'monthly' : s.interval);

  return (
    <>
      {header}
      <Stack gap="xl">
        <CurrentPlanCard sub={s} catalog={catalog.data} />
        <Stack gap="md" component="section" aria-label="Choose a plan">
          <Group justify="space-between">
            <Title order={3} fz="lg">
              Choose a plan
            </Title>
            <IntervalSwitch value={shown} onChange={setInterval} />
          </Group>
          <PlanCards catalog={catalog.data} interval={shown} highlight={s.planId} action={(plan) => planButton(plan, shown, s, setChoice)} />
          <AddonPrices catalog={catalog.data} />
        </Stack>
        <PaymentMethodCard />
        <Stack gap="sm">
          <Title order={3} fz="lg">
            Invoices
          </Title>
          <InvoicesCard />
        </Stack>
        <AddonsCard sub={s} catalog={catalog.data} />
        <TelephonyCard sub={s} catalog={catalog.data} />
        <TestClockCard />
      </Stack>
      <ChangePlanModal plan={choice} interval={choice?.id === 'free' ? s.interval : shown} current={s} onClose={() => setChoice(null)} />
    </>
  );
}
