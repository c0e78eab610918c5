import { Alert, List, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { entityLabel, type ImportReport } from './portabilityApi';

/** What an import did: counts per entity, then every problem by row and column, merges and warnings. */
export function ImportReportView({ report, error }: { report: ImportReport; error: string | null }) {
  const counts = Object.entries(report.counts);
  return (
    <Stack gap="sm" aria-live="polite">
      {error ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {error}
        </Alert>
      ) : report.dryRun ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />}>
          The file is fine: nothing was written yet. Import it to add the rows.
        </Alert>
      ) : null}
      {counts.length > 0 ? (
        <Table withTableBorder withColumnBorders fz="sm" aria-label="Import counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>What</Table.Th>
              <Table.Th ta="right">{report.dryRun ? 'Would import' : 'Imported'}</Table.Th>
              <Table.Th ta="right">Merged</Table.Th>
              <Table.Th ta="right">Skipped</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.map(([entity, c]) => (
              <Table.Tr key={entity}>
                <Table.Td>{entityLabel(entity)}</Table.Td>
                <Table.Td ta="right">{c.imported}</Table.Td>
                <Table.Td ta="right">{c.merged}</Table.Td>
                <Table.Td ta="right">{c.skipped}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {report.problems.length > 0 ? (
        <>
          <Text fw={600} fz="sm">
            {report.problemCount === 1 ? '1 problem' : `${report.problemCount} problems`}
            {report.problemCount > report.problems.length ? ` (the first ${report.problems.length} are listed)` : ''}
          </Text>
          <Table.ScrollContainer minWidth={520} mah={320}>
            <Table striped fz="sm" aria-label="Problems by row and column">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>File</Table.Th>
                  <Table.Th w={60}>Row</Table.Th>
                  <Table.Th w={160}>Column</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.problems.map((p, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{p.entity ? entityLabel(p.entity) : '—'}</Table.Td>
                    <Table.Td>{p.row ?? '—'}</Table.Td>
                    <Table.Td>{p.column ?? '—'}</Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
      {report.merges.length > 0 ? (
        <>
          <Text fw={600} fz="sm">
            Merged into records already here
          </Text>
          <List size="sm" spacing={2}>
            {report.merges.map((m, i) => (
              <List.Item key={i}>
                {entityLabel(m.entity)} row {m.row} → {m.into}: {m.reason}
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
      {report.warnings.length > 0 ? (
        <>
          <Text fw={600} fz="sm">
            Notes
          </Text>
          <List size="sm" spacing={2}>
            {report.warnings.slice(0, 50).map((w, i) => (
              <List.Item key={i}>{w}</List.Item>
            ))}
          </List>
          {report.warnings.length > 50 ? (
            <Text fz="xs" c="dimmed">
              …and {report.warnings.length - 50} more
            </Text>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
