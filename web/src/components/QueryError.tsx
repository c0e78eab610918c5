import { Button } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { isApiError } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { ForbiddenNotice } from './ForbiddenNotice';

/** What to render when a page's data failed to load. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (isApiError(error, 'FORBIDDEN')) return <ForbiddenNotice error={error} />;
  return (
    <ErrorAlert
      error={error}
      title="Could not load this"
      action={
        onRetry ? (
          <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
            Try again
          </Button>
        ) : null
      }
    />
  );
}
