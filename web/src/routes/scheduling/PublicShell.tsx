import { Anchor, Box, Container, Group, Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from '../../components/Logo';

/** The frame of the public booking pages: logo, one card. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)" style={{ backgroundImage: 'var(--skit-auth-bg)' }}>
      <Container size={820} py="xl">
        <Group mb="lg">
          <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="SchedulingKit home">
            <Logo />
          </Anchor>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 32 }} component="main">
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
