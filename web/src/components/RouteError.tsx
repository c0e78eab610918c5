import { Button, Center, Code, Container, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isApiError } from '../api';
import { errorMessage } from '../lib/errors';
import { EmptyPanel } from './EmptyPanel';
import { ForbiddenNotice } from './ForbiddenNotice';
import { NotFound } from './NotFound';

/** Error boundary of the router: failed loaders and render errors end up here. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  if (isApiError(error, 'FORBIDDEN')) return <ForbiddenNotice error={error} />;

  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);

  return (
    <Center mih="60vh" p="md">
      <Container size={560} w="100%">
        <EmptyPanel
          icon={<IconAlertTriangle size={28} />}
          title="Something went wrong"
          description={
            <>
              We could not show this page. <Code>{message}</Code>
            </>
          }
          action={
            <Group justify="center">
              <Button variant="default" onClick={() => window.location.reload()}>
                Reload
              </Button>
              <Button component={Link} to="/">
                Go to the start page
              </Button>
            </Group>
          }
        />
      </Container>
    </Center>
  );
}
