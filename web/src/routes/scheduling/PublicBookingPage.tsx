import { Alert, Anchor, Button, Group, Skeleton, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconClock, IconUsers } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { applyFormError } from '../../lib/errors';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { browserZone } from '../calendar/time';
import { formatDay, formatTime, minutesLabel } from './format';
import { MeetingLocation } from './MeetingLocation';
import { PublicShell } from './PublicShell';
import { bookSlot, usePublicPage } from './schedulingApi';
import { SlotPicker } from './SlotPicker';
import type { PublicBooking } from './types';

/** /book/:portalSlug/:slug — a guest picks a free time (in their zone) and books it, no account needed. */
export function PublicBookingPage() {
  const { portalSlug = '', slug = '' } = useParams();
  const page = usePublicPage(portalSlug, slug);
  useDocumentTitle(page.data ? `${page.data.title} · ${page.data.portal.name}` : 'Book a time');
  const queryClient = useQueryClient();
  const [zone, setZone] = useState(browserZone());
  const [picked, setPicked] = useState<{ start: string; end: string } | null>(null);
  const [booked, setBooked] = useState<PublicBooking | null>(null);
  const [taken, setTaken] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: '', email: '', notes: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter your email address'),
    },
  });

  const submit = form.onSubmit(async (v) => {
    if (!picked) return;
    setSaving(true);
    setError(null);
    try {
      setBooked(
        await bookSlot(portalSlug, slug, {
          start: picked.start,
          name: v.name.trim(),
          email: v.email.trim(),
          timeZone: zone,
          notes: v.notes.trim() || undefined,
        }),
      );
    } catch (err) {
      if (isApiError(err, 'SLOT_TAKEN')) {
        setTaken(true);
        setPicked(null);
        await queryClient.invalidateQueries({ queryKey: ['slots'] });
      } else setError(applyFormError(form, err));
    } finally {
      setSaving(false);
    }
  });

  if (page.isError) {
    return (
      <PublicShell>
        {isApiError(page.error, 'NOT_FOUND') ? (
          <Stack gap="xs">
            <Title order={1} fz={24}>
              This booking page does not exist
            </Title>
            <Text c="dimmed">Check the link, or ask the person who sent it for a new one.</Text>
          </Stack>
        ) : (
          <QueryError error={page.error} onRetry={() => void page.refetch()} />
        )}
      </PublicShell>
    );
  }
  if (page.isPending) {
    return (
      <PublicShell>
        <Skeleton h={320} />
      </PublicShell>
    );
  }
  const p = page.data;

  return (
    <PublicShell>
      <Stack gap="lg">
        <Stack gap={6}>
          <Text c="dimmed" fz="sm">
            {p.portal.name}
          </Text>
          <Title order={1} fz={26}>
            {p.title}
          </Title>
          <Group gap="lg" c="dimmed" fz="sm">
            <Group gap={6}>
              <IconClock size={16} aria-hidden /> {minutesLabel(p.durationMinutes)}
            </Group>
            <Group gap={6}>
              <IconUsers size={16} aria-hidden /> {p.hosts.map((h) => h.name).join(p.mode === 'round_robin' ? ' or ' : ', ')}
            </Group>
          </Group>
          <MeetingLocation location={p.location} />
          {p.description ? <Text style={{ whiteSpace: 'pre-line' }}>{p.description}</Text> : null}
        </Stack>

        {booked ? (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={20} />} title="You are booked" role="status">
            <Stack gap={6}>
              <Text>
                {formatDay(booked.start, zone)}, {formatTime(booked.start, zone)}–{formatTime(booked.end, zone)} ({zone}) with{' '}
                {booked.hosts.map((h) => h.name).join(', ')}.
              </Text>
              <MeetingLocation location={booked.location} />
              <Text fz="sm">A confirmation with a calendar invitation is on its way to {booked.guestEmail}.</Text>
              {booked.manageUrl ? (
                <Anchor component={Link} to={new URL(booked.manageUrl).pathname} fz="sm">
                  Reschedule or cancel
                </Anchor>
              ) : null}
            </Stack>
          </Alert>
        ) : picked ? (
          <form noValidate onSubmit={submit}>
            <Stack gap="sm">
              <Text fw={600}>
                {formatDay(picked.start, zone)}, {formatTime(picked.start, zone)}–{formatTime(picked.end, zone)} ({zone})
              </Text>
              <ErrorAlert error={error} />
              <TextInput label="Your name" autoComplete="name" data-autofocus {...form.getInputProps('name')} />
              <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
              <Textarea label="Anything we should know? (optional)" autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
              <Group justify="space-between" mt="xs">
                <Button variant="default" onClick={() => setPicked(null)} disabled={saving}>
                  Pick another time
                </Button>
                <Button type="submit" loading={saving}>
                  Confirm booking
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Stack gap="sm">
            {taken ? (
              <Alert color="yellow" variant="light" role="alert" withCloseButton onClose={() => setTaken(false)}>
                Someone booked that time a moment ago. Please pick another one.
              </Alert>
            ) : null}
            <SlotPicker source={{ portalSlug, slug }} timeZone={zone} onTimeZoneChange={setZone} onPick={setPicked} horizonDays={p.horizonDays} />
          </Stack>
        )}
      </Stack>
    </PublicShell>
  );
}
