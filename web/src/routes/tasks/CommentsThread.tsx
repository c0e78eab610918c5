import { Avatar, Button, Group, Paper, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { formatDateTime, formatRelative } from '../../lib/format';
import { initials } from '../../lib/initials';
import { isAdminRole, useSession } from '../../lib/session';

import { invalidateTasks } from './tasksApi';
import type { TaskComment } from './types';
import type { Json } from '../../api/types';
import { client, unwrap } from '../../api/client';
import { maxLengthOf } from '../../lib/limits';

/** A task's comments, oldest first, with a box to add one. Authors and admins may edit and delete. */
export function CommentsThread({ taskId }: { taskId: string }) {
  const queryClient = useQueryClient();
  const path = `/api/tasks/${taskId}/comments`;
  const comments = useQuery<Json<'/api/tasks/{id}/comments'>>({ queryKey: [path] });
  const [body, setBody] = useState('');
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: [path] }), invalidateTasks(queryClient)]);

  const add = useMutation({
    mutationFn: () => unwrap(client.POST('/api/tasks/{id}/comments', { params: { path: { id: taskId } }, body: { body: body.trim() } })),
    onSuccess: () => {
      setBody('');
      void refresh();
    },
  });

  if (comments.isError) return <QueryError error={comments.error} onRetry={() => void comments.refetch()} />;
  return (
    <Stack gap="sm">
      {comments.isPending ? <Skeleton h={60} /> : null}
      {comments.data?.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No comments yet.
        </Text>
      ) : null}
      {comments.data?.items.map((c) => (
        <CommentItem key={c.id} comment={c} onChanged={refresh} />
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) add.mutate();
        }}
      >
        <Stack gap="xs">
          <Textarea
            label="Add a comment"
            autosize
            minRows={2}
            maxRows={10}
            maxLength={maxLengthOf('POST /api/tasks/{id}/comments', 'body')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={add.error?.message}
          />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>
              Comment
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function CommentItem({ comment, onChanged }: { comment: TaskComment; onChanged: () => Promise<unknown> }) {
  const commentPath = { id: comment.taskId, commentId: comment.id };
  const { user, role } = useSession();
  const mayChange = comment.author?.id === user.id || isAdminRole(role);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [confirming, setConfirming] = useState(false);

  const save = useMutation({
    mutationFn: () => unwrap(client.PATCH('/api/tasks/{id}/comments/{commentId}', { params: { path: commentPath }, body: { body: draft.trim() } })),
    onSuccess: () => {
      setEditing(false);
      void onChanged();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/tasks/{id}/comments/{commentId}', { params: { path: commentPath } })),
    onSuccess: () => {
      setConfirming(false);
      void onChanged();
    },
  });
  const author = comment.author?.name || 'Former user';

  return (
    <Paper withBorder radius="md" p="sm" component="article" aria-label={`Comment by ${author}`}>
      <Group gap="xs" mb={4} justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Avatar size="sm" radius="xl" color="indigo">
            {initials(author)}
          </Avatar>
          <Text fz="sm" fw={500}>
            {author}
          </Text>
          <Text fz="xs" c="dimmed" component="time" dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
            {formatRelative(comment.createdAt)}
            {comment.updatedAt !== comment.createdAt ? ' · edited' : ''}
          </Text>
        </Group>
        {mayChange && !editing ? (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)} aria-label={`Edit comment by ${author}`}>
              Edit
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={`Delete comment by ${author}`}>
              Delete
            </Button>
          </Group>
        ) : null}
      </Group>
      {editing ? (
        <Stack gap="xs">
          <ErrorAlert error={save.error} />
          <Textarea
            label="Edit comment"
            autosize
            minRows={2}
            maxLength={maxLengthOf('POST /api/tasks/{id}/comments', 'body')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
          />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(false)} disabled={save.isPending}>
              Cancel
            </Button>
            <Button size="xs" onClick={() => save.mutate()} loading={save.isPending} disabled={!draft.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {comment.body}
        </Text>
      )}
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate()}
        title="Delete this comment?"
        confirmLabel="Delete comment"
        loading={remove.isPending}
        error={remove.error}
      >
        The comment is removed for everyone.
      </ConfirmModal>
    </Paper>
  );
}
