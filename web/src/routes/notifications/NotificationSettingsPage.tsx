import { Box, Button, Group, NativeSelect, Paper, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../lib/errors';
import {
  fetchNotificationSettings,
  KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATIONS_KEY,
  saveNotificationSettings,
  type EmailDelivery,
  type KindSetting,
  type NotificationKind,
} from '../../lib/notifications';
import { text as allText } from './text';

const text = allText.settings;
const SETTINGS_KEY = [...NOTIFICATIONS_KEY, 'settings'] as const;
const DEFAULT: KindSetting = { inApp: true, email: 'instant' };

/** Settings → Notifications: per kind, in the app or not, and email instantly, in a daily digest or not at all. */
export function NotificationSettingsPage() {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => fetchNotificationSettings(signal),
    // A notification arriving refreshes every notifications query; do not overwrite the form for that.
    staleTime: Infinity,
  });
  const [draft, setDraft] = useState<Record<NotificationKind, KindSetting> | null>(null);
  useEffect(() => {
    if (settings.data && !draft)
      setDraft(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, settings.data.kinds[k] ?? DEFAULT])) as Record<NotificationKind, KindSetting>);
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: (kinds: Record<NotificationKind, KindSetting>) => saveNotificationSettings({ kinds }),
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      notifications.show({ message: text.saved, color: 'green' });
    },
  });
  const change = (kind: NotificationKind, patch: Partial<KindSetting>) => setDraft((d) => (d ? { ...d, [kind]: { ...d[kind], ...patch } } : d));

  let body;
  if (settings.isError) body = <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  else if (!draft) body = <Skeleton h={320} radius="md" />;
  else {
    body = (
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack gap="md">
          <ErrorAlert error={save.isError ? errorMessage(save.error) : null} />
          <Paper withBorder radius="md">
            <Stack component="ul" aria-label={text.list} gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
              {NOTIFICATION_KINDS.map((kind, i) => (
                <Box component="li" key={kind} px="md" py="sm" style={{ borderTop: i ? '1px solid var(--mantine-color-default-border)' : undefined }}>
                  <Group justify="space-between" wrap="wrap" gap="sm">
                    <Text fz="sm" fw={500} style={{ flex: '1 1 200px' }}>
                      {KIND_LABELS[kind]}
                    </Text>
                    <Group gap="md" wrap="nowrap">
                      <Switch
                        label={text.inApp}
                        aria-label={text.inAppOf(KIND_LABELS[kind])}
                        checked={draft[kind].inApp}
                        onChange={(e) => change(kind, { inApp: e.currentTarget.checked })}
                      />
                      <NativeSelect
                        size="xs"
                        aria-label={text.emailOf(KIND_LABELS[kind])}
                        leftSection={<Text fz="xs">{text.email}</Text>}
                        leftSectionWidth={44}
                        value={draft[kind].email}
                        onChange={(e) => change(kind, { email: e.currentTarget.value as EmailDelivery })}
                        data={Object.entries(text.delivery).map(([value, label]) => ({ value, label }))}
                        w={160}
                      />
                    </Group>
                  </Group>
                </Box>
              ))}
            </Stack>
          </Paper>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {text.save}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <>
      <PageHeader title={text.title} order={2} description={text.description} />
      {body}
    </>
  );
}
