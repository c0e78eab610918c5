import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { Body } from '../../api/types';
import type { AutoScheduleResult, Availability, FindTimesResult, PublicBooking, PublicPage, QuickAddParse, Slots } from './types';

export const AVAILABILITY_KEY = ['/api/me/availability'] as const;

export function useAvailability(fallbackZone: string) {
  return useQuery<Availability>({
    queryKey: [...AVAILABILITY_KEY, fallbackZone],
    queryFn: ({ signal }) => api.get('/api/me/availability', { signal, query: { timeZone: fallbackZone } }),
  });
}

export const saveAvailability = (
  body: Pick<Availability, 'timeZone' | 'weekly'> & { overrides: { date: string; ranges?: { start: string; end: string }[]; unavailable?: boolean }[] },
) => api.put<Availability>('/api/me/availability', body);

export type FindTimesInput = Body<'/api/scheduling/find-times', 'post'>;

export const findTimes = (input: FindTimesInput) => api.post<FindTimesResult>('/api/scheduling/find-times', input);
export const parseQuickAdd = (text: string, timeZone: string) => api.post<QuickAddParse>('/api/scheduling/parse', { text, timeZone });
export const autoSchedule = (input: { from: string; to: string; userId?: string }) => api.post<AutoScheduleResult>('/api/scheduling/auto-schedule', input);

export const publicPagePath = (portalSlug: string, slug: string) => `/api/public/${encodeURIComponent(portalSlug)}/booking/${encodeURIComponent(slug)}`;

export function usePublicPage(portalSlug: string, slug: string) {
  return useQuery<PublicPage>({ queryKey: ['public-page', portalSlug, slug], queryFn: ({ signal }) => api.get(publicPagePath(portalSlug, slug), { signal }) });
}

/** Slots of a page (or, with a manage token, the slots a booking can move to) in a window. */
export function useSlots(path: string | null, window: { from: string; to: string }, timeZone: string) {
  return useQuery<Slots>({
    queryKey: ['slots', path, window.from, window.to, timeZone],
    queryFn: ({ signal }) => api.get(`${path}/slots`, { signal, query: { ...window, timeZone } }),
    enabled: !!path,
  });
}

export const bookSlot = (portalSlug: string, slug: string, body: { start: string; name: string; email: string; timeZone: string; notes?: string }) =>
  api.post<PublicBooking>(`${publicPagePath(portalSlug, slug)}/book`, body);

export const managePath = (token: string) => `/api/public/bookings/${encodeURIComponent(token)}`;

export function useManagedBooking(token: string) {
  return useQuery<PublicBooking>({ queryKey: ['managed-booking', token], queryFn: ({ signal }) => api.get(managePath(token), { signal }) });
}

/** After scheduling changed the calendar: events refresh. */
export function invalidateEvents(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === '/api/events' || q.queryKey[0] === '/api/bookings' });
}
