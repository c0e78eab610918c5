import { Button, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFormError } from '../../lib/errors';
import { isAdminRole, useSession } from '../../lib/session';
import { useUsers } from '../tasks/tasksApi';
import { LOCATION_KINDS, type MeetingLocationValue } from './MeetingLocation';
import type { BookingMode, BookingPage } from './types';
import { client, unwrap } from '../../api/client';
import { limitedInputs, maxLengthOf } from '../../lib/limits';

interface Values {
  title: string;
  slug: string;
  description: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: string;
  dailyLimit: number | '';
  hostIds: string[];
  mode: BookingMode;
  active: boolean;
  /** '' = no location given. */
  locationKind: MeetingLocationValue['kind'] | '';
  locationValue: string;
}

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

function initial(page: BookingPage | null, me: string): Values {
  return {
    title: page?.title ?? '',
    slug: page?.slug ?? '',
    description: page?.description ?? '',
    durationMinutes: page?.durationMinutes ?? 30,
    bufferBeforeMinutes: page?.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: page?.bufferAfterMinutes ?? 0,
    minimumNoticeMinutes: page?.minimumNoticeMinutes ?? 240,
    horizonDays: page?.horizonDays ?? 60,
    slotStepMinutes: String(page?.slotStepMinutes ?? 30),
    dailyLimit: page?.dailyLimit ?? '',
    hostIds: page?.hosts.map((h) => h.userId) ?? [me],
    mode: page?.mode ?? 'collective',
    active: page?.active ?? true,
    locationKind: page?.location?.kind ?? '',
    locationValue: page?.location?.value ?? '',
  };
}

