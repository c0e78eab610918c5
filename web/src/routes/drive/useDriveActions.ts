import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { errorMessage } from '../../lib/errors';
import type { DraggedItem } from './dragAndDrop';
import { invalidateDrive } from './driveApi';
import type { DriveItem } from './types';
import { client, unwrap } from '../../api/client';

/** Rename, move, trash, restore and delete for folders and files; every change refreshes the drive. */
export function useDriveActions() {
  const queryClient = useQueryClient();
  const refresh = useCallback(() => invalidateDrive(queryClient), [queryClient]);

  const rename = useCallback(
    async (entry: DriveItem, name: string) => {
      if (entry.kind === 'file') await unwrap(client.PATCH('/api/drive/files/{id}', { params: { path: { id: entry.item.id } }, body: { name } }));
      else await unwrap(client.PATCH('/api/drive/folders/{id}', { params: { path: { id: entry.item.id } }, body: { name } }));
      await refresh();
    },
    [refresh],
  );

  const move = useCallback(
    async (item: Pick<DraggedItem, 'kind' | 'id'>, destinationId: string | null) => {
      const path = { id: item.id };
      if (item.kind === 'file') await unwrap(client.PATCH('/api/drive/files/{id}', { params: { path }, body: { folderId: destinationId } }));
      else await unwrap(client.PATCH('/api/drive/folders/{id}', { params: { path }, body: { parentId: destinationId } }));
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
      const path = { id };
      if (kind === 'file') await unwrap(client.POST('/api/drive/files/{id}/restore', { params: { path } }));
      else await unwrap(client.POST('/api/drive/folders/{id}/restore', { params: { path } }));
      await refresh();
    },
    [refresh],
  );

  const trash = useCallback(
    async (entry: DriveItem) => {
      try {
        const path = { id: entry.item.id };
        if (entry.kind === 'file') await unwrap(client.POST('/api/drive/files/{id}/trash', { params: { path } }));
        else await unwrap(client.POST('/api/drive/folders/{id}/trash', { params: { path } }));
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
      const path = { id };
      if (kind === 'file') await unwrap(client.DELETE('/api/drive/files/{id}', { params: { path } }));
      else await unwrap(client.DELETE('/api/drive/folders/{id}', { params: { path } }));
      await refresh();
    },
    [refresh],
  );

  return { rename, move, moveByDrop, restore, trash, remove };
}
