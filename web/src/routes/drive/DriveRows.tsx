import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { startItemDrag, useDropTarget, type DraggedItem } from './dragAndDrop';
import { contentUrl, opensInline } from './driveApi';
import { formatBytes } from './format';
import { ItemIcon } from './ItemIcon';
import { ItemMenu } from './ItemMenu';
import type { DriveFile, DriveFolder, DriveItem } from './types';

export interface RowActions {
  onRename: (entry: DriveItem) => void;
  onMove: (entry: DriveItem) => void;
  onTrash: (entry: DriveItem) => void;
  /** Something was dropped on a folder row: a drive item to move into it, or desktop files to upload into it. */
  onDropItem: (item: DraggedItem, folder: DriveFolder) => void;
  onDropFiles: (files: File[], folder: DriveFolder) => void;
}

const dropHighlight = { background: 'var(--mantine-color-blue-light)', outline: '2px dashed var(--mantine-color-blue-5)', outlineOffset: -2 };

export function FolderRow({ folder, actions }: { folder: DriveFolder; actions: RowActions }) {
  const entry: DriveItem = { kind: 'folder', item: folder };
  const drop = useDropTarget({
    onItem: (item) => item.id !== folder.id && actions.onDropItem(item, folder),
    onFiles: (files) => actions.onDropFiles(files, folder),
  });
  return (
    <Table.Tr
      {...drop.props}
      draggable
      onDragStart={(e) => startItemDrag(e, { kind: 'folder', id: folder.id, name: folder.name })}
      style={drop.over ? dropHighlight : undefined}
      data-drop-target={drop.over || undefined}
    >
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <ItemIcon />
          <Anchor component={Link} to={`/app/drive/folders/${folder.id}`} fz="sm" fw={500} draggable={false}>
            {folder.name}
          </Anchor>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text fz="sm" c="dimmed">
          —
        </Text>
      </Table.Td>
      <Table.Td>
        <Text fz="sm">{formatDateTime(folder.updatedAt)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <ItemMenu entry={entry} onRename={() => actions.onRename(entry)} onMove={() => actions.onMove(entry)} onTrash={() => actions.onTrash(entry)} />
      </Table.Td>
    </Table.Tr>
  );
}

export function FileRow({ file, actions }: { file: DriveFile; actions: RowActions }) {
  const entry: DriveItem = { kind: 'file', item: file };
  const inline = opensInline(file);
  return (
    <Table.Tr draggable onDragStart={(e) => startItemDrag(e, { kind: 'file', id: file.id, name: file.name })}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <ItemIcon contentType={file.contentType} />
          <Anchor
            href={contentUrl(file, inline)}
            {...(inline ? { target: '_blank', rel: 'noopener' } : { download: file.name })}
            fz="sm"
            draggable={false}
            style={{ wordBreak: 'break-word' }}
          >
            {file.name}
          </Anchor>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text fz="sm">{formatBytes(file.sizeBytes)}</Text>
      </Table.Td>
      <Table.Td>
        <Text fz="sm">{formatDateTime(file.updatedAt)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <ItemMenu entry={entry} onRename={() => actions.onRename(entry)} onMove={() => actions.onMove(entry)} onTrash={() => actions.onTrash(entry)} />
      </Table.Td>
    </Table.Tr>
  );
}
