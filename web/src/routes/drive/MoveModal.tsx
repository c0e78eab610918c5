import { Anchor, Breadcrumbs, Button, Group, Modal, NavLink, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconFolder } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { foldersPath } from './driveApi';
import type { DriveFolder, DriveFolderDetail, DriveItem } from './types';

interface MoveModalProps {
  target: DriveItem | null;
  onClose: () => void;
  /** Resolves when moved; a rejection (NAME_TAKEN, FOLDER_CYCLE…) is shown in the dialog. */
  onMove: (destinationId: string | null) => Promise<unknown>;
}

/** "Move to…": browse the folder tree and move the item into the folder shown. */
export function MoveModal({ target, onClose, onMove }: MoveModalProps) {
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [moving, setMoving] = useState(false);
  const folder = useQuery<DriveFolderDetail>({ queryKey: ['/api/drive/folders', at ?? ''], enabled: !!target && !!at });
  const children = usePagedQuery<DriveFolder>(foldersPath(at), 100);
  const currentParent = target ? (target.kind === 'file' ? target.item.folderId : target.item.parentId) : null;
  // A folder cannot go into itself: it is not offered as a place to browse into.
  const choices = children.items.filter((f) => !(target?.kind === 'folder' && f.id === target.item.id));
  const path = at ? (folder.data?.path ?? []) : [];

  const close = () => {
    setAt(null);
    setError(null);
    onClose();
  };

  return (
    <Modal opened={!!target} onClose={close} title={<Text fw={600}>Move “{target?.item.name}”</Text>}>
      <Stack gap="md">
        <ErrorAlert error={error} />
        <Breadcrumbs aria-label="Destination" separatorMargin={4}>
          <Anchor component="button" type="button" fz="sm" onClick={() => setAt(null)}>
            Drive
          </Anchor>
          {path.map((p) => (
            <Anchor key={p.id} component="button" type="button" fz="sm" onClick={() => setAt(p.id)}>
              {p.name}
            </Anchor>
          ))}
        </Breadcrumbs>
        <ScrollArea.Autosize mah={280}>
          {children.isPending ? (
            <Stack gap={6}>
              <Skeleton h={28} />
              <Skeleton h={28} />
            </Stack>
          ) : choices.length === 0 ? (
            <Text fz="sm" c="dimmed" py="sm">
              No folders in here.
            </Text>
          ) : (
            <Stack gap={0} aria-label="Folders">
              {choices.map((f) => (
                <NavLink
                  key={f.id}
                  component="button"
                  type="button"
                  label={f.name}
                  leftSection={<IconFolder size={18} />}
                  onClick={() => setAt(f.id)}
                  aria-label={`Open ${f.name}`}
                />
              ))}
              {children.hasNextPage ? (
                <LoadMore
                  hasNextPage
                  isFetchingNextPage={children.isFetchingNextPage}
                  onLoadMore={() => void children.fetchNextPage()}
                  count={choices.length}
                  noun="folder"
                />
              ) : null}
            </Stack>
          )}
        </ScrollArea.Autosize>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={moving}>
            Cancel
          </Button>
          <Button
            loading={moving}
            disabled={at === currentParent}
            onClick={async () => {
              setError(null);
              setMoving(true);
              try {
                await onMove(at);
                close();
              } catch (err) {
                setError(err);
              } finally {
                setMoving(false);
              }
            }}
          >
            Move here
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
