import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../billing/money';
import { OVERVIEW_KEY, type Overview } from './operatorApi';

/** A portal's share of the monthly recurring revenue, in the catalog's currency ("—" when billing is off). */
export function MrrText({ amount, billing }: { amount: number; billing: boolean }) {
  const { data } = useQuery<Overview>({ queryKey: OVERVIEW_KEY, staleTime: 60_000 });
  if (!billing)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return (
    <Text span fz="sm">
      {formatMoney(amount, data?.currency ?? 'USD')}
    </Text>
  );
}