/** Create or change a booking page: what guests book, with whom, and the rules. */
export function BookingPageModal({ opened, page, onClose }: { opened: boolean; page: BookingPage | null; onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const { users } = useUsers();
  const admin = isAdminRole(session.role);
  const form = useForm<Values>({
    initialValues: initial(page, session.user.id),
    validate: {
      title: (v) => (v.trim() ? null : 'Enter a title'),
      slug: (v) => (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) ? null : 'Use lowercase letters, digits and single dashes'),
      hostIds: (v) => (v.length ? null : 'Choose at least one host'),
      locationValue: (v, values) => {
        const value = v.trim();
        if (values.locationKind === 'address' && !value) return 'Enter the address';
        if (values.locationKind === 'phone' && !/\d/.test(value)) return 'Enter a phone number';
        if (values.locationKind === 'video_url' && !/^https:\/\/\S+$/i.test(value)) return 'Enter a link starting with https://';
        return null;
      },
    },
  });
  const input = limitedInputs(form, 'POST /api/booking-pages');
  const locationMax = maxLengthOf('POST /api/booking-pages', 'location.value');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [slugTouched, setSlugTouched] = useState(false);

  useEffect(() => {
    if (!opened) return;
    form.setValues(initial(page, session.user.id));
    form.resetDirty();
    form.clearErrors();
    setError(null);
    setSlugTouched(!!page);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, page?.id]);

  const submit = form.onSubmit(async (v) => {
    setSaving(true);
    setError(null);
    const body = {
      title: v.title.trim(),
      slug: v.slug,
      description: v.description.trim() || null,
      durationMinutes: Number(v.durationMinutes),
      bufferBeforeMinutes: Number(v.bufferBeforeMinutes),
      bufferAfterMinutes: Number(v.bufferAfterMinutes),
      minimumNoticeMinutes: Number(v.minimumNoticeMinutes),
      horizonDays: Number(v.horizonDays),
      slotStepMinutes: Number(v.slotStepMinutes),
      dailyLimit: v.dailyLimit === '' ? null : Number(v.dailyLimit),
      hostIds: v.hostIds,
      mode: v.mode,
      active: v.active,
      location: v.locationKind ? { kind: v.locationKind, ...(v.locationKind === 'jitsi' ? {} : { value: v.locationValue.trim() }) } : null,
    };
    try {
      if (page) await unwrap(client.PATCH('/api/booking-pages/{id}', { params: { path: { id: page.id } }, body }));
      else await unwrap(client.POST('/api/booking-pages', { body }));
      await queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/booking-pages') });
      notifications.show({ message: page ? 'Booking page saved' : 'Booking page created', color: 'teal' });
      onClose();
    } catch (err) {
      if (isApiError(err, 'PLAN_FEATURE_REQUIRED')) setError(`${err.message} Team booking pages need a plan with them: see Settings → Billing.`);
      else setError(applyFormError(form, err, { codeFields: { SLUG_TAKEN: 'slug', INVALID_REFERENCE: 'hostIds' } }));
    } finally {
      setSaving(false);
    }
  });

  const userOptions = users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }));
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{page ? 'Edit booking page' : 'New booking page'}</Text>} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <TextInput
            label="Title"
            data-autofocus
            {...input('title')}
            onChange={(e) => {
              const title = e.currentTarget.value;
              form.setFieldValue('title', title);
              if (!slugTouched) form.setFieldValue('slug', slugOf(title));
            }}
          />
          <TextInput
            label="Address"
            description={`Guests book at /book/${session.portal.slug}/${form.values.slug || '…'}`}
            {...input('slug')}
            onChange={(e) => {
              setSlugTouched(true);
              form.setFieldValue('slug', e.currentTarget.value.toLowerCase());
            }}
          />
          <Textarea label="Description" description="Shown to guests" autosize minRows={2} maxRows={6} {...input('description')} />
          <Group grow align="flex-start">
            <Select
              label="Location"
              placeholder="Not given"
              data={LOCATION_KINDS}
              clearable
              {...input('locationKind')}
              onChange={(kind) => {
                form.setFieldValue('locationKind', (kind ?? '') as Values['locationKind']);
                form.clearFieldError('locationValue');
              }}
            />
            {form.values.locationKind === 'address' ? (
              <TextInput label="Meeting address" {...input('locationValue')} maxLength={locationMax} />
            ) : form.values.locationKind === 'phone' ? (
              <TextInput label="Phone number" type="tel" description="The guest calls this number" {...input('locationValue')} maxLength={locationMax} />
            ) : form.values.locationKind === 'video_url' ? (
              <TextInput label="Video link" placeholder="https://…" {...input('locationValue')} maxLength={locationMax} />
            ) : form.values.locationKind === 'jitsi' ? (
              <Text fz="sm" c="dimmed" mt={28}>
                Each booking gets its own room link, sent with the confirmation.
              </Text>
            ) : (
              <span />
            )}
          </Group>
          <Group grow align="flex-start">
            <NumberInput label="Length (minutes)" min={5} max={720} step={5} {...input('durationMinutes')} />
            <Select
              label="Start times every"
              data={['5', '10', '15', '20', '30', '60'].map((v) => ({ value: v, label: `${v} min` }))}
              allowDeselect={false}
              {...input('slotStepMinutes')}
            />
          </Group>
          <Group grow align="flex-start">
            <NumberInput label="Buffer before (minutes)" min={0} max={240} {...input('bufferBeforeMinutes')} />
            <NumberInput label="Buffer after (minutes)" min={0} max={240} {...input('bufferAfterMinutes')} />
          </Group>
          <Group grow align="flex-start">
            <NumberInput label="Minimum notice (minutes)" min={0} {...input('minimumNoticeMinutes')} />
            <NumberInput label="Bookable up to (days ahead)" min={1} max={365} {...input('horizonDays')} />
            <NumberInput label="At most per day and host" description="Empty: no limit" min={1} max={100} {...input('dailyLimit')} />
          </Group>
          <MultiSelect
            label="Hosts"
            description={admin ? undefined : 'Admins can add colleagues as hosts'}
            data={userOptions}
            searchable
            disabled={!admin}
            {...input('hostIds')}
          />
          {form.values.hostIds.length > 1 ? (
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="mode-label">
                Who meets the guest
              </Text>
              <SegmentedControl
                aria-labelledby="mode-label"
                data={[
                  { value: 'collective', label: 'All hosts together' },
                  { value: 'round_robin', label: 'One host, in turn' },
                ]}
                {...input('mode')}
              />
            </Stack>
          ) : null}
          <Switch label="Guests can book now" {...input('active', { type: 'checkbox' })} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {page ? 'Save' : 'Create page'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
