import { Badge, Card, List, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatBytes, formatMoney } from './money';
import type { Catalog, Feature, Interval, Plan } from './types';

/** The monthly / annual switch, with what the year saves. */
export function IntervalSwitch({ value, onChange }: { value: Interval; onChange: (v: Interval) => void }) {
  return (
    <SegmentedControl
      aria-label="Billing interval"
      value={value}
      onChange={(v) => onChange(v as Interval)}
      data={[
        { value: 'monthly', label: 'Monthly' },
        { value: 'annual', label: 'Annual' },
      ]}
    />
  );
}

const allFeatures = (catalog: Catalog): Feature[] => Object.keys(catalog.featureLabels) as Feature[];

export function PlanPrice({ plan, interval, currency }: { plan: Plan; interval: Interval; currency: string }) {
  const amount = plan.prices[interval].amount;
  const perMonth = interval === 'annual' ? Math.round(amount / 12) : amount;
  const yearlyAtMonthly = plan.prices.monthly.amount * 12;
  return (
    <Stack gap={2}>
      <Text fz={28} fw={700} lh={1.1}>
        {formatMoney(amount, currency)}
        <Text span fz="sm" c="dimmed" fw={400}>
          {' '}
          per portal / {interval === 'annual' ? 'year' : 'month'}
        </Text>
      </Text>
      {interval === 'annual' && amount > 0 ? (
        <Text fz="xs" c="dimmed">
          {formatMoney(perMonth, currency)} a month, paid yearly
          {yearlyAtMonthly > amount ? ` — saves ${formatMoney(yearlyAtMonthly - amount, currency)} on monthly` : ''}
        </Text>
      ) : amount === 0 ? (
        <Text fz="xs" c="dimmed">
          Free forever, no card needed
        </Text>
      ) : (
        <Text fz="xs" c="dimmed">
          or {formatMoney(plan.prices.annual.amount, currency)} a year
        </Text>
      )}
    </Stack>
  );
}

interface PlanCardsProps {
  catalog: Catalog;
  interval: Interval;
  /** The button (or badge) under each plan. */
  action?: (plan: Plan) => ReactNode;
  highlight?: string;
}

/** Every plan with its price, limits and features: the pricing page and the plan picker share it. */
export function PlanCards({ catalog, interval, action, highlight }: PlanCardsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: Math.min(catalog.plans.length, 4) }} spacing="md">
      {catalog.plans.map((plan) => (
        <Card
          key={plan.id}
          withBorder
          radius="md"
          padding="lg"
          component="article"
          aria-label={`${plan.name} plan`}
          style={highlight === plan.id ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : undefined}
        >
          <Stack gap="sm" h="100%">
            <Stack gap={4}>
              <Text fw={700} fz="lg">
                {plan.name}{' '}
                {highlight === plan.id ? (
                  <Badge ml={4} size="sm">
                    Current
                  </Badge>
                ) : null}
              </Text>
              {plan.description ? (
                <Text fz="sm" c="dimmed">
                  {plan.description}
                </Text>
              ) : null}
            </Stack>
            <PlanPrice plan={plan} interval={interval} currency={catalog.currency} />
            {plan.trialDays > 0 ? <Text fz="xs">{plan.trialDays}-day free trial</Text> : null}
            <List spacing={4} fz="sm" center>
              <List.Item icon={<Tick ok />}>{plan.limits.seats === null ? 'Unlimited users' : `Up to ${plan.limits.seats} users`}</List.Item>
              <List.Item icon={<Tick ok />}>{formatBytes(plan.limits.storageBytes)} storage</List.Item>
              {allFeatures(catalog).map((f) => (
                <List.Item key={f} icon={<Tick ok={plan.features.includes(f)} />} c={plan.features.includes(f) ? undefined : 'dimmed'}>
                  {catalog.featureLabels[f]}
                  {plan.features.includes(f) ? '' : ' — not included'}
                </List.Item>
              ))}
            </List>
            {action ? <Stack mt="auto">{action(plan)}</Stack> : null}
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Tick({ ok }: { ok: boolean }) {
  return (
    <ThemeIcon size={18} radius="xl" variant="light" color={ok ? 'green' : 'gray'} aria-hidden>
      {ok ? <IconCheck size={12} /> : <IconX size={12} />}
    </ThemeIcon>
  );
}

/** The add-on prices, also printed on the pricing page. */
export function AddonPrices({ catalog }: { catalog: Catalog }) {
  const { storage, telephonyCredits } = catalog.addons;
  const m = (n: number) => formatMoney(n, catalog.currency);
  return (
    <List fz="sm" spacing={4}>
      <List.Item>
        Extra storage: {m(storage.monthly.amount)} per {formatBytes(storage.unitBytes)} per month, billed with a paid plan.
      </List.Item>
      <List.Item>
        Telephony credits: {m(telephonyCredits.price.amount)} buys {m(telephonyCredits.unitCredit)} of credit; calls cost {m(telephonyCredits.perMinute.amount)}{' '}
        per started minute. Prepaid, not refundable, auto top-up off unless you turn it on.
      </List.Item>
    </List>
  );
}
