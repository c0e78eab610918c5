import { Button, Group, List, Modal, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconWand } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { browserZone } from '../calendar/time';
import { formatDayTime, formatTime } from './format';
import { autoSchedule, invalidateEvents } from './schedulingApi';
import type { AutoScheduleResult } from './types';

const RANGES = [
  { value: '7', label: 'Next 7 days' },
  { value: '14', label: 'Next 2 weeks' },
  { value: '28', label: 'Next 4 weeks' },
];

/** Auto-schedule (SCH-4): your open tasks with estimates go into free working time; the result says what did not fit and why. */
export function AutoScheduleButton({ size = 'sm' }: { size?: 'xs' | 'sm' }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [days, setDays] = useState('14');
  const [result, setResult] = useState<AutoScheduleResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const zone = browserZone();

  const run = async () => {
    setLoading(true);
    setError(null);
    try {
      const from = new Date().toISOString();
      const to = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
      const r = await autoSchedule({ from, to });
      setResult(r);
      await invalidateEvents(queryClient);
      notifications.show({ message: `${r.placed.length} block${r.placed.length === 1 ? '' : 's'} placed in your calendar`, color: 'teal' });
    } catch (err) {
      setError(isApiError(err, 'PLAN_FEATURE_REQUIRED') ? `${err.message} See Settings → Billing.` : err);
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <Button variant="default" size={size} leftSection={<IconWand size={16} />} onClick={() => setOpened(true)}>
        Auto-schedule
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={<Text fw={600}>Auto-schedule my tasks</Text>} size="lg">
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            Your open tasks with an estimate go into free working time as calendar blocks: most urgent first, then by due date, split around meetings, always
            before the due date. Running it again replaces the blocks it placed before.
          </Text>
          <Group align="flex-end" justify="space-between">
            <SegmentedControl aria-label="How far ahead" data={RANGES} value={days} onChange={setDays} />
            <Button onClick={() => void run()} loading={loading} leftSection={<IconWand size={16} />}>
              {result ? 'Run again' : 'Place my tasks'}
            </Button>
          </Group>
          <ErrorAlert error={error} />
          {result ? (
            <Stack gap="sm" aria-live="polite">
              <Title order={3} fz="sm">
                Placed ({result.placed.length})
              </Title>
              {result.placed.length ? (
                <List size="sm" spacing={4}>
                  {result.placed.map((p) => (
                    <List.Item key={p.eventId}>
                      {p.title}: {formatDayTime(p.start, zone)}–{formatTime(p.end, zone)}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text fz="sm" c="dimmed">
                  Nothing to place: no open task assigned to you has an estimate.
                </Text>
              )}
              {result.unplaced.length ? (
                <>
                  <Title order={3} fz="sm">
                    Could not place ({result.unplaced.length})
                  </Title>
                  <List size="sm" spacing={4}>
                    {result.unplaced.map((u) => (
                      <List.Item key={u.taskId}>
                        <Text span fw={500} fz="sm">
                          {u.title}
                        </Text>
                        : {u.message}
                      </List.Item>
                    ))}
                  </List>
                </>
              ) : null}
            </Stack>
          ) : null}
        </Stack>
      </Modal>
    </>
  );
}
