import { Button, FileInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowBigRightLines } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { ImportReportView } from './ImportReportView';
import { postForm, refreshLists, type PortalImport } from './portabilityApi';

const FIELDS = [
  { field: 'companies', label: 'Companies', accept: '.csv,.xls' },
  { field: 'contacts', label: 'Contacts', accept: '.csv,.xls' },
  { field: 'leads', label: 'Leads', accept: '.csv,.xls' },
  { field: 'deals', label: 'Deals', accept: '.csv,.xls' },
  { field: 'tasks', label: 'Tasks', accept: '.xls,.csv' },
  { field: 'calendar', label: 'Calendar (.ics)', accept: '.ics,text/calendar' },
] as const;

type Field = (typeof FIELDS)[number]['field'];

/** Migration from Bitrix24: its list exports as they come out of it, any subset. */
export function BitrixSection() {
  const qc = useQueryClient();
  const [files, setFiles] = useState<Partial<Record<Field, File | null>>>({});
  const [result, setResult] = useState<PortalImport | null>(null);
  const chosen = FIELDS.filter((f) => files[f.field]);
  const run = useMutation({
    mutationFn: () => {
      const form = new FormData();
      for (const f of chosen) form.append(f.field, files[f.field]!, files[f.field]!.name);
      return postForm<PortalImport>('/api/imports/bitrix24', form);
    },
    onSuccess: (imp) => {
      setResult(imp);
      void refreshLists(qc);
    },
  });
  return (
    <SectionCard
      title="Migrate from Bitrix24"
      description={
        <>
          Export each list from Bitrix24 (CRM → Contacts, Companies, Leads, Deals: ⚙ → Export to CSV or Excel; Tasks: ⚙ → Export to Excel; Calendar: export or
          sync as .ics) and add the files here. Contacts with an email already here are merged; rows imported before are skipped. The guide “Migrate from
          Bitrix24” in the documentation (docs/migrate-from-bitrix24.md) goes through it step by step.
        </>
      }
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          {FIELDS.map((f) => (
            <FileInput
              key={f.field}
              label={f.label}
              placeholder="Choose the export file"
              accept={f.accept}
              value={files[f.field] ?? null}
              onChange={(file) => setFiles((all) => ({ ...all, [f.field]: file }))}
              clearable
            />
          ))}
        </SimpleGrid>
        <div>
          <Button leftSection={<IconArrowBigRightLines size={18} />} disabled={chosen.length === 0} loading={run.isPending} onClick={() => run.mutate()}>
            Start the migration
          </Button>
        </div>
        <ErrorAlert error={run.error} />
        {result?.report ? (
          <>
            <Text fz="sm" c="dimmed">
              What came across:
            </Text>
            <ImportReportView report={result.report} error={result.error} />
          </>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
