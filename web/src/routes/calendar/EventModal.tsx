import { Alert, Button, Fieldset, Group, Loader, Modal, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { invalidateCalendar, useEventDetail } from './calendarApi';
import type { CalendarInfo } from './calendarTypes';
import {
  createPayload,
  firstDayOf,
  occurrencePayload,
  seriesPayload,
  valuesForNew,
  valuesForOccurrence,
  type EventFormValues,
  type EventTarget,
} from './eventForm';
import { RecurrenceEditor } from './RecurrenceEditor';
import { followStartDay } from './recurrenceForm';
import { FindTimePanel } from '../scheduling/FindTimePanel';
import { BlockPinSwitch } from '../scheduling/BlockPinSwitch';
import { ScopeModal, type Scope } from './ScopeModal';
import { allZones, isLocalDate, isLocalDateTime, minutesBetween } from './time';
import { client, unwrap } from '../../api/client';
import { limitedInputs } from '../../lib/limits';

interface EventModalProps {
  target: EventTarget | null;
  calendars: CalendarInfo[];
  onClose: () => void;
}

/** What people read in this dialog that is not a form label (one place: issue 15 translates it). */
const TEXTS = {
  readOnlyTitle: 'Event',
  readOnly: 'You are invited to this event. Only people who see its calendar can change it.',
  close: 'Close',
};

const validate = {
  title: (v: string) => (v.trim() ? null : 'Enter a title'),
  start: (v: string, all: EventFormValues) => (all.allDay || isLocalDateTime(v) ? null : 'Enter a start date and time'),
  end: (v: string, all: EventFormValues) =>
    all.allDay ? null : !isLocalDateTime(v) ? 'Enter an end date and time' : v < all.start ? 'The end must not be before the start' : null,
  startDate: (v: string, all: EventFormValues) => (!all.allDay || isLocalDate(v) ? null : 'Enter the first day'),
  endDate: (v: string, all: EventFormValues) => (!all.allDay || !v || v >= all.startDate ? null : 'The last day must not be before the first'),
  timeZone: (v: string) => (v ? null : 'Choose a time zone'),
  calendarId: (v: string) => (v ? null : 'Choose a calendar'),
};

/** Create an event, or change or delete one (for a series: this occurrence or all of them). */
export function EventModal({ target, calendars, onClose }: EventModalProps) {
  const queryClient = useQueryClient();
  const occurrence = target?.mode === 'edit' ? target.occurrence : null;
  const detail = useEventDetail(occurrence?.eventId ?? null);
  const form = useForm<EventFormValues>({
    initialValues: valuesForNew({ mode: 'create', allDay: false, start: '2000-01-01T09:00', end: '2000-01-01T10:00', timeZone: 'UTC' }, calendars),
    validate,
    // The weekly day follows the first day while the person has not chosen days themselves.
    onValuesChange: (values, previous) => {
      if (JSON.stringify(values.repeat) !== JSON.stringify(previous.repeat)) return; // the dialog was (re)filled, or days were chosen
      const repeat = followStartDay(values.repeat, firstDayOf(previous), firstDayOf(values));
      if (repeat !== values.repeat) form.setFieldValue('repeat', repeat);
    },
  });
  const input = limitedInputs(form, 'POST /api/events');
  const initial = useRef<EventFormValues | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [asking, setAsking] = useState<'save' | 'delete' | null>(null);
  // People invited through "Find a time" (new events only).
  const [invited, setInvited] = useState<string[]>([]);
  const [finding, setFinding] = useState(false);

  // Fill the form when the dialog opens on something new.
  const key = target
    ? target.mode === 'create'
      ? `new:${target.start}:${target.allDay}`
      : `${target.occurrence.eventId}:${target.occurrence.recurrenceId}`
    : null;
  const ready = !!target && (target.mode === 'create' || !!detail.data);
  useEffect(() => {
    if (!target || !ready) return;
    const values = target.mode === 'create' ? valuesForNew(target, calendars) : valuesForOccurrence(target.occurrence, detail.data!);
    initial.current = values;
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
    setFormError(null);
    setInvited([]);
    setFinding(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, ready]);

  const recurring = !!occurrence?.isRecurring;
  // An event the caller is invited to but whose calendar they do not see: shown, not changed.
  const readOnly = !!occurrence && detail.data?.canEdit === false;
  const done = async (message: string) => {
    await invalidateCalendar(queryClient);
    notifications.show({ message, color: 'teal' });
    onClose();
  };
  const run = async (action: () => Promise<unknown>, message: string) => {
    setSaving(true);
    setFormError(null);
    try {
      await action();
      await done(message);
    } catch (err) {
      setFormError(applyFormError(form, err, { codeFields: { INVALID_RRULE: 'repeat', NOT_FOUND: 'calendarId' } }));
    } finally {
      setSaving(false);
    }
  };

  const save = (values: EventFormValues, scope?: Scope) => {
    if (!occurrence) {
      const attendees = invited.length ? { attendees: invited.map((userId) => ({ userId })) } : {};
      return run(() => unwrap(client.POST('/api/events', { body: { ...createPayload(values), ...attendees } })), 'Event created');
    }
    const path = { id: occurrence.eventId };
    if (!recurring) return run(() => unwrap(client.PATCH('/api/events/{id}', { params: { path }, body: createPayload(values) })), 'Event saved');
    if (scope === 'this') {
      return run(
        () =>
          unwrap(
            client.PUT('/api/events/{id}/occurrences/{recurrenceId}', {
              params: { path: { ...path, recurrenceId: occurrence.recurrenceId! } },
              body: occurrencePayload(values),
            }),
          ),
        'This occurrence was changed',
      );
    }
    return run(
      () => unwrap(client.PATCH('/api/events/{id}', { params: { path }, body: seriesPayload(values, initial.current!, detail.data!) })),
      'All occurrences were changed',
    );
  };

  const remove = (scope: Scope) => {
    const id = occurrence!.eventId;
    if (recurring && scope === 'this')
      return run(
        () => unwrap(client.DELETE('/api/events/{id}/occurrences/{recurrenceId}', { params: { path: { id, recurrenceId: occurrence!.recurrenceId! } } })),
        'This occurrence was deleted',
      );
    return run(() => unwrap(client.DELETE('/api/events/{id}', { params: { path: { id } } })), recurring ? 'All occurrences were deleted' : 'Event deleted');
  };

  const onSubmit = form.onSubmit((values) => {
    if (recurring) setAsking('save');
    else void save(values);
  });

  return (
    <>
      <Modal
        opened={!!target && !asking}
        onClose={onClose}
        title={<Text fw={600}>{readOnly ? TEXTS.readOnlyTitle : occurrence ? 'Edit event' : 'New event'}</Text>}
        size="lg"
      >
        {!ready ? (
          detail.error ? (
            <ErrorAlert error={detail.error} />
          ) : (
            <Group justify="center" py="xl">
              <Loader size="sm" aria-label="Loading the event" />
            </Group>
          )
        ) : (
          <form noValidate onSubmit={onSubmit}>
            <Stack gap="sm">
              <ErrorAlert error={formError} />
              {readOnly ? (
                <Alert color="blue" variant="light">
                  {TEXTS.readOnly}
                </Alert>
              ) : null}
              {occurrence && !recurring && !readOnly ? <BlockPinSwitch eventId={occurrence.eventId} /> : null}
              <Fieldset variant="unstyled" disabled={readOnly} p={0}>
                <Stack gap="sm">
                  <TextInput label="Title" data-autofocus {...input('title')} />
                  <Switch label="All day" {...input('allDay', { type: 'checkbox' })} />
                  {form.values.allDay ? (
                    <Group grow align="flex-start">
                      <TextInput type="date" label="Start" {...input('startDate')} />
                      <TextInput type="date" label="End" description="Last day" {...input('endDate')} />
                    </Group>
                  ) : (
                    <Group grow align="flex-start">
                      <TextInput type="datetime-local" label="Start" {...input('start')} />
                      <TextInput type="datetime-local" label="End" {...input('end')} />
                    </Group>
                  )}
                  <Select
                    label="Time zone"
                    data={allZones()}
                    searchable
                    limit={60}
                    allowDeselect={false}
                    nothingFoundMessage="No such time zone"
                    {...input('timeZone')}
                  />
                  {!occurrence && !form.values.allDay ? (
                    finding ? (
                      <FindTimePanel
                        durationMinutes={
                          isLocalDateTime(form.values.start) && isLocalDateTime(form.values.end)
                            ? Math.max(5, minutesBetween(form.values.start, form.values.end))
                            : 30
                        }
                        timeZone={form.values.timeZone}
                        fromDate={form.values.start.slice(0, 10)}
                        onPick={(pick) => {
                          form.setFieldValue('start', pick.start);
                          form.setFieldValue('end', pick.end);
                          setInvited(pick.attendeeIds);
                          setFinding(false);
                        }}
                      />
                    ) : (
                      <Group gap="xs">
                        <Button variant="light" size="xs" onClick={() => setFinding(true)}>
                          Find a time…
                        </Button>
                        {invited.length ? (
                          <Text fz="xs" c="dimmed">
                            {invited.length} {invited.length === 1 ? 'person' : 'people'} invited
                          </Text>
                        ) : null}
                      </Group>
                    )
                  ) : null}
                  <RecurrenceEditor
                    value={form.values.repeat}
                    onChange={(repeat) => form.setFieldValue('repeat', repeat)}
                    error={form.errors.repeat as string | undefined}
                  />
                  <TextInput label="Location" {...input('location')} />
                  <Textarea label="Description" autosize minRows={2} maxRows={8} {...input('description')} />
                  <Select label="Calendar" data={calendars.map((c) => ({ value: c.id, label: c.name }))} allowDeselect={false} {...input('calendarId')} />
                </Stack>
              </Fieldset>
              {readOnly ? (
                <Group justify="flex-end" mt="xs">
                  <Button variant="default" onClick={onClose}>
                    {TEXTS.close}
                  </Button>
                </Group>
              ) : (
                <Group justify="space-between" mt="xs">
                  {occurrence ? (
                    <Button color="red" variant="subtle" onClick={() => (recurring ? setAsking('delete') : void remove('all'))} disabled={saving}>
                      Delete
                    </Button>
                  ) : (
                    <span />
                  )}
                  <Group gap="sm">
                    <Button variant="default" onClick={onClose} disabled={saving}>
                      Cancel
                    </Button>
                    <Button type="submit" loading={saving}>
                      Save
                    </Button>
                  </Group>
                </Group>
              )}
            </Stack>
          </form>
        )}
      </Modal>
      <ScopeModal
        action={asking}
        onClose={() => setAsking(null)}
        onChoose={(scope) => {
          const action = asking;
          setAsking(null);
          if (action === 'delete') void remove(scope);
          else void save(form.getValues(), scope);
        }}
      />
    </>
  );
}
