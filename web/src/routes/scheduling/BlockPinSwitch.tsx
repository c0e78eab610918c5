import { Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

const TEXT = {
  label: 'Pinned',
  description: 'Auto-scheduling keeps a pinned block where it is when your calendar changes. Moving the block yourself pins it.',
  pinned: 'Block pinned',
  unpinned: 'Block unpinned: it moves when a meeting needs its time',
};

export const BLOCKS_KEY = '/api/scheduling/blocks';

/** On an auto-scheduled block's event (SCH-4): the pin that keeps re-placement from moving it. Nothing for other events. */
export function BlockPinSwitch({ eventId }: { eventId: string }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const blocks = useQuery({
    queryKey: [BLOCKS_KEY, eventId],
    queryFn: ({ signal }) => unwrap(client.GET('/api/scheduling/blocks', { signal, params: { query: { eventId } } })),
  });
  const block = blocks.data?.items[0];
  if (!block) return null;

  const toggle = async (pinned: boolean) => {
    setSaving(true);
    setError(null);
    try {
      await unwrap(client.PATCH('/api/scheduling/blocks/{id}', { params: { path: { id: block.id } }, body: { pinned } }));
      await queryClient.invalidateQueries({ queryKey: [BLOCKS_KEY] });
      notifications.show({ message: pinned ? TEXT.pinned : TEXT.unpinned, color: 'teal' });
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Switch
        label={TEXT.label}
        description={TEXT.description}
        checked={block.pinned}
        disabled={saving}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
      <ErrorAlert error={error} />
    </>
  );
}
