import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';

import type { EventDetail, ImportResult } from './calendarTypes';
import type { Json } from '../../api/types';
import { client, postForm, unwrap } from '../../api/client';

export const CALENDARS_KEY = ['/api/calendars'] as const;
export const eventKey = (id: string) => ['/api/events', id] as const;

export function useCalendars() {
  return useQuery<Json<'/api/calendars'>>({ queryKey: CALENDARS_KEY });
}

export function useEventDetail(id: string | null) {
  return useQuery<EventDetail>({ queryKey: eventKey(id ?? ''), enabled: !!id });
}

/** The occurrences in the visible range of the calendars shown (all of them: no calendarIds). */
export function useOccurrences(range: { from: string; to: string } | null, calendarIds: string[] | null) {
  const ids = calendarIds?.join(',') ?? null;
  return useQuery<Json<'/api/events'>>({
    queryKey: ['/api/events', 'range', range?.from, range?.to, ids],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/events', { signal, params: { query: { from: range!.from, to: range!.to, calendarIds: ids ?? undefined } } })),
    enabled: !!range && ids !== '',
    placeholderData: keepPreviousData,
  });
}

/** After any change: calendars, occurrences and event details refresh. */
export function invalidateCalendar(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === '/api/events' || q.queryKey[0] === '/api/calendars' });
}

/** Uploads an .ics file (multipart field "file"). */
export function importIcs(calendarId: string, file: File, timeZone: string): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return postForm<ImportResult>(`/api/calendars/${encodeURIComponent(calendarId)}/import?timeZone=${encodeURIComponent(timeZone)}`, form, 'The import failed');
}

/** Events of the caller's connected calendars in the visible range (read-only; recurrence expanded by the server). */
export function useExternalEvents(range: { from: string; to: string } | null) {
  return useQuery<Json<'/api/calendar-connections/events'>>({
    queryKey: ['/api/calendar-connections', 'events', range?.from, range?.to],
    queryFn: ({ signal }) => unwrap(client.GET('/api/calendar-connections/events', { signal, params: { query: { start: range!.from, end: range!.to } } })),
    enabled: !!range,
    placeholderData: keepPreviousData,
  });
}

/** The caller's connections (names of the sources of external events). */
export function useConnectionList() {
  return useQuery<Json<'/api/calendar-connections'>>({ queryKey: ['/api/calendar-connections'] });
}
