import { useQuery } from '@tanstack/react-query';
import type { Names } from './describe';
import type { Catalog } from './types';
import type { Json } from '../../api/types';

/** What the builder needs to offer choices and to name things: the field catalog, pipelines with stages, users. */
export function useAutomationData() {
  const catalog = useQuery<Catalog>({ queryKey: ['/api/automations/catalog'], staleTime: Infinity });
  const pipelines = useQuery<Json<'/api/crm/pipelines'>>({ queryKey: ['/api/crm/pipelines?limit=200'], staleTime: 60_000 });
  const users = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'], staleTime: 60_000 });
  const pipelineItems = pipelines.data?.items ?? [];
  const userItems = users.data?.items ?? [];
  const names: Names = {
    stage: (id) => {
      for (const p of pipelineItems) {
        const s = p.stages.find((x) => x.id === id);
        if (s) return pipelineItems.length > 1 ? `${s.name} (${p.name})` : s.name;
      }
      return undefined;
    },
    pipeline: (id) => pipelineItems.find((p) => p.id === id)?.name,
    user: (id) => userItems.find((u) => u.id === id)?.name,
  };
  return {
    catalog: catalog.data,
    pipelines: pipelineItems,
    users: userItems,
    names,
    isPending: catalog.isPending,
    error: catalog.error ?? null,
  };
}

export type AutomationData = ReturnType<typeof useAutomationData>;
