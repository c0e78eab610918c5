import { Text, Tooltip } from '@mantine/core';
import { Temporal } from 'temporal-polyfill';
import { formatDate } from '../../lib/format';
import type { Deal } from './crmTypes';

/** Today's date ("YYYY-MM-DD") on the viewer's own calendar. */
const today = () => Temporal.Now.plainDateISO().toString();

/** True when an open deal's expected close date ("YYYY-MM-DD") is before today. */
export function closeDatePassed(deal: Pick<Deal, 'status' | 'expectedCloseDate'>): boolean {
  return deal.status === 'open' && !!deal.expectedCloseDate && deal.expectedCloseDate < today();
}

/** A deal's expected close date, flagged when it has passed and the deal is still open. */
export function CloseDate({ deal, fz = 'sm', fallback = '—' }: { deal: Pick<Deal, 'status' | 'expectedCloseDate'>; fz?: string; fallback?: string }) {
  if (!deal.expectedCloseDate) return <>{fallback}</>;
  const text = formatDate(`${deal.expectedCloseDate}T12:00:00Z`);
  if (!closeDatePassed(deal))
    return (
      <Text component="span" fz={fz} c="dimmed">
        {text}
      </Text>
    );
  return (
    <Tooltip label="The expected close date has passed and the deal is still open">
      <Text component="span" fz={fz} c="red.8" fw={600} data-overdue="true">
        {text} · past
      </Text>
    </Tooltip>
  );
}
