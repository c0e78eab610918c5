import { ActionIcon, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId } from 'react';

/** A secret in a monospace box with a copy button. */
export function TokenSecret({ label, secret }: { label: string; secret: string }) {
  const id = useId();
  return (
    <div>
      <Text fz="sm" fw={500} mb={4} id={id}>
        {label}
      </Text>
      <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Text className="skit-secret" fz="sm" aria-labelledby={id} data-testid="token-secret" style={{ userSelect: 'all' }}>
            {secret}
          </Text>
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
                <ActionIcon color={copied ? 'teal' : 'gray'} variant="subtle" onClick={copy} aria-label={copied ? 'Copied' : 'Copy token'}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Paper>
    </div>
  );
}
