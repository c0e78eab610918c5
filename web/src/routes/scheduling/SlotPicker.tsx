import { ActionIcon, Button, Group, Loader, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Temporal } from 'temporal-polyfill';
import { QueryError } from '../../components/QueryError';
import { allZones } from '../calendar/time';
import { dayKey, formatDay, formatTime } from './format';
import { useSlots, type SlotSource } from './schedulingApi';

interface SlotPickerProps {
  /** The booking page, or the manage link's token. */
  source: SlotSource;
  timeZone: string;
  onTimeZoneChange: (zone: string) => void;
  onPick: (slot: { start: string; end: string }) => void;
  /** Days a guest may page ahead. */
  horizonDays: number;
}

const DAYS = 7;

/** Free times a week at a time, grouped by the guest's days, in the guest's time zone. */
export function SlotPicker({ source, timeZone, onTimeZoneChange, onPick, horizonDays }: SlotPickerProps) {
  const [week, setWeek] = useState(0);
  const window = useMemo(() => {
    const today = Temporal.Now.zonedDateTimeISO(timeZone).toPlainDate();
    const first = today.add({ days: week * DAYS });
    const at = (d: Temporal.PlainDate) => d.toZonedDateTime({ timeZone }).toInstant().toString();
    return { from: at(first), to: at(first.add({ days: DAYS })), first };
  }, [timeZone, week]);
  const slots = useSlots(source, { from: window.from, to: window.to }, timeZone);
  const days = useMemo(() => {
    const groups = new Map<string, { start: string; end: string }[]>();
    for (const s of slots.data?.slots ?? []) {
      const key = dayKey(s.start, timeZone);
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    return [...groups];
  }, [slots.data, timeZone]);
  const lastWeek = Math.max(0, Math.ceil(horizonDays / DAYS) - 1);
  const range = `${formatDay(window.from, timeZone)} – ${formatDay(new Date(Date.parse(window.to) - 1).toISOString(), timeZone)}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group gap="xs">
          <ActionIcon variant="default" size="lg" aria-label="Previous week" onClick={() => setWeek((w) => w - 1)} disabled={week === 0}>
            <IconChevronLeft size={18} />
          </ActionIcon>
          <ActionIcon variant="default" size="lg" aria-label="Next week" onClick={() => setWeek((w) => w + 1)} disabled={week >= lastWeek}>
            <IconChevronRight size={18} />
          </ActionIcon>
          <Text fw={500} aria-live="polite">
            {range}
          </Text>
        </Group>
        <Select
          label="Your time zone"
          data={allZones()}
          value={timeZone}
          onChange={(z) => z && onTimeZoneChange(z)}
          searchable
          limit={60}
          allowDeselect={false}
          w={240}
        />
      </Group>
      {slots.isError ? (
        <QueryError error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.isPending ? (
        <Group justify="center" py="xl">
          <Loader aria-label="Loading free times" />
        </Group>
      ) : days.length === 0 ? (
        <Text c="dimmed" py="lg" ta="center">
          No free times this week. {week < lastWeek ? 'Try the next one.' : ''}
        </Text>
      ) : (
        <Stack gap="lg">
          {days.map(([key, list]) => (
            <section key={key} aria-label={formatDay(list[0]!.start, timeZone)}>
              <Title order={3} fz="sm" mb="xs">
                {formatDay(list[0]!.start, timeZone)}
              </Title>
              <SimpleGrid cols={{ base: 3, xs: 4, sm: 6 }} spacing="xs">
                {list.map((s) => (
                  <Button
                    key={s.start}
                    variant="light"
                    onClick={() => onPick(s)}
                    aria-label={`${formatDay(s.start, timeZone)}, ${formatTime(s.start, timeZone)}`}
                  >
                    {formatTime(s.start, timeZone)}
                  </Button>
                ))}
              </SimpleGrid>
            </section>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
