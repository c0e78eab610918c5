import { redirect, type LoaderFunctionArgs } from 'react-router';
import { isApiError } from '../api';
import { queryClient } from './queryClient';
import { meQuery } from './session';

/** Only follow `next` links that stay inside the app. */
export function safeNext(next: string | null | undefined): string {
  if (next && next.startsWith('/app') && !next.startsWith('//')) return next;
  return '/app';
}

export function loginPath(next?: string, portal?: string): string {
  const params = new URLSearchParams();
  if (portal) params.set('portal', portal);
  if (next && next !== '/app') params.set('next', next);
  const qs = params.toString();
  return qs ? `/login?${qs}` : '/login';
}

/** Loader of /app: the session must exist before the shell renders. */
export async function requireSessionLoader({ request }: LoaderFunctionArgs) {
  try {
    return await queryClient.ensureQueryData(meQuery);
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      const url = new URL(request.url);
      throw redirect(loginPath(url.pathname + url.search));
    }
    throw error;
  }
}

/** Loader of `/`: send people to the app or to the log-in page. */
export async function rootRedirectLoader() {
  try {
    await queryClient.ensureQueryData(meQuery);
  } catch (error) {
    if (isApiError(error) && error.status === 401) return redirect('/login');
    throw error;
  }
  return redirect('/app');
}
