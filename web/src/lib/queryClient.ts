import { MutationCache, QueryCache, QueryClient, type QueryFunction } from '@tanstack/react-query';
import { ApiError } from '../api';
import { getPath } from '../api/client';

/**
 * Queries are keyed by API path: `['/api/users']`, `['/api/users', id]`…
 * The default query function joins the key into a path and GETs it, so most
 * screens only need `useQuery({ queryKey: ['/api/users'] })`.
 */
const defaultQueryFn: QueryFunction = ({ queryKey, signal }) => {
  const path = queryKey.map((part) => encodePart(part)).join('/');
  return getPath(path, { signal });
};

function encodePart(part: unknown): string {
  const s = String(part);
  return s.startsWith('/') ? s : encodeURIComponent(s);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error) => handleGlobalError(error) }),
  mutationCache: new MutationCache({ onError: (error) => handleGlobalError(error) }),
  defaultOptions: {
    queries: {
      queryFn: defaultQueryFn,
      // Show cached data at once, refresh in the background on every visit.
      staleTime: 0,
      refetchOnWindowFocus: true,
      retry: (failureCount, error) => {
        // Client errors (401, 403, 404, 400…) will not get better by retrying.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
        return failureCount < 2;
      },
    },
    mutations: {
      retry: false,
    },
  },
});

export const ME_KEY = ['/api/me'] as const;

type Handler = () => void;
let unauthenticatedHandler: Handler | null = null;

/** Registered by the router: where to send people whose session ended. */
export function setUnauthenticatedHandler(handler: Handler | null): void {
  unauthenticatedHandler = handler;
}

export function handleGlobalError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'UNAUTHENTICATED') {
    unauthenticatedHandler?.();
  }
}
