import { Anchor, Button, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRestore, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { TRASHED_FILES, TRASHED_FOLDERS } from './driveApi';
import { formatBytes } from './format';
import { ItemIcon } from './ItemIcon';
import type { DriveFile, DriveFolder, DriveItem } from './types';
import { UsageMeter } from './UsageMeter';
import { useDriveActions } from './useDriveActions';

/** What was put in the trash, newest first: restore it, or delete it for good. */
export function TrashPage() {
  const folders = usePagedQuery<DriveFolder>(`${TRASHED_FOLDERS}&sort=-updatedAt`, 100);
  const files = usePagedQuery<DriveFile>(`${TRASHED_FILES}&sort=-updatedAt`, 100);
  const actions = useDriveActions();
  const [deleting, setDeleting] = useState<DriveItem | null>(null);
  const remove = useMutation({
    mutationFn: (entry: DriveItem) => actions.remove(entry.kind, entry.item.id),
    onSuccess: (_, entry) => {
      setDeleting(null);
      notifications.show({ message: `“${entry.item.name}” deleted for good.`, color: 'gray' });
    },
  });
  const restore = useMutation({
    mutationFn: (entry: DriveItem) => actions.restore(entry.kind, entry.item.id),
    onSuccess: (_, entry) => notifications.show({ message: `“${entry.item.name}” restored.`, color: 'green' }),
    onError: (err, entry) => notifications.show({ title: `Could not restore “${entry.item.name}”`, message: errorMessage(err), color: 'red' }),
  });

  const entries: DriveItem[] = [
    ...folders.items.map((item) => ({ kind: 'folder' as const, item })),
    ...files.items.map((item) => ({ kind: 'file' as const, item })),
  ];
  const error = folders.error ?? files.error;
  const loading = folders.isPending || files.isPending;

  let body;
  if (error) {
    body = <QueryError error={error} onRetry={() => void Promise.all([folders.refetch(), files.refetch()])} />;
  } else if (!loading && entries.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconTrash size={28} />}
        title="The trash is empty"
        description="Files and folders you move to the trash wait here until you restore or delete them."
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th w={110}>Size</Table.Th>
                <Table.Th w={200}>Moved to trash</Table.Th>
                <Table.Th w={230}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {loading ? (
              <TableSkeleton columns={4} rows={3} />
            ) : (
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.item.id}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <ItemIcon contentType={entry.kind === 'file' ? entry.item.contentType : undefined} />
                        <Text fz="sm" style={{ wordBreak: 'break-word' }}>
                          {entry.item.name}
                          {entry.kind === 'folder' ? (
                            <Text span c="dimmed" fz="xs">
                              {' '}
                              (folder, with everything in it)
                            </Text>
                          ) : null}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{entry.kind === 'file' ? formatBytes(entry.item.sizeBytes) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatDateTime(entry.item.trashedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconRestore size={14} />}
                          loading={restore.isPending && restore.variables?.item.id === entry.item.id}
                          onClick={() => restore.mutate(entry)}
                          aria-label={`Restore ${entry.item.name}`}
                        >
                          Restore
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => {
                            remove.reset();
                            setDeleting(entry);
                          }}
                          aria-label={`Delete ${entry.item.name} forever`}
                        >
                          Delete forever
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
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
        {files.hasNextPage ? (
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
    <>
      <PageHeader title="Trash" description="Items in the trash still count towards your storage until you delete them." actions={<UsageMeter />} />
      <Anchor component={Link} to="/app/drive" fz="sm" mb="md" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Back to Drive
      </Anchor>
      {body}
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        loading={remove.isPending}
        error={remove.error}
        title={`Delete “${deleting?.item.name ?? ''}” forever?`}
        confirmLabel="Delete forever"
      >
        {deleting?.kind === 'folder'
          ? 'The folder, every folder and file inside it, and their contents are deleted for good. This cannot be undone.'
          : 'The file and its contents are deleted for good. This cannot be undone.'}
      </ConfirmModal>
    </>
  );
}
