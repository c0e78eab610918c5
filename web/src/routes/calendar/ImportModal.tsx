import { Button, Group, Input, List, Modal, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { importIcs, invalidateCalendar } from './calendarApi';
import type { CalendarInfo, ImportResult } from './calendarTypes';
import { defaultCalendarId } from './eventForm';
import { browserZone } from './time';

/** Import an .ics file (Google, Apple, Outlook, Bitrix24…) into one of your calendars. */
export function ImportModal({ opened, onClose, calendars }: { opened: boolean; onClose: () => void; calendars: CalendarInfo[] }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [calendarId, setCalendarId] = useState<string>('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setFile(null);
      setResult(null);
      setError(null);
      setCalendarId(defaultCalendarId(calendars));
    }
  }, [opened, calendars]);

  const submit = async () => {
    if (!file || !calendarId) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await importIcs(calendarId, file, browserZone()));
      await invalidateCalendar(queryClient);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Import events</Text>} size="md">
      <Stack gap="md">
        <ErrorAlert error={error} />
        {result ? (
          <Stack gap="xs" role="status">
            <Text fz="sm">
              Imported {result.imported} {result.imported === 1 ? 'event' : 'events'}
              {result.updated ? `, updated ${result.updated}` : ''}
              {result.skipped ? `, skipped ${result.skipped} already here` : ''}.
            </Text>
            {result.errors.length ? (
              <>
                <Text fz="sm" c="red">
                  {result.errors.length} could not be imported:
                </Text>
                <List size="sm" spacing={2}>
                  {result.errors.slice(0, 20).map((e, i) => (
                    <List.Item key={i}>
                      {e.uid ? `${e.uid}: ` : ''}
                      {e.message}
                    </List.Item>
                  ))}
                </List>
              </>
            ) : null}
            <Group justify="flex-end">
              <Button onClick={onClose}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <>
            <Input.Wrapper
              label="Calendar file (.ics)"
              id="calendar-import-file"
              description="Exported from Google Calendar, Apple Calendar, Outlook, Bitrix24…"
            >
              <input
                id="calendar-import-file"
                type="file"
                accept=".ics,text/calendar"
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
                style={{ display: 'block', marginTop: 6 }}
              />
            </Input.Wrapper>
            <Select
              label="Import into"
              data={calendars.map((c) => ({ value: c.id, label: c.name }))}
              value={calendarId}
              onChange={(v) => setCalendarId(v ?? '')}
              allowDeselect={false}
            />
            <Text fz="xs" c="dimmed">
              Events you imported before are skipped, or updated when the file has a newer version. Times without a zone are read in {browserZone()}.
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button onClick={() => void submit()} loading={busy} disabled={!file || !calendarId}>
                Import
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
