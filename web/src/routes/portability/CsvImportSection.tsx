import { Button, FileInput, Group, Select, Stack, Table, Text } from '@mantine/core';
import { IconChecklist, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { ImportReportView } from './ImportReportView';
import { postForm, refreshLists, useCsvFields, type CsvEntity, type PortalImport } from './portabilityApi';

const ENTITIES: { value: CsvEntity; label: string }[] = [
  { value: 'contacts', label: 'Contacts' },
  { value: 'companies', label: 'Companies' },
  { value: 'leads', label: 'Leads' },
  { value: 'deals', label: 'Deals' },
  { value: 'tasks', label: 'Tasks' },
];

/**
 * CSV import with a dry run: columns are matched to fields by name; the check lists
 * every problem by row and column and the matching, which can be changed; the import
 * writes all rows or none.
 */
export function CsvImportSection() {
  const qc = useQueryClient();
  const fields = useCsvFields();
  const [entity, setEntity] = useState<CsvEntity>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [result, setResult] = useState<PortalImport | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      const form = new FormData();
      form.append('entity', entity);
      form.append('dryRun', String(dryRun));
      if (Object.keys(mapping).length) form.append('mapping', JSON.stringify(mapping));
      form.append('file', file!, file!.name);
      return postForm<PortalImport>('/api/imports/csv', form);
    },
    onSuccess: (imp) => {
      setResult(imp);
      if (imp.report?.mapping) setMapping(imp.report.mapping);
      void refreshLists(qc);
    },
  });
  const reset = () => {
    setMapping({});
    setResult(null);
  };
  const options = [
    { value: '', label: 'Do not import' },
    ...(fields.data?.entities[entity] ?? []).map((f) => ({ value: f.field, label: `${f.label}${f.required ? ' (required)' : ''}` })),
  ];
  const columns = Object.keys(mapping);

  return (
    <SectionCard
      title="Import a CSV file"
      description="Companies, contacts, leads, deals or tasks from a spreadsheet. Columns are matched by their names (First name, E-mail, Company, Amount, Due…). Check the file first: nothing is written until every row is fine."
    >
      <Stack gap="sm">
        <Group align="end" wrap="wrap">
          <Select
            label="Records"
            data={ENTITIES}
            value={entity}
            onChange={(v) => {
              if (v) setEntity(v as CsvEntity);
              reset();
            }}
            allowDeselect={false}
            w={160}
          />
          <FileInput
            label="CSV file"
            placeholder="Choose a .csv file"
            accept=".csv,text/csv"
            value={file}
            onChange={(f) => {
              setFile(f);
              reset();
            }}
            leftSection={<IconFileSpreadsheet size={16} />}
            clearable
            w={280}
          />
          <Button
            variant="light"
            leftSection={<IconChecklist size={18} />}
            disabled={!file}
            loading={run.isPending && run.variables?.dryRun}
            onClick={() => run.mutate({ dryRun: true })}
          >
            Check file
          </Button>
          <Button
            leftSection={<IconUpload size={18} />}
            disabled={!file || run.isPending}
            loading={run.isPending && !run.variables?.dryRun}
            onClick={() => run.mutate({ dryRun: false })}
          >
            Import
          </Button>
        </Group>
        <ErrorAlert error={run.error} />
        {columns.length > 0 ? (
          <Table fz="sm" withTableBorder aria-label="Which column goes where">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column in the file</Table.Th>
                <Table.Th>Imported as</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {columns.map((column) => (
                <Table.Tr key={column}>
                  <Table.Td>{column}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Field for the column ${column}`}
                      data={options}
                      value={mapping[column] ?? ''}
                      onChange={(v) => setMapping((m) => ({ ...m, [column]: v ? v : null }))}
                      allowDeselect={false}
                      size="xs"
                      w={240}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {result?.report ? (
          <>
            <Text fz="sm" c="dimmed">
              {result.report.dryRun ? 'Checked' : 'Imported'} {file?.name}:
            </Text>
            <ImportReportView report={result.report} error={result.error} />
          </>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
