import { Alert, Button, ColorInput, Group, Modal, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError, errorMessage } from '../../lib/errors';
import { CalendarChoices, choicesOf, type CalendarChoice } from './CalendarChoices';
import { createConnection, getConnection, invalidateConnections, syncConnection, testConnection, updateConnection } from './connectionsApi';
import { ProviderHints } from './ProviderHints';
import type { Connection, ConnectionKind } from './types';

export const SWATCHES = ['#228be6', '#12b886', '#fab005', '#fd7e14', '#fa5252', '#be4bdb', '#7950f2', '#15aabf', '#40c057', '#868e96'];

interface Values {
  kind: ConnectionKind;
  url: string;
  username: string;
  password: string;
  name: string;
  color: string;
}

const EMPTY: Values = { kind: 'caldav', url: '', username: '', password: '', name: '', color: SWATCHES[5]! };

const urlPattern = /^(https?|webcal):\/\/\S+$/i;

/** The request body of a test or a connect, from the form. */
function credentialsOf(v: Values) {
  const url = v.url.trim();
  return v.kind === 'caldav' ? { kind: v.kind, url, username: v.username.trim(), password: v.password } : { kind: v.kind, url };
}

type TestResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * Connect a CalDAV account or an iCalendar subscription: fill in, optionally test, connect;
 * then (CalDAV) choose which calendars count as busy and which one bookings are written to.
 */
export function ConnectModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: {
      url: (v) => (urlPattern.test(v.trim()) ? null : 'Enter an address starting with https://, http:// or webcal://'),
      username: (v, values) => (values.kind === 'caldav' && !v.trim() ? 'Enter your user name' : null),
      password: (v, values) => (values.kind === 'caldav' && !v ? 'Enter an app password' : null),
      color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : 'Choose a colour'),
    },
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'test' | 'connect' | 'save' | null>(null);
  const [tested, setTested] = useState<TestResult | null>(null);
  const [created, setCreated] = useState<Connection | null>(null);
  const [choices, setChoices] = useState<CalendarChoice[]>([]);

  useEffect(() => {
    if (!opened) return;
    form.setValues(EMPTY);
    form.clearErrors();
    setError(null);
    setTested(null);
    setCreated(null);
    setChoices([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  const test = async () => {
    if ((await form.validate()).hasErrors) return;
    setBusy('test');
    setTested(null);
    setError(null);
    try {
      const result = await testConnection(credentialsOf(form.values));
      const found = result.calendars.length;
      setTested({
        ok: true,
        message:
          result.eventCount !== null
            ? `Reachable: the feed has ${result.eventCount === 1 ? '1 event' : `${result.eventCount} events`}.`
            : `Reachable: found ${found === 1 ? '1 calendar' : `${found} calendars`}.`,
      });
    } catch (err) {
      setTested({ ok: false, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const connect = form.onSubmit(async (v) => {
    setBusy('connect');
    setError(null);
    try {
      let connection = await createConnection({ ...credentialsOf(v), name: v.name.trim() || undefined, color: v.color });
      if (connection.kind === 'caldav') {
        // A CalDAV account's calendars are found by its first sync: run it now, so that the
        // person chooses the busy and write-back calendars right away (a failure shows on the card).
        await syncConnection(connection.id).catch(() => undefined);
        connection = await getConnection(connection.id);
      }
      await invalidateConnections(queryClient);
      notifications.show({ message: `Connected “${connection.name}”`, color: 'teal' });
      if (connection.kind === 'caldav' && connection.calendars.length > 0) {
        setCreated(connection);
        setChoices(choicesOf(connection.calendars));
      } else onClose();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(null);
    }
  });

  const saveChoices = async () => {
    if (!created) return;
    setBusy('save');
    setError(null);
    try {
      await updateConnection(created.id, { calendars: choices });
      await invalidateConnections(queryClient);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const caldav = form.values.kind === 'caldav';
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{created ? `Calendars of “${created.name}”` : 'Connect a calendar'}</Text>} size="lg">
      {created ? (
        <Stack gap="md">
          <ErrorAlert error={error} />
          <Text fz="sm">Choose which calendars count as busy time for your availability, find-a-time and booking pages.</Text>
          <CalendarChoices calendars={created.calendars} value={choices} onChange={setChoices} canWriteBack />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={busy !== null}>
              Later
            </Button>
            <Button onClick={() => void saveChoices()} loading={busy === 'save'}>
              Save choices
            </Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={connect}>
          <Stack gap="md">
            <ErrorAlert error={error} />
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="connection-kind-label">
                What to connect
              </Text>
              <SegmentedControl
                aria-labelledby="connection-kind-label"
                data={[
                  { value: 'caldav', label: 'CalDAV account' },
                  { value: 'ics', label: 'Subscription (iCalendar URL)' },
                ]}
                {...form.getInputProps('kind')}
                onChange={(kind) => {
                  form.setFieldValue('kind', kind as ConnectionKind);
                  form.clearErrors();
                  setTested(null);
                }}
              />
            </Stack>
            <TextInput
              label={caldav ? 'Server URL' : 'Calendar address (URL)'}
              description={caldav ? 'The base address is enough: calendars are discovered from it.' : 'An https:// or webcal:// link to an .ics feed.'}
              placeholder={caldav ? 'https://cloud.example.com/remote.php/dav' : 'webcal://example.com/calendar.ics'}
              required
              data-autofocus
              {...form.getInputProps('url')}
            />
            {caldav ? (
              <Group grow align="flex-start">
                <TextInput label="User name" required autoComplete="off" {...form.getInputProps('username')} />
                <PasswordInput label="App password" required autoComplete="new-password" {...form.getInputProps('password')} />
              </Group>
            ) : null}
            <Group grow align="flex-start">
              <TextInput label="Name" description="Empty: the name the server gives" {...form.getInputProps('name')} />
              <ColorInput label="Colour" swatches={SWATCHES} swatchesPerRow={10} format="hex" {...form.getInputProps('color')} />
            </Group>
            {tested ? (
              <Alert color={tested.ok ? 'green' : 'red'} variant="light" icon={tested.ok ? <IconCircleCheck size={18} /> : undefined} role="status">
                {tested.message}
              </Alert>
            ) : null}
            <ProviderHints kind={form.values.kind} />
            <Group justify="space-between" gap="sm">
              <Button variant="light" onClick={() => void test()} loading={busy === 'test'} disabled={busy === 'connect'}>
                Test
              </Button>
              <Group gap="sm">
                <Button variant="default" onClick={onClose} disabled={busy !== null}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy === 'connect'} disabled={busy === 'test'}>
                  Connect
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
