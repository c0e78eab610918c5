import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCalendarEvent, IconChecklist, IconMail, IconNote, IconPhone, IconTrash, type Icon } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { formatDateTime, formatRelative } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { requiredText } from '../../lib/validators';
import { blankToNull, invalidateCrm, placeErrors, useUsers } from './crmQueries';
import { ACTIVITY_KINDS, label, type Activity, type ActivityKind, type RecordType } from './crmTypes';
import { client, unwrap } from '../../api/client';
import { limitedInputs } from '../../lib/limits';

const icons: Record<ActivityKind, Icon> = { note: IconNote, call: IconPhone, email: IconMail, meeting: IconCalendarEvent, task: IconChecklist };

interface Values {
  kind: ActivityKind;
  subject: string;
  body: string;
}

/** A record's timeline, newest first, with a form to add a note (or log a call, email, meeting, task). */
export function ActivityTimeline({ recordType, recordId }: { recordType: RecordType; recordId: string }) {
  const queryClient = useQueryClient();
  const { nameOf } = useUsers();
  const list = usePagedQuery<Activity>(`/api/crm/activities?recordType=${recordType}&recordId=${recordId}`, 20);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: { kind: 'note', subject: '', body: '' }, validate: { body: requiredText('some text') } });
  const input = limitedInputs(form, 'POST /api/crm/activities');
  const add = useMutation({
    mutationFn: (v: Values) =>
      unwrap(client.POST('/api/crm/activities', { body: { recordType, recordId, kind: v.kind, subject: blankToNull(v.subject), body: v.body.trim() } })),
    onSuccess: () => {
      form.reset();
      setError(null);
      void invalidateCrm(queryClient, 'activities');
    },
    onError: (err) => setError(placeErrors(form, err)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/crm/activities/{id}', { params: { path: { id } } })),
    onSettled: () => void invalidateCrm(queryClient, 'activities'),
  });

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Activity">
      <Title order={3} fz="md" mb="md">
        Activity
      </Title>
      <form noValidate onSubmit={form.onSubmit((v) => add.mutate(v))} aria-label="Add to the timeline">
        <Stack gap="xs" mb="lg">
          <ErrorAlert error={error} />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Select label="Kind" data={ACTIVITY_KINDS.map((k) => ({ value: k, label: label(k) }))} allowDeselect={false} w={130} {...input('kind')} />
            <TextInput label="Subject" placeholder="Optional" style={{ flex: 1 }} {...input('subject')} />
          </Group>
          <Textarea label="Note" placeholder="What happened, what was agreed…" autosize minRows={2} {...input('body')} />
          <Button type="submit" loading={add.isPending} style={{ alignSelf: 'flex-end' }}>
            Add {form.values.kind === 'note' ? 'note' : label(form.values.kind).toLowerCase()}
          </Button>
        </Stack>
      </form>
      <ErrorAlert error={remove.error} mb="sm" />
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.isPending && list.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing here yet. Notes, calls and meetings you add appear here, newest first.
        </Text>
      ) : (
        <>
          <Timeline bulletSize={26} lineWidth={2}>
            {list.items.map((a) => {
              const KindIcon = icons[a.kind];
              return (
                <Timeline.Item
                  key={a.id}
                  bullet={<KindIcon size={14} />}
                  title={
                    <Text fz="sm" fw={600}>
                      {a.subject ?? label(a.kind)}
                    </Text>
                  }
                >
                  <Text fz="sm" style={{ whiteSpace: 'pre-line' }}>
                    {a.body}
                  </Text>
                  <Group gap="xs" mt={4}>
                    <Text fz="xs" c="dimmed" component="time" dateTime={a.occurredAt} title={formatDateTime(a.occurredAt)}>
                      {formatRelative(a.occurredAt)}
                      {a.createdBy ? ` · ${nameOf(a.createdBy)}` : ''}
                    </Text>
                    <ActionIcon
                      size="xs"
                      variant="subtle"
                      color="gray"
                      aria-label={`Delete ${label(a.kind).toLowerCase()} "${a.subject ?? a.body.slice(0, 30)}"`}
                      onClick={() => remove.mutate(a.id)}
                    >
                      <IconTrash size={12} />
                    </ActionIcon>
                  </Group>
                </Timeline.Item>
              );
            })}
          </Timeline>
          {!list.isPending ? (
            <LoadMore
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
              count={list.items.length}
              noun="item"
            />
          ) : null}
        </>
      )}
    </Paper>
  );
}
