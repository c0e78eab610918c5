import { Checkbox, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconFileOff, IconLock, IconPlugConnectedX, IconReceiptRefund, IconUserOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatDate } from '../../lib/format';
import type { User } from '../../types';
import { formatBytes, formatMoney } from '../billing/money';
import type { DowngradeImpact } from './types';

const FILES_SHOWN = 10;

function Item({ icon, children, testId }: { icon: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <List.Item icon={icon} data-testid={testId}>
      {children}
    </List.Item>
  );
}

const icon = (I: typeof IconLock, color: string) => (
  <ThemeIcon size={22} radius="xl" variant="light" color={color}>
    <I size={14} />
  </ThemeIcon>
);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Who keeps a seat: the owner always; the admin ticks the others, up to the plan's seats. */
function SeatPicker({ impact, users, kept, onChange }: { impact: DowngradeImpact; users: User[]; kept: string[]; onChange: (ids: string[]) => void }) {
  const limit = impact.seats.limit ?? 0;
  const others = users.filter((u) => u.status === 'active' && u.role !== 'owner');
  const room = limit - 1;
  const error = kept.length > room ? `Choose at most ${room}: the plan has ${limit} seats and the owner keeps one.` : null;
  const left = room - kept.length;
  return (
    <Checkbox.Group
      label={`Who keeps one of the ${limit} seats? (the owner always does)`}
      description={
        left > 0
          ? `${plural(left, 'seat')} left unchosen: ${left === 1 ? 'it goes' : 'they go'} to admins first, then to the most recently active.`
          : 'The others are deactivated, not deleted, and come back when you upgrade.'
      }
      error={error}
      value={kept}
      onChange={onChange}
    >
      <Stack gap={6} mt="xs">
        {others.map((u) => (
          <Checkbox key={u.id} value={u.id} label={`${u.name} (${u.email})`} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

interface Props {
  impact: DowngradeImpact;
  /** Active users, for choosing who keeps a seat (absent: no choice shown). */
  users?: User[];
  kept?: string[];
  onKeptChange?: (ids: string[]) => void;
}

/** The review of LIF-1: exactly what changes on the date, from the same function the period end applies. */
export function ImpactReview({ impact, users, kept, onKeptChange }: Props) {
  const day = formatDate(impact.effectiveAt);
  const readOnly = Object.entries(impact.readOnly);
  const files = impact.inaccessibleFiles;
  const nothing = impact.featuresLost.length === 0 && impact.usersOverLimit.length === 0 && files.count === 0 && impact.addonsEnded.length === 0;
  return (
    <Stack gap="sm" component="section" aria-label="What changes" data-testid="impact-review">
      <Title order={3} fz="md">
        What changes on {day}
      </Title>
      <Text fz="sm" c="dimmed">
        Until then everything stays as it is. Nothing is ever deleted: upgrading again restores the users and files below exactly as they were.
      </Text>
      <List spacing="xs" fz="sm" center>
        {impact.featuresLost.length > 0 ? (
          <Item icon={icon(IconLock, 'orange')} testId="impact-features">
            {impact.featuresLost.map((f) => f.label).join(', ')} become read-only
            {readOnly.length > 0
              ? `: ${readOnly.map(([kind, n]) => plural(n, kind.replace(/_/g, ' ').replace(/s$/, ''))).join(', ')} stay visible and exportable`
              : ''}
            .
          </Item>
        ) : null}
        {impact.usersOverLimit.length > 0 ? (
          <Item icon={icon(IconUserOff, 'orange')} testId="impact-users">
            {plural(impact.usersOverLimit.length, 'user')} over the {impact.seats.limit}-seat limit will be deactivated:{' '}
            {impact.usersOverLimit.map((u) => u.name).join(', ')}.
          </Item>
        ) : null}
        {files.count > 0 ? (
          <Item icon={icon(IconFileOff, 'orange')} testId="impact-files">
            {plural(files.count, 'file')} ({formatBytes(files.bytes)}) over the {formatBytes(impact.storage.quotaBytes)} storage quota stay listed but cannot be
            downloaded until you are under quota or upgrade
            {files.items.length > 0
              ? `: ${files.items
                  .slice(0, FILES_SHOWN)
                  .map((f) => f.name)
                  .join(', ')}${files.count > FILES_SHOWN ? ` and ${files.count - FILES_SHOWN} more` : ''}`
              : ''}
            .
          </Item>
        ) : null}
        {impact.addonsEnded.map((a) => (
          <Item key={a.kind} icon={icon(IconPlugConnectedX, 'orange')} testId={`impact-addon-${a.kind}`}>
            Add-on ends — {a.description}.
          </Item>
        ))}
        <Item icon={icon(IconReceiptRefund, 'blue')} testId="impact-refund">
          Refund: {formatMoney(impact.refund.amount, impact.refund.currency)}
          {impact.refund.amount > 0 ? ' to your card (the unused whole months).' : ' (monthly plans run to the end of the period).'}
        </Item>
        {nothing ? <Item icon={icon(IconCheck, 'green')}>Nothing else: every user, file and record stays as it is.</Item> : null}
      </List>
      {users && kept && onKeptChange && impact.seats.limit !== null && impact.seats.active > impact.seats.limit ? (
        <SeatPicker impact={impact} users={users} kept={kept} onChange={onKeptChange} />
      ) : null}
    </Stack>
  );
}
