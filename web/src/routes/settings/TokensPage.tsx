import { Button, Code, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { EmptyPanel } from '../../components/EmptyPanel';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate, formatRelative } from '../../lib/format';
import { CreateTokenModal } from './tokens/CreateTokenModal';
import { DeleteTokenButton } from './tokens/DeleteTokenButton';
import type { Json } from '../../api/types';

export function TokensPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const tokens = useQuery<Json<'/api/tokens'>>({ queryKey: ['/api/tokens'] });

  let body;
  if (tokens.isError) {
    body = <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />;
  } else if (!tokens.isPending && tokens.data.items.length === 0) {
    body = (
      <EmptyPanel
        icon={<IconKey size={28} />}
        title="No API tokens yet"
        description="Tokens let scripts and other tools use the API as you. Send one in the Authorization header as a Bearer token."
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={open} variant="light">
            Create token
          </Button>
        }
      />
    );
  } else {
    body = (
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th w={100}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {tokens.isPending ? (
              <TableSkeleton columns={5} rows={2} />
            ) : (
              <Table.Tbody>
                {tokens.data.items.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>
                      <Text fz="sm" fw={600}>
                        {token.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatDate(token.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed">
                        {formatRelative(token.lastUsedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <DeleteTokenButton token={token} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        order={2}
        title="API tokens"
        description="Personal tokens for scripts and integrations. A token can do what you can do."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            Create token
          </Button>
        }
      />
      {body}
      <CreateTokenModal opened={opened} onClose={close} />
    </>
  );
}
