import { Group, Progress, Skeleton, Stack, Text } from '@mantine/core';
import { IconDatabase } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { USAGE_KEY } from './driveApi';
import { formatBytes } from './format';
import type { DriveUsage } from './types';

/** "12 MB of 5 GB used", or "12 MB used · no limit". The trash counts: it is still stored. */
export function UsageMeter() {
  const usage = useQuery<DriveUsage>({ queryKey: [...USAGE_KEY] });
  if (usage.isPending) return <Skeleton h={36} w={220} />;
  if (usage.isError) return null;
  const { usedBytes, quotaBytes } = usage.data;
  const percent = quotaBytes ? Math.min(100, (usedBytes / quotaBytes) * 100) : 0;
  const label = quotaBytes ? `${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)} used` : `${formatBytes(usedBytes)} used · no limit`;
  return (
    <Stack gap={4} w={240} aria-label="Storage">
      <Group gap={6} wrap="nowrap">
        <IconDatabase size={16} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text fz="xs" c="dimmed">
          {label}
        </Text>
      </Group>
      {quotaBytes ? (
        <Progress
          value={percent}
          size="sm"
          color={percent >= 90 ? 'red' : percent >= 75 ? 'yellow' : 'blue'}
          aria-label={`Storage used: ${Math.round(percent)}%`}
        />
      ) : null}
    </Stack>
  );
}
