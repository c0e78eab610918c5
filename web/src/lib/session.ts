import { queryOptions, useQuery } from '@tanstack/react-query';
import { useRouteLoaderData } from 'react-router';
import type { Role, Session } from '../types';
import { ME_KEY } from './queryClient';
import { client, unwrap } from '../api/client';

export const meQuery = queryOptions({
  queryKey: ME_KEY,
  queryFn: ({ signal }) => unwrap(client.GET('/api/me', { signal })),
  staleTime: 60_000,
});

/**
 * The signed-in session. Only use below the /app route: its loader makes sure
 * the session is in the cache before anything renders. While logging out the
 * cache is emptied before the app unmounts, so fall back to what the loader saw.
 */
export function useSession(): Session {
  const { data } = useQuery(meQuery);
  const loaded = useRouteLoaderData('app') as Session | undefined;
  const session = data ?? loaded;
  if (!session) throw new Error('useSession() used outside of an authenticated route');
  return session;
}

export function isAdminRole(role: Role): boolean {
  return role === 'admin' || role === 'owner';
}

export const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
};
