import { ActionIcon, Anchor, Badge, Button, CopyButton, Group, Menu, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconCheck, IconCopy, IconDots, IconExternalLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { BookingPageModal } from './BookingPageModal';
import { minutesLabel } from './format';
import { SchedulingHeader } from './SchedulingNav';
import type { BookingPage } from './types';
import { client, unwrap } from '../../api/client';

/** Booking pages (SCH-3): public links where guests book time with you or your team. */
export function BookingPagesPage() {
  const pages = usePagedQuery<BookingPage>('/api/booking-pages?sort=title', 50);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<BookingPage | null | 'new'>(null);
  const [deleting, setDeleting] = useState<BookingPage | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    setDeleteError(null);
    try {
      await unwrap(client.DELETE('/api/booking-pages/{id}', { params: { path: { id: deleting.id } } }));
      await queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/booking-pages') });
      notifications.show({ message: `Deleted “${deleting.title}”`, color: 'teal' });
      setDeleting(null);
    } catch (err) {
      setDeleteError(err);
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (pages.isError) body = <QueryError error={pages.error} onRetry={() => void pages.refetch()} />;
  else if (!pages.isPending && pages.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconCalendarEvent size={28} />}
        title="No booking pages yet"
        description="A booking page is a public link where guests pick a free time in your calendar. No back-and-forth emails."
        action={
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New booking page
          </Button>
        }
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Page</Table.Th>
                <Table.Th>Length</Table.Th>
                <Table.Th>Hosts</Table.Th>
                <Table.Th>Link</Table.Th>
                <Table.Th w={60}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {pages.isPending ? (
              <TableSkeleton columns={5} rows={3} />
            ) : (
              <Table.Tbody>
                {pages.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text fz="sm" fw={600}>
                          {p.title}
                        </Text>
                        {!p.active ? (
                          <Badge size="xs" color="gray" variant="light">
                            Paused
                          </Badge>
                        ) : null}
                      </Group>
                      <Text fz="xs" c="dimmed">
                        /{p.slug}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{minutesLabel(p.durationMinutes)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{p.hosts.map((h) => h.name).join(', ')}</Text>
                      {p.hosts.length > 1 ? (
                        <Text fz="xs" c="dimmed">
                          {p.mode === 'round_robin' ? 'One host, in turn' : 'All hosts together'}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Anchor href={p.url} target="_blank" rel="noreferrer" fz="sm" aria-label={`Open the public page of ${p.title}`}>
                          <Group gap={4} wrap="nowrap">
                            Open <IconExternalLink size={14} aria-hidden />
                          </Group>
                        </Anchor>
                        <CopyButton value={p.url}>
                          {({ copied, copy }) => (
                            <Tooltip label={copied ? 'Copied' : 'Copy link'}>
                              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy the link of ${p.title}`}>
                                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </CopyButton>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {p.canManage ? (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${p.title}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(p)}>
                              Edit
                            </Menu.Item>
                            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(p)}>
                              Delete
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
        {!pages.isPending ? (
          <LoadMore
            hasNextPage={pages.hasNextPage}
            isFetchingNextPage={pages.isFetchingNextPage}
            onLoadMore={() => void pages.fetchNextPage()}
            count={pages.items.length}
            noun="booking page"
          />
        ) : null}
      </Paper>
    );
  }

  return (
    <>
      <SchedulingHeader
        title="Scheduling"
        description="Public booking links that only offer your free time, in the guest’s time zone."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            New booking page
          </Button>
        }
      />
      {body}
      <BookingPageModal opened={editing !== null} page={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={!!deleting}
        onClose={() => setDeleting(null)}
        onConfirm={() => void remove()}
        title={`Delete “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete page"
        loading={busy}
        error={deleteError}
      >
        Its link stops working. Bookings already made stay in the calendars.
      </ConfirmModal>
    </>
  );
}
