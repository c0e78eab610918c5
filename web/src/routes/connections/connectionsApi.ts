import { useQuery, type QueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client';
import type { ConnectionList, ConnectionPatch, ConnectionTest, NewConnection } from './types';

export const CONNECTIONS_KEY = ['/api/calendar-connections'] as const;
export const APP_PASSWORDS_KEY = ['/api/me/app-passwords'] as const;

/** The caller's connections; refreshed every few seconds while one of them is syncing. */
export function useConnections() {
  return useQuery<ConnectionList>({
    queryKey: CONNECTIONS_KEY,
    refetchInterval: (query) => (query.state.data?.items.some((c) => c.status === 'syncing' || c.status === 'pending') ? 3000 : false),
  });
}

/** After a connection changed: the list and the external events of the calendar view refresh. */
export function invalidateConnections(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === CONNECTIONS_KEY[0] });
}

export const testConnection = (body: ConnectionTest) => unwrap(client.POST('/api/calendar-connections/test', { body }));
export const createConnection = (body: NewConnection) => unwrap(client.POST('/api/calendar-connections', { body }));
export const updateConnection = (id: string, body: ConnectionPatch) =>
  unwrap(client.PATCH('/api/calendar-connections/{id}', { params: { path: { id } }, body }));
export const getConnection = (id: string) => unwrap(client.GET('/api/calendar-connections/{id}', { params: { path: { id } } }));
export const syncConnection = (id: string) => unwrap(client.POST('/api/calendar-connections/{id}/sync', { params: { path: { id } } }));
export const deleteConnection = (id: string) => unwrap(client.DELETE('/api/calendar-connections/{id}', { params: { path: { id } } }));

export const createAppPassword = (name: string) => unwrap(client.POST('/api/me/app-passwords', { body: { name } }));
export const revokeAppPassword = (id: string) => unwrap(client.DELETE('/api/me/app-passwords/{id}', { params: { path: { id } } }));

/** Where CalDAV clients connect: `<origin>/dav/`. */
export const davUrl = (): string => `${window.location.origin}/dav/`;
