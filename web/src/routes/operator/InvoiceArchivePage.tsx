import { Badge, Box, Button, Card, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArchive, IconExternalLink, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyPanel } from '../../components/EmptyPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { formatMoney } from '../billing/money';
import type { ArchivedInvoice } from './operatorApi';

/** What this page says, in one place (issue 15 moves it into the catalogue). */
const text = {
  title: 'Invoice archive',
  description:
    'Accounting law requires the seller to keep every invoice it issued, so when a portal is erased its invoices stay here for INVOICE_RETENTION_YEARS (10 by default) from the end of the year of issue, and the daily housekeeping removes each one after its "kept until" date. Every listing and every document you open is recorded in the operator log.',
  filterLabel: 'Portal ID',
  filterPlaceholder: "An erased portal's ID",
  filterHint: 'Shows the invoices of one erased portal.',
  tableLabel: 'Archived invoices',
  number: 'Invoice',
  portal: 'Erased portal',
  issued: 'Issued',
  total: 'Total',
  keptUntil: 'Kept until',
  document: 'Document',
  open: 'Open',
  openLabel: (number: string) => `Open invoice ${number} (opens in a new tab)`,
  creditNote: 'Credit note',
  emptyTitle: (portalId: string) => (portalId ? `No archived invoices for portal ${portalId}` : 'No archived invoices'),
  emptyDescription: 'When a portal that was billed is erased, its invoices are kept here for the legal period.',
  noun: 'invoice',
};

const documentUrl = (inv: ArchivedInvoice) => `/api/operator/invoice-archive/${encodeURIComponent(inv.id)}/document`;

/** Opens the document as issued in a new tab; the browser sends the operator's session cookie. */
function OpenDocument({ invoice, fullWidth }: { invoice: ArchivedInvoice; fullWidth?: boolean }) {
  return (
    <Button
      component="a"
      href={documentUrl(invoice)}
      target="_blank"
      rel="noopener"
      variant="default"
      size="xs"
      fullWidth={fullWidth}
      leftSection={<IconExternalLink size={14} />}
      aria-label={text.openLabel(invoice.number)}
    >
      {text.open}
    </Button>
  );
}

function InvoiceNumber({ invoice }: { invoice: ArchivedInvoice }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="sm" fw={500} ff="monospace">
        {invoice.number}
      </Text>
      {invoice.kind === 'credit_note' ? (
        <Badge variant="light" color="gray" size="sm">
          {text.creditNote}
        </Badge>
      ) : null}
    </Group>
  );
}

function ErasedPortal({ invoice }: { invoice: ArchivedInvoice }) {
  return (
    <Stack gap={0}>
      <Text fz="sm">{invoice.buyer.name}</Text>
      <Text fz="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {invoice.portalId}
      </Text>
    </Stack>
  );
}

const total = (inv: ArchivedInvoice) => formatMoney(inv.total, inv.currency);

/** Wide screens: one row per invoice. */
function ArchiveTable({ items, pending }: { items: ArchivedInvoice[]; pending: boolean }) {
  return (
    <Table verticalSpacing="xs" horizontalSpacing="md" aria-label={text.tableLabel}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{text.number}</Table.Th>
          <Table.Th>{text.portal}</Table.Th>
          <Table.Th>{text.issued}</Table.Th>
          <Table.Th ta="right">{text.total}</Table.Th>
          <Table.Th>{text.keptUntil}</Table.Th>
          <Table.Th>{text.document}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      {pending ? (
        <TableSkeleton columns={6} />
      ) : (
        <Table.Tbody>
          {items.map((inv) => (
            <Table.Tr key={inv.id}>
              <Table.Td>
                <InvoiceNumber invoice={inv} />
              </Table.Td>
              <Table.Td>
                <ErasedPortal invoice={inv} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(inv.issuedAt)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {total(inv)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(inv.retainUntil)}</Table.Td>
              <Table.Td>
                <OpenDocument invoice={inv} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      )}
    </Table>
  );
}

/** Narrow screens (phones): one card per invoice, nothing to scroll sideways. */
function ArchiveCards({ items }: { items: ArchivedInvoice[] }) {
  return (
    <Stack gap="sm" p="sm" role="list" aria-label={text.tableLabel}>
      {items.map((inv) => (
        <Card key={inv.id} withBorder radius="md" padding="sm" role="listitem">
          <Group justify="space-between" wrap="nowrap" align="flex-start" mb={4}>
            <InvoiceNumber invoice={inv} />
            <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {total(inv)}
            </Text>
          </Group>
          <ErasedPortal invoice={inv} />
          <Text fz="xs" c="dimmed" mt={4}>
            {text.issued} {formatDate(inv.issuedAt)} · {text.keptUntil} {formatDate(inv.retainUntil)}
          </Text>
          <Group mt="xs">
            <OpenDocument invoice={inv} fullWidth />
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

/** The invoices of erased portals, kept for the legal period (ADR 0025); operators read them for an auditor or the tax office. */
export function InvoiceArchivePage() {
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState(params.get('portalId') ?? '');
  const [portalId] = useDebouncedValue(filter.trim(), 300);
  const list = usePagedQuery<ArchivedInvoice>(
    portalId ? `/api/operator/invoice-archive?portalId=${encodeURIComponent(portalId)}` : '/api/operator/invoice-archive',
    50,
  );

  const onFilter = (value: string) => {
    setFilter(value);
    setParams(value.trim() ? { portalId: value.trim() } : {}, { replace: true });
  };

  let body;
  if (list.isError) body = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.isPending && list.items.length === 0)
    body = <EmptyPanel icon={<IconArchive size={28} />} title={text.emptyTitle(portalId)} description={text.emptyDescription} />;
  else
    body = (
      <Paper withBorder radius="md">
        <Box visibleFrom="sm">
          <Table.ScrollContainer minWidth={760}>
            <ArchiveTable items={list.items} pending={list.isPending} />
          </Table.ScrollContainer>
        </Box>
        {!list.isPending ? (
          <>
            <Box hiddenFrom="sm">
              <ArchiveCards items={list.items} />
            </Box>
            <LoadMore
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
              count={list.items.length}
              noun={text.noun}
            />
          </>
        ) : null}
      </Paper>
    );

  return (
    <>
      <PageHeader title={text.title} description={text.description} />
      <TextInput
        label={text.filterLabel}
        description={text.filterHint}
        placeholder={text.filterPlaceholder}
        leftSection={<IconSearch size={16} />}
        value={filter}
        onChange={(e) => onFilter(e.currentTarget.value)}
        maw={420}
        mb="md"
        spellCheck={false}
        autoComplete="off"
      />
      {body}
    </>
  );
}
