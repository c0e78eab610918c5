import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';

export function Logo({ size = 'md' }: { size?: 'sm' | 'md' | 'lg' }) {
  const icon = size === 'lg' ? 40 : size === 'md' ? 32 : 26;
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={icon} radius="md" variant="filled" aria-hidden>
        <IconCalendarEvent size={icon * 0.6} />
      </ThemeIcon>
      <Text fw={700} fz={size === 'lg' ? 'xl' : size === 'md' ? 'lg' : 'md'} lh={1}>
        SchedulingKit
      </Text>
    </Group>
  );
}
