import { Alert, Button, Group, MultiSelect, NumberInput, Stack, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Temporal } from 'temporal-polyfill';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/session';
import { useUsers } from '../tasks/tasksApi';
import { findTimes } from './schedulingApi';
import { SuggestionList } from './SuggestionList';
import type { FindTimesResult, Suggestion } from './types';

interface Props {
  /** Meeting length in minutes. */
  durationMinutes: number;
  /** The event's zone: times are shown and picked in it. */
  timeZone: string;
  /** First day to look at ("YYYY-MM-DD" in timeZone). */
  fromDate: string;
  /** A time was chosen: local start and end in timeZone, and who was asked. */
  onPick: (pick: { start: string; end: string; attendeeIds: string[] }) => void;
}

const localIn = (iso: string, zone: string) => Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });

/** Find a time (SCH-2) inside the event editor: who must come, who may, and the best times with why. */
export function FindTimePanel({ durationMinutes, timeZone, fromDate, onPick }: Props) {
  const session = useSession();
  const { users } = useUsers();
  const [required, setRequired] = useState<string[]>([session.user.id]);
  const [optional, setOptional] = useState<string[]>([]);
  const [days, setDays] = useState<number | string>(7);
  const [result, setResult] = useState<FindTimesResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const options = users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }));

  const search = async () => {
    setLoading(true);
    setError(null);
    try {
      const first = Temporal.PlainDate.from(fromDate || Temporal.Now.plainDateISO(timeZone).toString());
      const from = first.toZonedDateTime({ timeZone }).toInstant().toString();
      const to = first
        .add({ days: Number(days) || 7 })
        .toZonedDateTime({ timeZone })
        .toInstant()
        .toString();
      setResult(
        await findTimes({ attendeeIds: required, optionalAttendeeIds: optional, durationMinutes: Math.max(5, durationMinutes), from, to, timeZone, limit: 8 }),
      );
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setLoading(false);
    }
  };

  const pick = (s: Suggestion) =>
    onPick({ start: localIn(s.start, timeZone), end: localIn(s.end, timeZone), attendeeIds: [...new Set([...required, ...s.optionalAvailable])] });

  return (
    <Stack gap="sm" p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}>
      <MultiSelect label="Who must come" data={options} value={required} onChange={setRequired} searchable />
      <MultiSelect
        label="Who may come (optional)"
        data={options.filter((o) => !required.includes(o.value))}
        value={optional}
        onChange={setOptional}
        searchable
      />
      <Group align="flex-end" gap="sm">
        <NumberInput label="Look ahead (days)" min={1} max={60} value={days} onChange={setDays} w={150} />
        <Button leftSection={<IconSearch size={16} />} onClick={() => void search()} loading={loading} disabled={required.length === 0}>
          Find times
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {result ? (
        <>
          {result.notes.map((n) => (
            <Alert key={n} variant="light" color="gray" p="xs">
              <Text fz="xs">{n}</Text>
            </Alert>
          ))}
          {result.suggestions.length ? (
            <SuggestionList suggestions={result.suggestions} timeZone={timeZone} onPick={pick} />
          ) : (
            <Text fz="sm" c="dimmed">
              No time works for everyone. Look further ahead, or make someone optional.
            </Text>
          )}
        </>
      ) : null}
    </Stack>
  );
}
