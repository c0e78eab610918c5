import { Alert, Button, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { client, unwrap } from '../../api/client';
import type { Body } from '../../api/types';

type AutomationsDocument = Body<'/api/automations/import', 'post'>;

/** The outline of an export (the server checks each rule). */
function isAutomationsDocument(doc: unknown): doc is AutomationsDocument {
  if (typeof doc !== 'object' || doc === null || !('formatVersion' in doc) || !('rules' in doc)) return false;
  return doc.formatVersion === 1 && Array.isArray(doc.rules);
}

/** Import rules from a document exported here or in another portal; shows what could not be matched. */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async (f: File) => {
      let doc: unknown;
      try {
        doc = JSON.parse(await f.text());
      } catch {
        throw new Error('This file is not a JSON document. Choose a file exported from Automations.');
      }
      if (!isAutomationsDocument(doc)) throw new Error('This file is not an Automations export. Choose a file exported from Automations.');
      return unwrap(client.POST('/api/automations/import', { body: doc }));
    },
    onSuccess: () => void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/automations') }),
  });
  const close = () => {
    setFile(null);
    setFileError(null);
    run.reset();
    onClose();
  };
  const result = run.data;
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Import rules</Text>} size="lg">
      <Stack gap="md">
        {result ? (
          <>
            <Alert color="green" variant="light" title={`${result.imported} rule${result.imported === 1 ? '' : 's'} imported`}>
              {result.unresolved.length === 0 ? 'Everything was found in this portal.' : 'Some rules point at things this portal does not have:'}
            </Alert>
            {result.unresolved.length > 0 && (
              <List size="sm" spacing={4} aria-label="Not resolved">
                {result.unresolved.map((u, i) => (
                  <List.Item key={i}>
                    <Text span fw={600} fz="sm">
                      {u.rule}
                    </Text>
                    : {u.what}
                  </List.Item>
                ))}
              </List>
            )}
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </>
        ) : (
          <>
            <Text fz="sm" c="dimmed">
              Pipelines, stages and users are matched by name (users by email first). Rules whose references cannot be found come in disabled, and you see
              which.
            </Text>
            <ErrorAlert error={run.error} />
            <FileInput
              label="Exported rules (JSON)"
              accept="application/json,.json"
              value={file}
              onChange={(f) => (setFile(f), setFileError(null))}
              error={fileError}
              leftSection={<IconFileImport size={16} />}
              clearable
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={run.isPending}>
                Cancel
              </Button>
              <Button loading={run.isPending} onClick={() => (file ? run.mutate(file) : setFileError('Choose a file to import'))}>
                Import
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
