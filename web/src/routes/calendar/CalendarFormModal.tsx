import { Button, ColorInput, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { invalidateCalendar } from './calendarApi';
import type { CalendarInfo, CalendarKind } from './calendarTypes';
import { client, unwrap } from '../../api/client';
import { limitedInputs } from '../../lib/limits';

const SWATCHES = ['#228be6', '#12b886', '#fab005', '#fd7e14', '#fa5252', '#be4bdb', '#7950f2', '#15aabf', '#40c057', '#868e96'];

interface CalendarFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The calendar to rename and recolour; none to make a new one. */
  calendar: CalendarInfo | null;
  canCreateShared: boolean;
}

export function CalendarFormModal({ opened, onClose, calendar, canCreateShared }: CalendarFormModalProps) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: '', color: SWATCHES[0]!, kind: 'personal' as CalendarKind },
    validate: { name: (v) => (v.trim() ? null : 'Enter a name'), color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : 'Choose a colour') },
  });
  const input = limitedInputs(form, 'POST /api/calendars');
  useEffect(() => {
    if (opened) {
      form.setValues({ name: calendar?.name ?? '', color: calendar?.color ?? SWATCHES[0]!, kind: calendar?.kind ?? 'personal' });
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, calendar]);

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{calendar ? 'Calendar settings' : 'New calendar'}</Text>}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          setSaving(true);
          setError(null);
          try {
            if (calendar)
              await unwrap(client.PATCH('/api/calendars/{id}', { params: { path: { id: calendar.id } }, body: { name: v.name.trim(), color: v.color } }));
            else await unwrap(client.POST('/api/calendars', { body: { name: v.name.trim(), color: v.color, kind: v.kind } }));
            await invalidateCalendar(queryClient);
            onClose();
          } catch (err) {
            setError(applyFormError(form, err));
          } finally {
            setSaving(false);
          }
        })}
      >
        <Stack gap="md">
          <ErrorAlert error={error} />
          <TextInput label="Name" required data-autofocus {...input('name')} />
          <ColorInput label="Colour" swatches={SWATCHES} swatchesPerRow={10} format="hex" {...input('color')} />
          {!calendar && canCreateShared ? (
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="calendar-kind-label">
                Who sees it
              </Text>
              <SegmentedControl
                aria-labelledby="calendar-kind-label"
                data={[
                  { value: 'personal', label: 'Only me' },
                  { value: 'shared', label: 'Everyone in the portal' },
                ]}
                {...input('kind')}
              />
            </Stack>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {calendar ? 'Save' : 'Create calendar'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
