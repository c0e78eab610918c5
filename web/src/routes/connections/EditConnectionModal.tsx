import { Button, ColorInput, Divider, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { CalendarChoices, choicesOf, type CalendarChoice } from './CalendarChoices';
import { SWATCHES } from './ConnectModal';
import { invalidateConnections, updateConnection } from './connectionsApi';
import type { Connection, ConnectionPatch } from './types';

interface Values {
  name: string;
  color: string;
  url: string;
  username: string;
  password: string;
}

const valuesOf = (c: Connection | null): Values => ({
  name: c?.name ?? '',
  color: c?.color ?? SWATCHES[5]!,
  url: c?.url ?? '',
  username: c?.username ?? '',
  password: '',
});

/** Rename, recolour, change the address or credentials, and choose busy / write-back calendars. One PATCH. */
export function EditConnectionModal({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(connection),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : 'Choose a colour'),
      url: (v) => (/^(https?|webcal):\/\/\S+$/i.test(v.trim()) ? null : 'Enter an address starting with https://, http:// or webcal://'),
    },
  });
  const [choices, setChoices] = useState<CalendarChoice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!connection) return;
    form.setValues(valuesOf(connection));
    form.resetDirty(valuesOf(connection));
    form.clearErrors();
    setChoices(choicesOf(connection.calendars));
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection?.id]);

  const submit = form.onSubmit(async (v) => {
    if (!connection) return;
    setSaving(true);
    setError(null);
    const body: ConnectionPatch = { name: v.name.trim(), color: v.color };
    if (v.url.trim() !== connection.url) body.url = v.url.trim();
    if (connection.kind === 'caldav') {
      if (form.isDirty('username')) body.username = v.username.trim();
      // Empty keeps the stored password (it is never sent back to the browser).
      if (v.password) body.password = v.password;
      if (connection.calendars.length > 0) body.calendars = choices;
    }
    try {
      await updateConnection(connection.id, body);
      await invalidateConnections(queryClient);
      notifications.show({ message: `Saved “${v.name.trim()}”`, color: 'teal' });
      onClose();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setSaving(false);
    }
  });

  const caldav = connection?.kind === 'caldav';
  return (
    <Modal opened={!!connection} onClose={onClose} title={<Text fw={600}>Edit “{connection?.name}”</Text>} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <ErrorAlert error={error} />
          <Group grow align="flex-start">
            <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
            <ColorInput label="Colour" swatches={SWATCHES} swatchesPerRow={10} format="hex" {...form.getInputProps('color')} />
          </Group>
          <TextInput label={caldav ? 'Server URL' : 'Calendar address (URL)'} required {...form.getInputProps('url')} />
          {caldav ? (
            <Group grow align="flex-start">
              <TextInput label="User name" autoComplete="off" {...form.getInputProps('username')} />
              <PasswordInput
                label="App password"
                description={connection?.hasPassword ? 'Empty: keep the current one' : undefined}
                autoComplete="new-password"
                {...form.getInputProps('password')}
              />
            </Group>
          ) : null}
          {caldav && connection && connection.calendars.length > 0 ? (
            <>
              <Divider label="Calendars" labelPosition="left" />
              <CalendarChoices calendars={connection.calendars} value={choices} onChange={setChoices} canWriteBack />
            </>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
