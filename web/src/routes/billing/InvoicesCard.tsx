import { Anchor, Badge, Paper, Table, Text } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { formatMoney, invoiceKindLabels } from './money';
import type { Invoice } from './types';

const statusColors: Record<Invoice['status'], string> = { draft: 'gray', open: 'red', paid: 'green', void: 'gray' };
const statusLabels: Record<Invoice['status'], string> = { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void' };

export function InvoiceStatusBadge({ status }: { status: Invoice['status'] }) {
  return (
    <Badge size="sm" variant="light" color={statusColors[status]}>
      {statusLabels[status]}
    </Badge>
  );
}

/** Every invoice and credit note, newest first, each linking to its printable page. */
export function InvoicesCard() {
  const invoices = usePagedQuery<Invoice>('/api/billing/invoices', 20);
  if (invoices.isError) return <QueryError error={invoices.error} onRetry={() => void invoices.refetch()} />;
  if (!invoices.isPending && invoices.items.length === 0) {
    return (
      <EmptyPanel icon={<IconReceipt size={28} />} title="No invoices yet" description="Invoices appear here when you choose a paid plan or buy an add-on." />
    );
  }
  return (
    <Paper withBorder radius="md" component="section" aria-label="Invoices">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>For</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          {invoices.isPending ? (
            <TableSkeleton columns={5} rows={2} />
          ) : (
            <Table.Tbody>
              {invoices.items.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/app/settings/billing/invoices/${inv.id}`} fz="sm" fw={600}>
                      {inv.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{formatDate(inv.issuedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{invoiceKindLabels[inv.kind] ?? inv.kind}</Text>
                  </Table.Td>
                  <Table.Td>
                    <InvoiceStatusBadge status={inv.status} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text fz="sm" fw={500}>
                      {formatMoney(inv.total, inv.currency)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          )}
        </Table>
      </Table.ScrollContainer>
      {!invoices.isPending ? (
        <LoadMore
          hasNextPage={invoices.hasNextPage}
          isFetchingNextPage={invoices.isFetchingNextPage}
          onLoadMore={() => void invoices.fetchNextPage()}
          count={invoices.items.length}
          noun="invoice"
        />
      ) : null}
    </Paper>
  );
}
