import { Alert, Box, type AlertProps } from '@mantine/core';
import { IconAlertCircle, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { isApiError } from '../api';
import { errorMessage } from '../lib/errors';

interface ErrorAlertProps extends Omit<AlertProps, 'children' | 'title'> {
  /** An error thrown by the API client (or any Error), or a message. */
  error: unknown;
  title?: string;
  /** Rendered under the message, e.g. a retry button. */
  action?: ReactNode;
}

/** An error shown above a form or in place of content that failed to load. */
export function ErrorAlert({ error, title, action, ...rest }: ErrorAlertProps) {
  if (error === null || error === undefined || error === '') return null;
  const forbidden = isApiError(error, 'FORBIDDEN');
  const message = typeof error === 'string' ? error : errorMessage(error);
  return (
    <Alert
      role="alert"
      color={forbidden ? 'yellow' : 'red'}
      variant="light"
      icon={forbidden ? <IconLock size={18} /> : <IconAlertCircle size={18} />}
      title={title ?? (forbidden ? 'Admins only' : undefined)}
      {...rest}
    >
      <Box style={{ whiteSpace: 'pre-line' }}>{message}</Box>
      {action ? <Box mt="sm">{action}</Box> : null}
    </Alert>
  );
}
