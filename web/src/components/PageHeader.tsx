import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/useDocumentTitle';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Heading level: pages use 1, sections inside settings use 2. */
  order?: 1 | 2;
  /** Browser tab title; defaults to `title`, `false` leaves the tab title alone. */
  documentTitle?: string | false;
}

export function PageHeader({ title, description, actions, order = 1, documentTitle }: PageHeaderProps) {
  useDocumentTitle(documentTitle === false ? undefined : (documentTitle ?? title));
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="md">
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Title order={order} fz={order === 1 ? 28 : 22}>
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" fz="sm">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}
