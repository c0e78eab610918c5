import { Code, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../../lib/format';
import type { AuditEntry } from '../../../types';
import { auditActionLabel, auditActorName } from './auditActions';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </div>
  );
}

export function AuditDetailsModal({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  return (
    <Modal opened={entry !== null} onClose={onClose} title={<Text fw={600}>Event details</Text>} size="lg">
      {entry ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Field label="What">
              {auditActionLabel(entry.action)} <Code>{entry.action}</Code>
            </Field>
            <Field label="When">{formatDateTime(entry.createdAt)}</Field>
            <Field label="Who">
              {auditActorName(entry)}
              {entry.actor?.email && entry.actor.name ? ` (${entry.actor.email})` : ''}
            </Field>
            <Field label="Target">{entry.targetType ? `${entry.targetType}${entry.targetId ? ` · ${entry.targetId}` : ''}` : '—'}</Field>
            <Field label="IP address">{entry.ip ?? '—'}</Field>
            <Field label="Browser">{entry.userAgent ?? '—'}</Field>
          </SimpleGrid>
          <Field label="Details">
            {entry.details && Object.keys(entry.details).length > 0 ? (
              <Code block mt={4}>
                {JSON.stringify(entry.details, null, 2)}
              </Code>
            ) : (
              '—'
            )}
          </Field>
        </Stack>
      ) : null}
    </Modal>
  );
}
