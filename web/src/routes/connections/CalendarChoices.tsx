import { Checkbox, ColorSwatch, Group, Radio, Stack, Table, Text } from '@mantine/core';
import type { RemoteCalendar } from './types';

export interface CalendarChoice {
  id: string;
  busy: boolean;
  writeBack: boolean;
}

export const choicesOf = (calendars: RemoteCalendar[]): CalendarChoice[] => calendars.map((c) => ({ id: c.id, busy: c.busy, writeBack: c.writeBack }));

interface CalendarChoicesProps {
  calendars: RemoteCalendar[];
  value: CalendarChoice[];
  onChange: (value: CalendarChoice[]) => void;
  /** Only CalDAV accounts can be written to. */
  canWriteBack: boolean;
}

/** Per calendar of a connection: counts as busy (checkbox), and at most one where bookings are written (radio, or none). */
export function CalendarChoices({ calendars, value, onChange, canWriteBack }: CalendarChoicesProps) {
  const choice = (id: string) => value.find((v) => v.id === id) ?? { id, busy: false, writeBack: false };
  const writeBackId = value.find((v) => v.writeBack)?.id ?? '';
  const setBusy = (id: string, busy: boolean) => onChange(calendars.map((c) => (c.id === id ? { ...choice(c.id), busy } : choice(c.id))));
  const setWriteBack = (id: string) => onChange(calendars.map((c) => ({ ...choice(c.id), writeBack: c.id === id })));

  if (calendars.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        No calendars were found in this account yet. They appear after the first sync.
      </Text>
    );
  }
  return (
    <Radio.Group value={writeBackId} onChange={setWriteBack} aria-label="Write bookings to">
      <Table verticalSpacing={6} horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Calendar</Table.Th>
            <Table.Th ta="center">Counts as busy</Table.Th>
            {canWriteBack ? <Table.Th ta="center">Write bookings here</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calendars.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <ColorSwatch color={c.color ?? 'var(--mantine-color-gray-5)'} size={10} withShadow={false} aria-hidden />
                  <Text fz="sm">{c.name}</Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Group justify="center">
                  <Checkbox checked={choice(c.id).busy} onChange={(e) => setBusy(c.id, e.currentTarget.checked)} aria-label={`${c.name} counts as busy`} />
                </Group>
              </Table.Td>
              {canWriteBack ? (
                <Table.Td>
                  <Group justify="center">
                    <Radio value={c.id} aria-label={`Write bookings to ${c.name}`} />
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canWriteBack ? (
        <Stack gap={4} mt="xs">
          <Radio value="" label="Do not write bookings to this account" />
          <Text fz="xs" c="dimmed">
            Bookings and auto-scheduled blocks are also written to the chosen calendar, and moved or removed with them. You can pick one such calendar across
            all your connections.
          </Text>
        </Stack>
      ) : null}
    </Radio.Group>
  );
}
