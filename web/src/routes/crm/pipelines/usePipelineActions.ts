import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../../api/client';
import type { Body } from '../../../api/types';

type PipelineUpdate = Body<'/api/crm/pipelines/{id}', 'patch'>;

/** Pipeline writes; each refreshes every CRM query, since removing a stage moves deals. */
export function usePipelineActions() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('/api/crm/') });
  const create = useMutation({
    mutationFn: (name: string) => unwrap(client.POST('/api/crm/pipelines', { body: { name } })),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: PipelineUpdate }) => unwrap(client.PATCH('/api/crm/pipelines/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/crm/pipelines/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  return { create, update, remove };
}
