import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Schema } from '../api/types';
import { client, unwrap } from '../api/client';

/** How this server runs (GET /api/instance): billing on (hosted) or off (self-hosted), and whether sign-up is open. */
export type Instance = Schema<'Instance'>;

export const instanceQuery = queryOptions({
  queryKey: ['/api/instance'],
  queryFn: ({ signal }) => unwrap(client.GET('/api/instance', { signal })),
  staleTime: 5 * 60_000,
});

/** The server's mode; `billing` counts as on until the answer arrives, so nothing flickers away on hosted servers. */
export function useInstance(): Instance & { isPending: boolean } {
  const { data, isPending } = useQuery(instanceQuery);
  return { billing: data?.billing ?? true, signup: data?.signup ?? 'open', signupAvailable: data?.signupAvailable ?? true, isPending };
}
