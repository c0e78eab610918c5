import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface SectionCardProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Headings inside a settings page are level 3. */
  headingOrder?: 2 | 3;
}

export function SectionCard({ title, description, children, headingOrder = 3 }: SectionCardProps) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Stack gap={2} mb="md">
        <Title order={headingOrder} fz="md">
          {title}
        </Title>
        {description ? (
          <Text fz="sm" c="dimmed">
            {description}
          </Text>
        ) : null}
      </Stack>
      {children}
    </Paper>
  );
}
