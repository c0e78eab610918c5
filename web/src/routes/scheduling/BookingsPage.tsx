import { Badge, Button, Paper, Table, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { browserZone } from '../calendar/time';
import { formatDayTime, formatTime } from './format';
import { SchedulingHeader } from './SchedulingNav';
import type { Booking } from './types';
import { client, unwrap } from '../../api/client';

/** Upcoming bookings you host (admins: everyone's), with cancel. */
export function BookingsPage() {
  const since = useMemo(() => new Date(Date.now() - 86_400_000).toISOString(), []);
  const bookings = usePagedQuery<Booking>(`/api/bookings?from=${encodeURIComponent(since)}`, 50);
  const queryClient = useQueryClient();
  const zone = browserZone();
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A deep link (`?booking=<id>`, e.g. from a notification): that booking's row is highlighted and scrolled to.
  const [params] = useSearchParams();
  const linked = params.get('booking');
  const linkedShown = bookings.items.some((b) => b.id === linked);
  useEffect(() => {
    if (linked && linkedShown) document.getElementById(`booking-${linked}`)?.scrollIntoView({ block: 'center' });
  }, [linked, linkedShown]);

  const cancel = async () => {
    if (!cancelling) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(client.POST('/api/bookings/{id}/cancel', { params: { path: { id: cancelling.id } }, body: { reason: reason.trim() || undefined } }));
      await queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/bookings') || q.queryKey[0] === '/api/events' });
      notifications.show({ message: `Cancelled; ${cancelling.guestName} has been told`, color: 'teal' });
      setCancelling(null);
      setReason('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (bookings.isError) body = <QueryError error={bookings.error} onRetry={() => void bookings.refetch()} />;
  else if (!bookings.isPending && bookings.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconCalendarCheck size={28} />}
        title="No upcoming bookings"
        description="When guests book through your pages, their bookings show up here and in your calendar."
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When ({zone})</Table.Th>
                <Table.Th>Guest</Table.Th>
                <Table.Th>Page</Table.Th>
                <Table.Th>Hosts</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {bookings.isPending ? (
              <TableSkeleton columns={5} rows={4} />
            ) : (
              <Table.Tbody>
                {bookings.items.map((b) => (
                  <Table.Tr
                    key={b.id}
                    id={`booking-${b.id}`}
                    aria-current={b.id === linked ? 'true' : undefined}
                    bg={b.id === linked ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td>
                      <Text fz="sm" td={b.status === 'cancelled' ? 'line-through' : undefined}>
                        {formatDayTime(b.start, zone)}–{formatTime(b.end, zone)}
                      </Text>
                      {b.status === 'cancelled' ? (
                        <Badge size="xs" color="gray" variant="light">
                          Cancelled
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" fw={500}>
                        {b.guestName}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {b.guestEmail}
                      </Text>
                      {b.notes ? (
                        <Text fz="xs" c="dimmed" lineClamp={2}>
                          “{b.notes}”
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{b.pageTitle}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{b.hosts.map((h) => h.name).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {b.status === 'confirmed' ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(b)} aria-label={`Cancel the booking with ${b.guestName}`}>
                          Cancel
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!bookings.isPending ? (
          <LoadMore
            hasNextPage={bookings.hasNextPage}
            isFetchingNextPage={bookings.isFetchingNextPage}
            onLoadMore={() => void bookings.fetchNextPage()}
            count={bookings.items.length}
            noun="booking"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <SchedulingHeader title="Scheduling" description="What guests have booked with you." />
      {body}
      <ConfirmModal
        opened={!!cancelling}
        onClose={() => setCancelling(null)}
        onConfirm={() => void cancel()}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        loading={busy}
        error={error}
      >
        <Text fz="sm" mb="sm">
          {cancelling?.guestName} gets an email, and the event leaves the calendar.
        </Text>
        <Textarea label="Reason (sent to the guest)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
      </ConfirmModal>
    </>
  );
}
