import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/errors';

import type { Board, Deal } from './crmTypes';
import { client, unwrap } from '../../api/client';

/** Cards loaded per column; a longer column links to the list filtered by its stage. */
export const COLUMN_LIMIT = 100;

export const columnKey = (stageId: string) => ['crm-board', stageId] as const;

export interface Move {
  deal: Deal;
  toStageId: string;
  /** Index in the target column once the card has left its old place. */
  position: number;
}

/** `deals` with `deal` taken out and put at `position` of `stageId` (positions renumbered). */
export function placeCard(deals: Deal[], deal: Deal, stageId: string, position: number): Deal[] {
  const rest = deals.filter((d) => d.id !== deal.id);
  rest.splice(position, 0, { ...deal, stageId, position });
  return rest.map((d, i) => ({ ...d, position: i }));
}

/** A pipeline's board: per-stage totals, the cards of each column, and moving a card (optimistic, rolled back on error). */
export function useBoard(pipelineId: string | null) {
  const queryClient = useQueryClient();
  const board = useQuery<Board>({ queryKey: ['/api/crm/pipelines', pipelineId, 'board'], enabled: !!pipelineId });
  const stages = board.data?.stages ?? [];
  const columns = useQueries({
    queries: stages.map((s) => ({
      queryKey: columnKey(s.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(client.GET('/api/crm/deals', { signal, params: { query: { stageId: s.id, sort: 'position', limit: COLUMN_LIMIT } } })).then((p) => p.items),
    })),
  });

  const move = useMutation({
    mutationFn: (m: Move) =>
      unwrap(client.PATCH('/api/crm/deals/{id}', { params: { path: { id: m.deal.id } }, body: { stageId: m.toStageId, position: m.position } })),
    onMutate: async (m) => {
      const keys = [columnKey(m.deal.stageId), columnKey(m.toStageId)];
      await Promise.all(keys.map((queryKey) => queryClient.cancelQueries({ queryKey })));
      const before = keys.map((k) => [k, queryClient.getQueryData<Deal[]>(k)] as const);
      const from = queryClient.getQueryData<Deal[]>(columnKey(m.deal.stageId)) ?? [];
      if (m.deal.stageId !== m.toStageId) {
        queryClient.setQueryData<Deal[]>(
          columnKey(m.deal.stageId),
          from.filter((d) => d.id !== m.deal.id).map((d, i) => ({ ...d, position: i })),
        );
      }
      const to = queryClient.getQueryData<Deal[]>(columnKey(m.toStageId)) ?? [];
      queryClient.setQueryData<Deal[]>(columnKey(m.toStageId), placeCard(to, m.deal, m.toStageId, m.position));
      return { before };
    },
    onError: (err, m, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
      notifications.show({ title: `Could not move "${m.deal.title}"`, message: errorMessage(err), color: 'red' });
    },
    onSettled: (_data, _err, m) => {
      void queryClient.invalidateQueries({ queryKey: columnKey(m.deal.stageId) });
      void queryClient.invalidateQueries({ queryKey: columnKey(m.toStageId) });
      void queryClient.invalidateQueries({ queryKey: ['/api/crm/pipelines', pipelineId, 'board'] });
      void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('/api/crm/deals') });
    },
  });

  return {
    board,
    stages,
    cardsOf: (stageId: string) => columns[stages.findIndex((s) => s.id === stageId)]?.data ?? [],
    columnState: (stageId: string) => columns[stages.findIndex((s) => s.id === stageId)],
    move: move.mutate,
  };
}
