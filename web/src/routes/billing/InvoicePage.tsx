import { Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconExternalLink, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { InvoiceStatusBadge } from './InvoicesCard';
import { formatMoney } from './money';
import type { Invoice } from './types';

/** One invoice, laid out for printing (the browser's print dialog, or the standalone HTML version). */
export function InvoicePage() {
  const { id = '' } = useParams();
  const invoice = useQuery<Invoice>({ queryKey: ['/api/billing/invoices', id] });
  const inv = invoice.data;
  useDocumentTitle(inv ? `${inv.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${inv.number}` : 'Invoice');

  return (
    <Stack gap="md">
      <Group justify="space-between" className="noprint">
        <Anchor component={Link} to="/app/settings/billing" fz="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> Back to billing
          </Group>
        </Anchor>
        {inv ? (
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconExternalLink size={16} />}
              component="a"
              href={`/api/billing/invoices/${inv.id}/html`}
              target="_blank"
              rel="noopener"
            >
              Print version
            </Button>
            <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
              Print
            </Button>
          </Group>
        ) : null}
      </Group>
      {invoice.isError ? (
        <QueryError error={invoice.error} onRetry={() => void invoice.refetch()} />
      ) : !inv ? (
        <Skeleton h={300} radius="md" />
      ) : (
        <Paper withBorder radius="md" p="xl" component="article" aria-label={`Invoice ${inv.number}`}>
          <Group justify="space-between" align="flex-start" mb="lg">
            <Stack gap={2}>
              <Title order={2}>
                {inv.kind === 'credit_note' ? 'Credit note' : 'Invoice'} {inv.number}
              </Title>
              <Text fz="sm" c="dimmed">
                Issued {formatDate(inv.issuedAt)} · Period {formatDate(inv.periodStart)} – {formatDate(inv.periodEnd)}
              </Text>
            </Stack>
            <InvoiceStatusBadge status={inv.status} />
          </Group>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inv.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    {l.description}
                    {l.periodStart && l.periodEnd ? (
                      <Text fz="xs" c="dimmed">
                        {formatDate(l.periodStart)} – {formatDate(l.periodEnd)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right">{l.quantity}</Table.Td>
                  <Table.Td ta="right">{formatMoney(l.amount, inv.currency)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td colSpan={2} fw={700}>
                  Total ({inv.currency})
                </Table.Td>
                <Table.Td ta="right" fw={700}>
                  {formatMoney(inv.total, inv.currency)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {inv.paidAt ? (
            <Text fz="sm" mt="md">
              Paid on {formatDate(inv.paidAt)}.
            </Text>
          ) : null}
        </Paper>
      )}
    </Stack>
  );
}
