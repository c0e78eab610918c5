import { skipToken, useQuery, type QueryClient } from '@tanstack/react-query';
import type { FormBody, Item, Json, Schema } from '../../api/types';
import { client, unwrap } from '../../api/client';

/** Types and calls of the portability API (Settings → Data). */

export type PortalExport = Schema<'PortalExport'>;
export type TransferStatus = PortalExport['status'];
export type ImportProblem = Schema<'ImportProblem'>;
export type ImportReport = Schema<'ImportReport'>;
export type PortalImport = Schema<'PortalImport'>;

export type CsvEntity = FormBody<'/api/imports/csv', 'post'>['entity'];
export type CsvFields = Json<'/api/imports/csv/fields'>;
export type CsvField = Item<CsvFields['entities'][string]>;

export const EXPORTS = '/api/exports';
export const IMPORTS = '/api/imports';
const isBusy = (s: TransferStatus) => s === 'queued' || s === 'running';

/** One export, polled every second while it is being made. */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: [EXPORTS, id],
    queryFn: id ? ({ signal }) => unwrap(client.GET('/api/exports/{id}', { signal, params: { path: { id } } })) : skipToken,
    refetchInterval: (q) => (q.state.data && !isBusy(q.state.data.status) ? false : 1000),
  });
}

/** One import, polled every second while it runs. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: [IMPORTS, id],
    queryFn: id ? ({ signal }) => unwrap(client.GET('/api/imports/{id}', { signal, params: { path: { id } } })) : skipToken,
    refetchInterval: (q) => (q.state.data && !isBusy(q.state.data.status) ? false : 1000),
  });
}

export function useCsvFields() {
  return useQuery({
    queryKey: ['/api/imports/csv/fields'],
    queryFn: ({ signal }) => unwrap(client.GET('/api/imports/csv/fields', { signal })),
    staleTime: Infinity,
  });
}

export const refreshLists = (qc: QueryClient) => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === EXPORTS || q.queryKey[0] === IMPORTS });

export { postForm } from '../../api/client';

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const ENTITY_LABELS: Record<string, string> = {
  companies: 'Companies',
  contacts: 'Contacts',
  leads: 'Leads',
  deals: 'Deals',
  tasks: 'Tasks',
  projects: 'Projects',
  pipelines: 'Pipelines',
  events: 'Calendar events',
  users: 'Users',
  drive: 'Drive items',
  files: 'Files',
};
export const entityLabel = (e: string) => ENTITY_LABELS[e] ?? e.replace(/_/g, ' ');
