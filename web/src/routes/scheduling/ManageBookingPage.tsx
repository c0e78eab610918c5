import { Alert, Anchor, Button, Group, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { browserZone } from '../calendar/time';
import { formatDay, formatTime } from './format';
import { MeetingLocation } from './MeetingLocation';
import { PublicShell } from './PublicShell';
import { useManagedBooking } from './schedulingApi';
import { SlotPicker } from './SlotPicker';
import type { PublicBooking } from './types';
import { client, unwrap } from '../../api/client';

/** /booking/:token — the guest's link from the confirmation: see, reschedule or cancel the booking. */
export function ManageBookingPage() {
  const { token = '' } = useParams();
  useDocumentTitle('Your booking');
  const booking = useManagedBooking(token);
  const queryClient = useQueryClient();
  const [zone, setZone] = useState(browserZone());
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const update = (b: PublicBooking) => queryClient.setQueryData(['managed-booking', token], b);

  const reschedule = async (slot: { start: string }) => {
    setError(null);
    try {
      update(
        await unwrap(client.POST('/api/public/bookings/{token}/reschedule', { params: { path: { token } }, body: { start: slot.start, timeZone: zone } })),
      );
      setMoving(false);
      setMessage('Your booking has moved. An updated invitation is on its way.');
    } catch (err) {
      setError(err);
      if (isApiError(err, 'SLOT_TAKEN')) await queryClient.invalidateQueries({ queryKey: ['slots'] });
    }
  };

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      update(await unwrap(client.POST('/api/public/bookings/{token}/cancel', { params: { path: { token } }, body: { reason: reason.trim() || undefined } })));
      setCancelling(false);
      setMessage('Your booking is cancelled. We have let them know.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (booking.isError) {
    return (
      <PublicShell>
        {isApiError(booking.error, 'NOT_FOUND') ? (
          <Text>This link does not lead to a booking. Check the link in your confirmation email.</Text>
        ) : (
          <QueryError error={booking.error} onRetry={() => void booking.refetch()} />
        )}
      </PublicShell>
    );
  }
  if (booking.isPending) {
    return (
      <PublicShell>
        <Skeleton h={240} />
      </PublicShell>
    );
  }
  const b = booking.data;
  const when = `${formatDay(b.start, zone)}, ${formatTime(b.start, zone)}–${formatTime(b.end, zone)} (${zone})`;

  return (
    <PublicShell>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text c="dimmed" fz="sm">
            {b.portal.name}
          </Text>
          <Title order={1} fz={26}>
            {b.title}
          </Title>
          <Text td={b.status === 'cancelled' ? 'line-through' : undefined}>
            {when} with {b.hosts.map((h) => h.name).join(', ')}
          </Text>
          {b.status !== 'cancelled' ? <MeetingLocation location={b.location} /> : null}
          <Text c="dimmed" fz="sm">
            Booked by {b.guestName} ({b.guestEmail})
          </Text>
        </Stack>
        {message ? (
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={20} />} role="status">
            {message}
          </Alert>
        ) : null}
        {!cancelling ? <ErrorAlert error={error} /> : null}
        {b.status === 'cancelled' ? (
          <Stack gap="xs">
            <Text fw={600}>This booking is cancelled.</Text>
            {b.pageSlug ? (
              <Anchor component={Link} to={`/book/${b.portal.slug}/${b.pageSlug}`}>
                Book a new time
              </Anchor>
            ) : null}
          </Stack>
        ) : moving ? (
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600}>Pick a new time</Text>
              <Button variant="default" size="xs" onClick={() => setMoving(false)}>
                Keep the current time
              </Button>
            </Group>
            <SlotPicker source={{ token }} timeZone={zone} onTimeZoneChange={setZone} onPick={(s) => void reschedule(s)} horizonDays={60} />
          </Stack>
        ) : (
          <Group>
            <Button onClick={() => setMoving(true)}>Reschedule</Button>
            <Button variant="default" color="red" onClick={() => setCancelling(true)}>
              Cancel booking
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={cancelling}
        onClose={() => setCancelling(false)}
        onConfirm={() => void cancel()}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        loading={busy}
        error={error}
      >
        <Textarea label="Reason (optional, sent to the host)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
      </ConfirmModal>
    </PublicShell>
  );
}
