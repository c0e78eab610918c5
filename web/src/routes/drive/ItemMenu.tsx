import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconDownload, IconFolderSymlink, IconPencil, IconTrash } from '@tabler/icons-react';
import { contentUrl } from './driveApi';
import type { DriveItem } from './types';

interface ItemMenuProps {
  entry: DriveItem;
  onRename: () => void;
  onMove: () => void;
  onTrash: () => void;
}

/** The row's actions; also the keyboard way to do what dragging does. */
export function ItemMenu({ entry, onRename, onMove, onTrash }: ItemMenuProps) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${entry.item.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {entry.kind === 'file' ? (
          <Menu.Item component="a" href={contentUrl(entry.item)} download={entry.item.name} leftSection={<IconDownload size={16} />}>
            Download
          </Menu.Item>
        ) : null}
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={onRename}>
          Rename
        </Menu.Item>
        <Menu.Item leftSection={<IconFolderSymlink size={16} />} onClick={onMove}>
          Move to…
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onTrash}>
          Move to trash
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
