import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { invalidateCalendar } from './calendarApi';
import type { CalendarInfo } from './calendarTypes';
import type { Schema } from '../../api/types';
import { client, unwrap } from '../../api/client';
import { CopyField } from '../../components/CopyField';

/** The private subscription URL of a calendar: copy it into Google, Apple or Outlook, or revoke it. */
export function FeedUrlModal({ calendar, onClose }: { calendar: CalendarInfo | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const path = calendar ? `/api/calendars/${encodeURIComponent(calendar.id)}/feed-url` : '';
  const feed = useQuery<Schema<'CalendarFeedUrl'>>({ queryKey: [path], enabled: !!calendar, staleTime: Infinity });
  const [confirming, setConfirming] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const revoke = async () => {
    setRevoking(true);
    setError(null);
    try {
      if (calendar) await unwrap(client.DELETE('/api/calendars/{id}/feed-url', { params: { path: { id: calendar.id } } }));
      setConfirming(false);
      queryClient.removeQueries({ queryKey: [path] });
      await invalidateCalendar(queryClient);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setRevoking(false);
    }
  };

  return (
    <>
      <Modal opened={!!calendar && !confirming} onClose={onClose} title={<Text fw={600}>Subscribe to “{calendar?.name}”</Text>} size="lg">
        <Stack gap="md">
          <Text fz="sm">
            Paste this address into Google Calendar (“From URL”), Apple Calendar (“New calendar subscription”) or Outlook (“Subscribe from web”). Anyone with
            the address can read this calendar, so keep it private; revoke it if it got out.
          </Text>
          <ErrorAlert error={feed.error ?? error} />
          {feed.isPending ? (
            <Loader size="sm" aria-label="Loading the feed address" />
          ) : feed.data ? (
            <>
              <CopyField label="Feed URL (https)" value={feed.data.url} />
              <CopyField
                label="Calendar app link (webcal)"
                value={feed.data.webcalUrl}
                description="The same address for apps that open webcal:// links, such as Apple Calendar and Outlook."
              />
            </>
          ) : null}
          <Group justify="space-between">
            {calendar?.canManage ? (
              <Button color="red" variant="subtle" onClick={() => setConfirming(true)} disabled={!feed.data}>
                Revoke URL
              </Button>
            ) : (
              <span />
            )}
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => void revoke()}
        title="Revoke the feed URL?"
        confirmLabel="Revoke"
        loading={revoking}
        error={error}
      >
        Every app subscribed with the current address stops receiving this calendar at once. You can make a new address afterwards.
      </ConfirmModal>
    </>
  );
}
