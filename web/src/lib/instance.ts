import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api';

/** How this server runs (GET /api/instance): billing on (hosted) or off (self-hosted), and whether sign-up is open. */
export interface Instance {
  billing: boolean;
  signup: 'open' | 'closed';
  /** Whether the sign-up page may create a portal now (a closed install still lets the first one be claimed). */
  signupAvailable: boolean;
}

export const instanceQuery = queryOptions({
  queryKey: ['/api/instance'],
  queryFn: ({ signal }) => api.get<Instance>('/api/instance', { signal }),
  staleTime: 5 * 60_000,
});

/** The server's mode; `billing` counts as on until the answer arrives, so nothing flickers away on hosted servers. */
export function useInstance(): Instance & { isPending: boolean } {
  const { data, isPending } = useQuery(instanceQuery);
  return { billing: data?.billing ?? true, signup: data?.signup ?? 'open', signupAvailable: data?.signupAvailable ?? true, isPending };
}
