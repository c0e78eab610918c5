import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api';
import { errorMessage } from '../../lib/errors';
import type { DraggedItem } from './dragAndDrop';
import { invalidateDrive } from './driveApi';
import type { DriveItem } from './types';

const base = (kind: 'folder' | 'file', id: string) => `/api/drive/${kind}s/${encodeURIComponent(id)}`;

/** Rename, move, trash, restore and delete for folders and files; every change refreshes the drive. */
export function useDriveActions() {
  const queryClient = useQueryClient();
  const refresh = useCallback(() => invalidateDrive(queryClient), [queryClient]);

  const rename = useCallback(
    async (entry: DriveItem, name: string) => {
      await api.patch(base(entry.kind, entry.item.id), { name });
      await refresh();
    },
    [refresh],
  );

  const move = useCallback(
    async (item: Pick<DraggedItem, 'kind' | 'id'>, destinationId: string | null) => {
      await api.patch(base(item.kind, item.id), item.kind === 'file' ? { folderId: destinationId } : { parentId: destinationId });
      await refresh();
    },
    [refresh],
  );

  /** Drag and drop has no dialog to show an error in: it goes to a notification. */
  const moveByDrop = useCallback(
    (item: DraggedItem, destinationId: string | null, destinationName: string) => {
      move(item, destinationId).then(
        () => notifications.show({ message: `Moved “${item.name}” to ${destinationName}.`, color: 'green' }),
        (err: unknown) => notifications.show({ title: `Could not move “${item.name}”`, message: errorMessage(err), color: 'red' }),
      );
    },
    [move],
  );

  const restore = useCallback(
    async (kind: 'folder' | 'file', id: string) => {
      await api.post(`${base(kind, id)}/restore`);
      await refresh();
    },
    [refresh],
  );

  const trash = useCallback(
    async (entry: DriveItem) => {
      try {
        await api.post(`${base(entry.kind, entry.item.id)}/trash`);
        await refresh();
        notifications.show({ message: `“${entry.item.name}” moved to the trash.`, color: 'gray' });
      } catch (err) {
        notifications.show({ title: `Could not move “${entry.item.name}” to the trash`, message: errorMessage(err), color: 'red' });
      }
    },
    [refresh],
  );

  const remove = useCallback(
    async (kind: 'folder' | 'file', id: string) => {
      await api.delete(base(kind, id));
      await refresh();
    },
    [refresh],
  );

  return { rename, move, moveByDrop, restore, trash, remove };
}
