import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api';
import type { Json } from '../../api/types';

export type CrmResource = 'companies' | 'contacts' | 'leads' | 'deals' | 'pipelines' | 'activities';

/** Refreshes every cached list and record of these CRM resources (their keys start with the resource path). */
export function invalidateCrm(queryClient: QueryClient, ...resources: CrmResource[]): Promise<void> {
  const prefixes = resources.map((r) => `/api/crm/${r}`);
  return queryClient.invalidateQueries({
    predicate: (q) => {
      const head = q.queryKey[0];
      return typeof head === 'string' && prefixes.some((p) => head === p || head.startsWith(`${p}?`) || head.startsWith(`${p}/`));
    },
  });
}

/** One record: `['/api/crm/contacts', id]` GETs /api/crm/contacts/<id>. */
export function useRecord<T>(resource: CrmResource, id: string | undefined) {
  return useQuery<T>({ queryKey: [`/api/crm/${resource}`, id], enabled: !!id });
}

/** The portal's users, for owner pickers and names. */
export function useUsers() {
  const query = useQuery<Json<'/api/users'>>({ queryKey: ['/api/users'], staleTime: 60_000 });
  const users = query.data?.items ?? [];
  const nameOf = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.name ?? 'Former user') : null);
  return { users, nameOf, isPending: query.isPending };
}

/**
 * Puts the server's field errors beside the form's inputs, nested ones too
 * ("emails.1.value"). Returns what could not be placed, for an alert above the form.
 */
export function placeErrors(form: { getValues: () => object; setFieldError: (path: never, error: string) => void }, error: unknown): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const roots = new Set(Object.keys(form.getValues()));
  const fields = error.details?.fields ?? [];
  const leftovers: string[] = [];
  for (const f of fields) {
    if (roots.has(f.path.split('.')[0] ?? '')) form.setFieldError(f.path as never, f.message);
    else leftovers.push(`${f.path}: ${f.message}`);
  }
  if (fields.length === 0) return error.message;
  return leftovers.length ? leftovers.join('\n') : null;
}

/** null for blank strings: optional text fields are cleared with null. */
export const blankToNull = (v: string) => (v.trim() === '' ? null : v.trim());
