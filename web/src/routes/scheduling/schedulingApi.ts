import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Body } from '../../api/types';
import type { Availability, PublicBooking, PublicPage, Slots } from './types';
import { client, unwrap } from '../../api/client';

export const AVAILABILITY_KEY = ['/api/me/availability'] as const;

export function useAvailability(fallbackZone: string) {
  return useQuery<Availability>({
    queryKey: [...AVAILABILITY_KEY, fallbackZone],
    queryFn: ({ signal }) => unwrap(client.GET('/api/me/availability', { signal, params: { query: { timeZone: fallbackZone } } })),
  });
}

export const saveAvailability = (body: Body<'/api/me/availability', 'put'>) => unwrap(client.PUT('/api/me/availability', { body }));

export type FindTimesInput = Body<'/api/scheduling/find-times', 'post'>;

export const findTimes = (input: FindTimesInput) => unwrap(client.POST('/api/scheduling/find-times', { body: input }));
export const parseQuickAdd = (text: string, timeZone: string) => unwrap(client.POST('/api/scheduling/parse', { body: { text, timeZone } }));
export const autoSchedule = (input: Body<'/api/scheduling/auto-schedule', 'post'>) => unwrap(client.POST('/api/scheduling/auto-schedule', { body: input }));

export const publicPagePath = (portalSlug: string, slug: string) => `/api/public/${encodeURIComponent(portalSlug)}/booking/${encodeURIComponent(slug)}`;

export function usePublicPage(portalSlug: string, slug: string) {
  return useQuery<PublicPage>({
    queryKey: ['public-page', portalSlug, slug],
    queryFn: ({ signal }) => unwrap(client.GET('/api/public/{portalSlug}/booking/{slug}', { signal, params: { path: { portalSlug, slug } } })),
  });
}

/** Where slots come from: a booking page, or (with a manage token) the times a booking can move to. */
export type SlotSource = { portalSlug: string; slug: string } | { token: string };

const slotSourcePath = (source: SlotSource) => ('token' in source ? managePath(source.token) : publicPagePath(source.portalSlug, source.slug));

function fetchSlots(source: SlotSource, query: { from: string; to: string; timeZone: string }, signal: AbortSignal) {
  if ('token' in source) return unwrap(client.GET('/api/public/bookings/{token}/slots', { signal, params: { path: { token: source.token }, query } }));
  return unwrap(
    client.GET('/api/public/{portalSlug}/booking/{slug}/slots', { signal, params: { path: { portalSlug: source.portalSlug, slug: source.slug }, query } }),
  );
}

/** Slots of a page (or, with a manage token, the slots a booking can move to) in a window. */
export function useSlots(source: SlotSource, window: { from: string; to: string }, timeZone: string) {
  return useQuery<Slots>({
    queryKey: ['slots', slotSourcePath(source), window.from, window.to, timeZone],
    queryFn: ({ signal }) => fetchSlots(source, { ...window, timeZone }, signal),
  });
}

export const bookSlot = (portalSlug: string, slug: string, body: Body<'/api/public/{portalSlug}/booking/{slug}/book', 'post'>) =>
  unwrap(client.POST('/api/public/{portalSlug}/booking/{slug}/book', { params: { path: { portalSlug, slug } }, body }));

export const managePath = (token: string) => `/api/public/bookings/${encodeURIComponent(token)}`;

export function useManagedBooking(token: string) {
  return useQuery<PublicBooking>({
    queryKey: ['managed-booking', token],
    queryFn: ({ signal }) => unwrap(client.GET('/api/public/bookings/{token}', { signal, params: { path: { token } } })),
  });
}

/** After scheduling changed the calendar: events refresh. */
export function invalidateEvents(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === '/api/events' || q.queryKey[0] === '/api/bookings' });
}
