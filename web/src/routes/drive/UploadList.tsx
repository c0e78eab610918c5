import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { formatBytes } from './format';
import type { Upload } from './useUploads';

/** Per-file upload progress, announced politely to screen readers. */
export function UploadList({ uploads, onClear }: { uploads: Upload[]; onClear: () => void }) {
  if (uploads.length === 0) return null;
  const busy = uploads.some((u) => u.status === 'waiting' || u.status === 'uploading');
  return (
    <Paper withBorder radius="md" p="md" mb="md" aria-label="Uploads" component="section">
      <Group justify="space-between" mb="xs">
        <Text fw={600} fz="sm">
          {busy ? 'Uploading…' : 'Uploads finished'}
        </Text>
        {!busy ? (
          <Button size="xs" variant="subtle" onClick={onClear}>
            Clear
          </Button>
        ) : null}
      </Group>
      <Stack gap="xs" aria-live="polite">
        {uploads.map((u) => {
          const percent = u.size > 0 ? Math.round((u.loaded / u.size) * 100) : u.status === 'done' ? 100 : 0;
          return (
            <div key={u.key}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text fz="sm" truncate style={{ minWidth: 0 }}>
                  {u.name}
                  {u.storedAs ? (
                    <Text span c="dimmed" fz="xs">
                      {' '}
                      → saved as “{u.storedAs}”
                    </Text>
                  ) : null}
                </Text>
                <Group gap={4} wrap="nowrap">
                  {u.status === 'done' ? <IconCheck size={16} color="var(--mantine-color-green-6)" aria-hidden /> : null}
                  {u.status === 'failed' ? <IconAlertCircle size={16} color="var(--mantine-color-red-6)" aria-hidden /> : null}
                  <Text fz="xs" c="dimmed">
                    {u.status === 'waiting' ? 'Waiting' : u.status === 'failed' ? 'Failed' : `${formatBytes(u.loaded)} of ${formatBytes(u.size)}`}
                  </Text>
                </Group>
              </Group>
              <Progress
                value={u.status === 'failed' ? 100 : percent}
                color={u.status === 'failed' ? 'red' : u.status === 'done' ? 'green' : 'blue'}
                size="sm"
                mt={4}
                aria-label={`Upload of ${u.name}`}
                animated={u.status === 'uploading'}
              />
              {u.error ? (
                <Text fz="xs" c="red" mt={2} role="alert">
                  {u.error}
                </Text>
              ) : null}
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
