import { Box, EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyPanelProps {
  icon: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  withBorder?: boolean;
}

/** A bordered empty state used for "nothing here yet", "coming soon" and "not allowed". */
export function EmptyPanel({ icon, title, description, action, withBorder = true }: EmptyPanelProps) {
  const content = (
    <EmptyState icon={icon} title={title} description={description} variant="light" size="md">
      {action ? <EmptyState.Actions>{action}</EmptyState.Actions> : null}
    </EmptyState>
  );
  if (!withBorder) {
    return (
      <Box py="xl" px="md">
        {content}
      </Box>
    );
  }
  return (
    <Paper withBorder radius="md" py={48} px="lg">
      {content}
    </Paper>
  );
}
