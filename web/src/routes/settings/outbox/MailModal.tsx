import { Anchor, Divider, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { OutboxStatusBadge } from '../../../components/Badges';
import { formatDateTime } from '../../../lib/format';
import type { OutboxMail } from '../../../types';

const URL_RE = /(https?:\/\/[^\s<>"')\]]+)/g;

/** Plain text with its links made clickable (invite and reset links live in these mails). */
function linkify(text: string): ReactNode[] {
  return text.split(URL_RE).map((part, i) =>
    i % 2 === 1 ? (
      <Anchor key={i} href={part} target="_blank" rel="noreferrer" inherit style={{ wordBreak: 'break-all' }}>
        {part}
      </Anchor>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

export function MailModal({ mail, onClose }: { mail: OutboxMail | null; onClose: () => void }) {
  return (
    <Modal opened={mail !== null} onClose={onClose} size="xl" title={<Text fw={600}>{mail?.subject || '(no subject)'}</Text>}>
      {mail ? (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Text fz="sm">
                <Text span c="dimmed" inherit>
                  To:{' '}
                </Text>
                {mail.to}
              </Text>
              <Text fz="sm">
                <Text span c="dimmed" inherit>
                  Created:{' '}
                </Text>
                {formatDateTime(mail.createdAt)}
                {mail.sentAt ? ` · sent ${formatDateTime(mail.sentAt)}` : ''}
              </Text>
            </Stack>
            <OutboxStatusBadge status={mail.status} />
          </Group>
          <Divider />
          <Paper p="md" radius="md" bg="var(--mantine-color-default-hover)">
            <Text fz="sm" component="div" style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }} data-testid="mail-text">
              {linkify(mail.text)}
            </Text>
          </Paper>
        </Stack>
      ) : null}
    </Modal>
  );
}
