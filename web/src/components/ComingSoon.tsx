import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyPanel } from './EmptyPanel';
import { PageHeader } from './PageHeader';

interface ComingSoonProps {
  title: string;
  description: string;
  icon: ReactNode;
  /** What people will be able to do here. */
  pitch: string;
}

/** Placeholder page for a module that is not built yet. */
export function ComingSoon({ title, description, icon, pitch }: ComingSoonProps) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyPanel
        icon={icon}
        title={`${title} arrives soon`}
        description={pitch}
        action={
          <Badge variant="light" size="lg" radius="sm">
            In development
          </Badge>
        }
      />
    </>
  );
}
