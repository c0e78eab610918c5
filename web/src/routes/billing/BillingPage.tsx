import { Button, Group, Skeleton, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ResumeButton } from '../lifecycle/ResumeButton';
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

function planButton(plan: Plan, interval: Interval, sub: Subscription, choose: (p: Plan) => void, catalog: Catalog) {
  const onFree = sub.status === 'free';
  const current = catalog.plans.find((p) => p.id === sub.planId);
  // Going down goes through the cancel flow: it shows exactly what changes (LIF-1).
  const lower =
    !onFree &&
    !sub.cancelAtPeriodEnd &&
    sub.pendingPlanId === null &&
    current &&
    plan.id !== current.id &&
    plan.prices.monthly.amount < current.prices.monthly.amount;
  if (lower && sub.status !== 'paused') {
    return (
      <Button component={Link} to={`/app/settings/billing/cancel?planId=${plan.id}`} variant="default" fullWidth>
        {plan.id === 'free' ? 'Move to Free' : `Choose ${plan.name}`}
      </Button>
    );
  }
  const isCurrent = plan.id === sub.planId && (onFree || interval === sub.interval);
  const hasPending = sub.pendingPlanId !== null || sub.cancelAtPeriodEnd;
  if (isCurrent && !(hasPending && !onFree)) {
    return (
      <Button variant="default" disabled fullWidth>
        Current plan
      </Button>
    );
  }
  // Keeping the current plan withdraws the scheduled cancel or downgrade (and its reference).
  if (isCurrent) return <ResumeButton label={`Keep ${plan.name}`} fullWidth />;
  const label = plan.id === 'free' ? 'Move to Free' : `Choose ${plan.name}`;
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

  const header = (
    <PageHeader
      order={2}
      title="Billing"
      description="Your plan, card, invoices and add-ons. Prices are per portal; every amount is shown before you confirm."
    />
  );
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
          <PlanCards catalog={catalog.data} interval={shown} highlight={s.planId} action={(plan) => planButton(plan, shown, s, setChoice, catalog.data)} />
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
