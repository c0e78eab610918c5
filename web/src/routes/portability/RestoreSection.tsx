import { Button, FileInput, Group, Progress, Stack, Text } from '@mantine/core';
import { IconArchive, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { ImportReportView } from './ImportReportView';
import { IMPORTS, postForm, refreshLists, useImport, type PortalImport } from './portabilityApi';

/** Restores an export ZIP into this portal (only an empty one: a fresh sign-up). */
export function RestoreSection() {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [id, setId] = useState<string | null>(null);
  const run = useImport(id);
  const start = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.append('file', f, f.name);
      return postForm<PortalImport>(IMPORTS, form);
    },
    onSuccess: (imp) => {
      setId(imp.id);
      void refreshLists(qc);
    },
  });
  const imp = run.data;
  const busy = start.isPending || (!!imp && (imp.status === 'queued' || imp.status === 'running'));
  return (
    <SectionCard
      title="Restore an export"
      description="Brings everything from an export ZIP into this portal: records, files, calendars and automations. Only into an empty portal — sign up a new one and restore there. Imported people set their password with “Forgot password”."
    >
      <Stack gap="sm">
        <Group align="end">
          <FileInput
            label="Export file"
            placeholder="Choose a .zip export"
            accept=".zip,application/zip"
            value={file}
            onChange={setFile}
            leftSection={<IconArchive size={16} />}
            clearable
            w={320}
          />
          <Button leftSection={<IconUpload size={18} />} disabled={!file || busy} loading={start.isPending} onClick={() => file && start.mutate(file)}>
            Restore
          </Button>
        </Group>
        <ErrorAlert error={start.error} />
        {imp && (imp.status === 'queued' || imp.status === 'running') ? (
          <Stack gap={4} aria-live="polite">
            <Text fz="sm">Restoring… {Math.round(imp.progress * 100)}%</Text>
            <Progress value={Math.round(imp.progress * 100)} animated aria-label="Restore progress" />
          </Stack>
        ) : null}
        {imp?.status === 'failed' ? <ErrorAlert error={imp.error ?? 'The restore failed.'} title="Nothing was restored" /> : null}
        {imp?.status === 'done' && imp.report ? <ImportReportView report={imp.report} error={null} /> : null}
      </Stack>
    </SectionCard>
  );
}
