import { Button, Center, Container } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { EmptyPanel } from './EmptyPanel';

export function NotFound({ inApp = false }: { inApp?: boolean }) {
  useDocumentTitle('Page not found');
  const panel = (
    <EmptyPanel
      icon={<IconMapOff size={28} />}
      title="Page not found"
      description="The page you are looking for does not exist or was moved."
      action={
        <Button component={Link} to={inApp ? '/app' : '/'}>
          Go to the start page
        </Button>
      }
    />
  );
  if (inApp) return panel;
  return (
    <Center mih="100vh">
      <Container size={520} w="100%">
        {panel}
      </Container>
    </Center>
  );
}
