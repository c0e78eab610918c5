import { Anchor, Box, Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Logo } from './Logo';

interface AuthLayoutProps {
  title: ReactNode;
  /** Plain-text page title for the browser tab; defaults to `title` when it is a string. */
  documentTitle?: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** Centered card used by the public pages: sign-up, log-in, password reset, invites. */
export function AuthLayout({ title, documentTitle, subtitle, children, footer }: AuthLayoutProps) {
  useDocumentTitle(documentTitle ?? (typeof title === 'string' ? title : undefined));
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)" style={{ backgroundImage: 'var(--skit-auth-bg)' }}>
      <Container size={460} py={48}>
        <Center mb="xl">
          <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="SchedulingKit home">
            <Logo size="lg" />
          </Anchor>
        </Center>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 32 }}>
          <Stack gap={4} mb="lg">
            <Title order={1} fz={24}>
              {title}
            </Title>
            {subtitle ? (
              <Text c="dimmed" fz="sm">
                {subtitle}
              </Text>
            ) : null}
          </Stack>
          {children}
        </Paper>
        {footer ? (
          <Text ta="center" mt="lg" fz="sm" c="dimmed">
            {footer}
          </Text>
        ) : null}
      </Container>
    </Box>
  );
}
