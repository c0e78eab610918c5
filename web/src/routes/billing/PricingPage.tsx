import { Anchor, Box, Button, Container, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Logo } from '../../components/Logo';
import { QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AddonPrices, IntervalSwitch, PlanCards } from './PlanCards';
import type { Catalog, Interval } from './types';

/** The public pricing page (BIL-1): every price and limit of the plan catalog. */
export function PricingPage() {
  useDocumentTitle('Pricing');
  const [interval, setInterval] = useState<Interval>('monthly');
  const catalog = useQuery<Catalog>({ queryKey: ['/api/plans'] });

  return (
    <Box mih="100vh" bg="var(--mantine-color-body)">
      <Container size="lg" py="xl">
        <Group justify="space-between" mb="xl">
          <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="SchedulingKit home">
            <Logo />
          </Anchor>
          <Group gap="sm">
            <Button component={Link} to="/login" variant="default">
              Log in
            </Button>
            <Button component={Link} to="/signup">
              Start free
            </Button>
          </Group>
        </Group>
        <Stack gap="xs" align="center" ta="center" mb="xl">
          <Title order={1}>Honest pricing</Title>
          <Text c="dimmed" maw={640}>
            A free-forever plan, prices per portal (not per user), cancel in a minute, export everything at any time. Every price and limit is on this page.
          </Text>
          <IntervalSwitch value={interval} onChange={setInterval} />
        </Stack>
        {catalog.isError ? (
          <QueryError error={catalog.error} onRetry={() => void catalog.refetch()} />
        ) : catalog.isPending ? (
          <Skeleton h={360} radius="md" />
        ) : (
          <Stack gap="xl">
            <PlanCards
              catalog={catalog.data}
              interval={interval}
              action={(plan) => (
                <Button component={Link} to="/signup" variant={plan.id === 'free' ? 'default' : 'filled'} fullWidth>
                  {plan.id === 'free' ? 'Start free' : `Start with ${plan.name}`}
                </Button>
              )}
            />
            <Paper withBorder radius="md" p="lg">
              <Title order={2} fz="lg" mb="sm">
                Add-ons
              </Title>
              <AddonPrices catalog={catalog.data} />
            </Paper>
            <Paper withBorder radius="md" p="lg">
              <Title order={2} fz="lg" mb="sm">
                The fine print, in plain words
              </Title>
              <List fz="sm" spacing={4}>
                <List.Item>
                  {catalog.data.pricing} Prices in {catalog.data.currency}.
                </List.Item>
                <List.Item>Upgrades apply at once: you pay the difference for the days left of your period.</List.Item>
                <List.Item>Downgrades apply at the end of the period you paid for.</List.Item>
                <List.Item>
                  Cancelling a monthly plan: it runs to the end of the month, with no refund for the unused part. Cancelling an annual plan: it runs to the end
                  of the month already started, and the unused whole months are refunded.
                </List.Item>
                <List.Item>If a renewal payment fails we retry after 1, 3 and 5 days, then move you to Free. We never delete your data.</List.Item>
                <List.Item>Export is free on every plan, also after a downgrade.</List.Item>
              </List>
            </Paper>
          </Stack>
        )}
      </Container>
    </Box>
  );
}
