import { Alert, Button, Skeleton, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import type { Json } from '../../../api/types';
import { isAdminRole, useSession } from '../../../lib/session';
import { NameModal } from './NameModal';
import { PipelineCard } from './PipelineCard';
import { problemText, text } from './pipelinesText';
import { usePipelineActions } from './usePipelineActions';

/** Settings → Pipelines (CRM settings): every user sees the pipelines and stages, admins change them. */
export function PipelinesPage() {
  const { role } = useSession();
  const canEdit = isAdminRole(role);
  const pipelines = useQuery<Json<'/api/crm/pipelines'>>({ queryKey: ['/api/crm/pipelines?limit=100'] });
  const { create } = usePipelineActions();
  const [opened, modal] = useDisclosure(false);
  const [error, setError] = useState<string | null>(null);

  let body;
  if (pipelines.isError) body = <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  else if (pipelines.isPending) body = <Skeleton h={240} radius="md" />;
  else body = pipelines.data.items.map((p) => <PipelineCard key={p.id} pipeline={p} canEdit={canEdit} />);

  return (
    <>
      <PageHeader
        title={text.title}
        order={2}
        description={text.description}
        actions={
          canEdit ? (
            <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
              {text.newPipeline}
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        {!canEdit ? (
          <Alert color="gray" variant="light">
            {text.membersNote}
          </Alert>
        ) : null}
        {body}
      </Stack>
      <NameModal
        opened={opened}
        onClose={() => {
          modal.close();
          setError(null);
        }}
        title={text.newPipeline}
        label={text.pipelineName}
        description={text.newPipelineHint}
        submitLabel={text.createPipeline}
        pending={create.isPending}
        error={error}
        onSubmit={({ name }) => {
          setError(null);
          create.mutate(name, { onSuccess: modal.close, onError: (e) => setError(problemText(e)) });
        }}
      />
    </>
  );
}
