import { Alert, Box, Button, Center, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCloudUpload, IconFolderOpen, IconFolderPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { DriveBreadcrumbs } from './DriveBreadcrumbs';
import { FileRow, FolderRow, type RowActions } from './DriveRows';
import { useDropTarget } from './dragAndDrop';
import { filesPath, foldersPath, invalidateDrive } from './driveApi';
import { MoveModal } from './MoveModal';
import { NameModal } from './NameModal';
import type { DriveFile, DriveFolder, DriveFolderDetail, DriveItem } from './types';
import { UploadList } from './UploadList';
import { UsageMeter } from './UsageMeter';
import { useDriveActions } from './useDriveActions';
import { useUploads } from './useUploads';
import { client, unwrap } from '../../api/client';

/** The drive browser: one folder (the root by default), its folders then its files. */
export function DrivePage() {
  const folderId = useParams().folderId ?? null;
  const queryClient = useQueryClient();
  const folder = useQuery<DriveFolderDetail>({ queryKey: ['/api/drive/folders', folderId ?? ''], enabled: !!folderId });
  const folders = usePagedQuery<DriveFolder>(foldersPath(folderId), 100);
  const files = usePagedQuery<DriveFile>(filesPath(folderId), 100);
  const actions = useDriveActions();
  const uploads = useUploads();
  const fileInput = useRef<HTMLInputElement>(null);
  const [newFolderOpen, newFolder] = useDisclosure(false);
  const [renaming, setRenaming] = useState<DriveItem | null>(null);
  const [moving, setMoving] = useState<DriveItem | null>(null);
  const page = useDropTarget({ onFiles: (dropped) => uploads.start(dropped, folderId) });
  useIgnoreStrayFileDrops();

  const title = folderId ? (folder.data?.name ?? 'Folder') : 'Drive';
  const path = [{ id: null, name: 'Drive' }, ...(folder.data?.path ?? [])];
  const nameOf = (id: string | null) => path.find((p) => p.id === id)?.name ?? 'the folder';

  const rowActions: RowActions = {
    onRename: setRenaming,
    onMove: setMoving,
    onTrash: (entry) => void actions.trash(entry),
    onDropItem: (item, target) => actions.moveByDrop(item, target.id, `“${target.name}”`),
    onDropFiles: (dropped, target) => uploads.start(dropped, target.id),
  };

  const error = folder.error ?? folders.error ?? files.error;
  const loading = folders.isPending || files.isPending;
  const empty = !loading && folders.items.length === 0 && files.items.length === 0;

  let body;
  if (error) {
    body = <QueryError error={error} onRetry={() => void invalidateDrive(queryClient)} />;
  } else if (empty) {
    body = (
      <EmptyPanel
        icon={<IconFolderOpen size={28} />}
        title={folderId ? 'This folder is empty' : 'Your drive is empty'}
        description="Upload files with the button above, or drop them anywhere on this page."
        action={
          <Button variant="light" leftSection={<IconUpload size={16} />} onClick={() => fileInput.current?.click()}>
            Upload files
          </Button>
        }
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th w={110}>Size</Table.Th>
                <Table.Th w={200}>Modified</Table.Th>
                <Table.Th w={60}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {loading ? (
              <TableSkeleton columns={4} rows={4} />
            ) : (
              <Table.Tbody>
                {folders.items.map((f) => (
                  <FolderRow key={f.id} folder={f} actions={rowActions} />
                ))}
                {files.items.map((f) => (
                  <FileRow key={f.id} file={f} actions={rowActions} />
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {folders.hasNextPage ? (
          <LoadMore
            hasNextPage
            isFetchingNextPage={folders.isFetchingNextPage}
            onLoadMore={() => void folders.fetchNextPage()}
            count={folders.items.length}
            noun="folder"
          />
        ) : null}
        {!folders.hasNextPage && files.hasNextPage ? (
          <LoadMore
            hasNextPage
            isFetchingNextPage={files.isFetchingNextPage}
            onLoadMore={() => void files.fetchNextPage()}
            count={files.items.length}
            noun="file"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <Box {...page.props} pos="relative" mih="60vh">
      <PageHeader
        title={title}
        description={folderId ? undefined : 'Files and folders shared with everyone in your portal.'}
        actions={
          <>
            <Button component={Link} to="/app/drive/trash" variant="subtle" leftSection={<IconTrash size={16} />}>
              Trash
            </Button>
            <Button variant="default" leftSection={<IconFolderPlus size={16} />} onClick={newFolder.open} disabled={!!folder.data?.trashedAt}>
              New folder
            </Button>
            <Button leftSection={<IconUpload size={16} />} onClick={() => fileInput.current?.click()} disabled={!!folder.data?.trashedAt}>
              Upload
            </Button>
          </>
        }
      />
      <VisuallyHidden>
        <input
          ref={fileInput}
          type="file"
          multiple
          aria-label="Files to upload"
          tabIndex={-1}
          onChange={(e) => {
            uploads.start(Array.from(e.currentTarget.files ?? []), folderId);
            e.currentTarget.value = '';
          }}
        />
      </VisuallyHidden>
      <Group justify="space-between" align="flex-start" mb="md" gap="md">
        {folderId ? <DriveBreadcrumbs path={path} onDropItem={(item, target) => actions.moveByDrop(item, target, `“${nameOf(target)}”`)} /> : <span />}
        <UsageMeter />
      </Group>
      {folder.data?.trashedAt ? (
        <Alert color="yellow" variant="light" mb="md" icon={<IconTrash size={18} />}>
          This folder is in the trash. Restore it from the Trash to add files to it.
        </Alert>
      ) : null}
      <UploadList uploads={uploads.uploads} onClear={uploads.clearFinished} />
      {body}
      {page.over ? <DropOverlay where={title} /> : null}

      <NameModal
        opened={newFolderOpen}
        onClose={newFolder.close}
        title="New folder"
        label="Folder name"
        submitLabel="Create folder"
        onSubmit={async (name) => {
          await unwrap(client.POST('/api/drive/folders', { body: { name, parentId: folderId } }));
          await invalidateDrive(queryClient);
        }}
      />
      <NameModal
        opened={!!renaming}
        onClose={() => setRenaming(null)}
        title={`Rename “${renaming?.item.name ?? ''}”`}
        label="Name"
        initialName={renaming?.item.name}
        submitLabel="Rename"
        onSubmit={(name) => actions.rename(renaming!, name)}
      />
      <MoveModal target={moving} onClose={() => setMoving(null)} onMove={(dest) => actions.move({ kind: moving!.kind, id: moving!.item.id }, dest)} />
    </Box>
  );
}

/** Shown while files from the desktop are dragged over the page; it lets the drop through to the rows beneath. */
function DropOverlay({ where }: { where: string }) {
  return (
    <Center
      pos="absolute"
      inset={-8}
      style={{
        pointerEvents: 'none',
        border: '2px dashed var(--mantine-color-blue-5)',
        borderRadius: 'var(--mantine-radius-md)',
        background: 'rgba(34, 139, 230, 0.06)',
        zIndex: 5,
      }}
    >
      <Stack align="center" gap={4} p="md" bg="var(--mantine-color-body)" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
        <IconCloudUpload size={32} color="var(--mantine-color-blue-6)" aria-hidden />
        <Group gap={4}>
          <Text fw={600}>Drop to upload to</Text>
          <Text fw={600}>{where}</Text>
        </Group>
      </Stack>
    </Center>
  );
}

/** A file dropped just beside the drop zone would make the browser open it and leave the app. */
function useIgnoreStrayFileDrops() {
  useEffect(() => {
    const ignore = (e: DragEvent) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);
}
