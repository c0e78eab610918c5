import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSparkles } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/session';
import { wallIn } from '../calendar/time';
import { useUsers } from '../tasks/tasksApi';
import { minutesLabel } from './format';
import { findTimes, invalidateEvents, parseQuickAdd } from './schedulingApi';
import { SuggestionList } from './SuggestionList';
import type { FindTimesResult, QuickAddParse, Suggestion } from './types';
import { client, unwrap } from '../../api/client';

/**
 * Quick add (SCH-5): "30 min with Mia next Tuesday afternoon" → the best
 * times for you and the people named, one click to put it in the calendar.
 */
export function QuickAddBox({ timeZone }: { timeZone: string }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const { nameOf } = useUsers();
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<QuickAddParse | null>(null);
  const [result, setResult] = useState<FindTimesResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [widened, setWidened] = useState(false);

  const run = async () => {
    if (!text.trim()) return;
    setLoading(true);
    setError(null);
    try {
      const p = await parseQuickAdd(text.trim(), timeZone);
      const ask = (from: string, to: string) =>
        findTimes({ attendeeIds: [...new Set([session.user.id, ...p.attendeeIds])], durationMinutes: p.durationMinutes, from, to, timeZone, limit: 6 });
      let found = await ask(p.window.from, p.window.to);
      setWidened(false);
      if (found.suggestions.length === 0) {
        // Nothing in the window asked for: offer the next times that work in the week after.
        const later = await ask(p.window.from, new Date(Date.parse(p.window.from) + 7 * 86_400_000).toISOString());
        if (later.suggestions.length) {
          found = later;
          setWidened(true);
        }
      }
      setParsed(p);
      setResult(found);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  const close = () => {
    setParsed(null);
    setResult(null);
  };

  const create = async (s: Suggestion) => {
    if (!parsed) return;
    const attendees = [
      ...[...new Set([session.user.id, ...parsed.attendeeIds])].map((userId) => ({ userId })),
      ...parsed.contacts.filter((c) => c.email).map((c) => ({ email: c.email!, name: c.name })),
    ];
    try {
      const others = [...parsed.attendeeIds.filter((id) => id !== session.user.id).map((id) => nameOf(id) ?? ''), ...parsed.contacts.map((c) => c.name)].filter(
        Boolean,
      );
      const title = parsed.title ?? (others.length ? `Meeting with ${others.join(', ')}` : 'Meeting');
      await unwrap(client.POST('/api/events', { body: { title, start: wallIn(s.start, timeZone), end: wallIn(s.end, timeZone), timeZone, attendees } }));
      await invalidateEvents(queryClient);
      notifications.show({ message: 'Added to your calendar', color: 'teal' });
      setText('');
      close();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Quick add"
            placeholder="30 min with Mia next Tuesday afternoon"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={{ base: '100%', sm: 340 }}
            size="xs"
          />
          <Button type="submit" size="xs" variant="light" leftSection={<IconSparkles size={14} />} loading={loading}>
            Find
          </Button>
        </Group>
      </form>
      <Modal opened={!!parsed} onClose={close} title={<Text fw={600}>{parsed?.title ?? 'New meeting'}</Text>} size="lg">
        {parsed ? (
          <Stack gap="sm">
            <Text fz="sm" c="dimmed">
              {minutesLabel(parsed.durationMinutes)}
              {parsed.understood.when ? ` · ${parsed.understood.when}` : ' · in the coming week'}
              {parsed.contacts.length ? ` · with ${parsed.contacts.map((c) => c.name).join(', ')} (CRM)` : ''}
            </Text>
            {parsed.unmatchedNames.length ? (
              <Alert variant="light" color="yellow" p="xs">
                <Text fz="xs">Nobody called {parsed.unmatchedNames.join(', ')} in this portal or the CRM: not invited.</Text>
              </Alert>
            ) : null}
            {parsed.ambiguous.map((a) => (
              <Alert key={a.name} variant="light" color="yellow" p="xs">
                <Text fz="xs">
                  “{a.name}” could be {a.candidates.map((c) => c.name).join(' or ')}: not invited; type the full name.
                </Text>
              </Alert>
            ))}
            <ErrorAlert error={error} />
            {widened ? (
              <Alert variant="light" color="blue" p="xs">
                <Text fz="xs">Nothing is free {parsed.understood.when ?? 'then'} for everyone; these are the next times that work.</Text>
              </Alert>
            ) : null}
            {result?.notes
              .filter((n) => !widened || !n.startsWith('No time'))
              .map((n) => (
                <Text key={n} fz="xs" c="dimmed">
                  {n}
                </Text>
              ))}
            {result && result.suggestions.length ? (
              <SuggestionList suggestions={result.suggestions} timeZone={timeZone} onPick={(s) => void create(s)} pickLabel="Add to calendar" />
            ) : (
              <Text fz="sm">No time in that window works for everyone.</Text>
            )}
          </Stack>
        ) : null}
      </Modal>
      {!parsed ? <ErrorAlert error={error} mt="xs" /> : null}
    </>
  );
}
