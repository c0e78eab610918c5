import { Alert, Button, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../lib/errors';
import { allZones, browserZone } from '../calendar/time';
import { dayKey } from './format';
import { OverridesEditor } from './OverridesEditor';
import { AVAILABILITY_KEY, saveAvailability, useAvailability } from './schedulingApi';
import type { DateOverride, WeeklyRange } from './types';
import { WeeklyHoursEditor } from './WeeklyHoursEditor';

/** Settings → Availability (SCH-1): your zone, weekly working hours and date exceptions. */
export function AvailabilityPage() {
  const zone = useMemo(() => browserZone(), []);
  const availability = useAvailability(zone);
  const queryClient = useQueryClient();
  const [timeZone, setTimeZone] = useState(zone);
  const [weekly, setWeekly] = useState<WeeklyRange[]>([]);
  const [overrides, setOverrides] = useState<DateOverride[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!availability.data) return;
    setTimeZone(availability.data.timeZone);
    setWeekly(availability.data.weekly);
    setOverrides(availability.data.overrides);
  }, [availability.data]);

  const save = async () => {
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      await saveAvailability({
        timeZone,
        weekly,
        overrides: overrides.map((o) => (o.unavailable ? { date: o.date, unavailable: true } : { date: o.date, ranges: o.ranges })),
      });
      await queryClient.invalidateQueries({ queryKey: AVAILABILITY_KEY });
      notifications.show({ message: 'Working hours saved', color: 'teal' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
        setErrors(err.fieldErrors);
        const shown = Object.keys(err.fieldErrors).every((k) => k === 'timeZone' || k.startsWith('weekly.') || k.startsWith('overrides.'));
        if (!shown) setFormError(errorMessage(err));
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader order={2} title="Availability" description="When people can book you and when meetings and auto-scheduled work may go into your calendar." />
      {availability.isError ? (
        <QueryError error={availability.error} onRetry={() => void availability.refetch()} />
      ) : availability.isPending ? (
        <Skeleton h={420} radius="md" />
      ) : (
        <Stack gap="lg">
          {availability.data.isDefault ? (
            <Alert variant="light" icon={<IconInfoCircle size={18} />} title="Default hours">
              {availability.data.note} Save to make them yours.
            </Alert>
          ) : null}
          <ErrorAlert error={formError} />
          <Paper withBorder radius="md" p="lg">
            <Stack gap="md">
              <Select
                label="Time zone"
                description="Your hours are in this zone, also when clocks change."
                data={allZones()}
                value={timeZone}
                onChange={(z) => z && setTimeZone(z)}
                searchable
                limit={60}
                allowDeselect={false}
                error={errors.timeZone}
                maw={360}
              />
              <Title order={3} fz="md">
                Weekly hours
              </Title>
              <WeeklyHoursEditor value={weekly} onChange={setWeekly} errors={errors} />
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Stack gap="sm">
              <Title order={3} fz="md">
                Exceptions
              </Title>
              <Text fz="sm" c="dimmed">
                Holidays, a day off, or a day with other hours.
              </Text>
              <OverridesEditor value={overrides} onChange={setOverrides} errors={errors} today={dayKey(new Date().toISOString(), timeZone)} />
            </Stack>
          </Paper>
          <Group justify="flex-end">
            <Button onClick={() => void save()} loading={saving}>
              Save hours
            </Button>
          </Group>
        </Stack>
      )}
    </>
  );
}
