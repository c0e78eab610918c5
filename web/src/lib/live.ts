import { useEffect } from 'react';
import type { Query, QueryClient } from '@tanstack/react-query';
import { queryClient as defaultClient } from './queryClient';

/** What the server's live stream (GET /api/stream) says changed. */
export interface LiveChange {
  entity: string;
  id: string;
  action: 'created' | 'updated' | 'deleted';
  calendarId?: string;
}

/** The notifications' query key (the bell and the inbox use exactly this). */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

/**
 * Which cached queries a change of an entity makes stale: queries are keyed by API path
 * (see queryClient.ts), so a path prefix names every list, board and page of that entity.
 * Deals and tasks also show on boards and counts of other entities.
 */
const STALE_PREFIXES: Record<string, string[]> = {
  contact: ['/api/crm/contacts', '/api/crm/deals', '/api/crm/leads'],
  company: ['/api/crm/companies', '/api/crm/contacts', '/api/crm/deals'],
  lead: ['/api/crm/leads'],
  deal: ['/api/crm/deals', '/api/crm/pipelines', 'crm-board', '/api/crm/contacts', '/api/crm/companies'],
  pipeline: ['/api/crm/pipelines', 'crm-board', '/api/crm/deals'],
  task: ['/api/tasks', '/api/projects'],
  project: ['/api/projects', '/api/tasks'],
  event: ['/api/events', 'slots'],
  calendar: ['/api/calendars', '/api/events'],
  booking: ['/api/bookings', '/api/events', 'slots'],
};

export function isStaleAfter(changes: LiveChange[], query: Pick<Query, 'queryKey'>): boolean {
  const head = query.queryKey[0];
  if (typeof head !== 'string') return false;
  return changes.some((c) => (STALE_PREFIXES[c.entity] ?? []).some((prefix) => head.startsWith(prefix)));
}

/**
 * Keeps the screens current while someone is signed in: one EventSource on /api/stream
 * (it reconnects by itself and resumes with Last-Event-ID); a `change` refetches the
 * queries of that entity the screen shows, a `notification` the notifications, a `reset`
 * (events were missed) everything. Changes arriving together are applied together.
 * Shows nothing: the screens update in place.
 */
export function useLiveUpdates(client: QueryClient = defaultClient): void {
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/stream');
    let pending: LiveChange[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      const changes = pending;
      pending = [];
      timer = null;
      void client.invalidateQueries({ predicate: (q) => isStaleAfter(changes, q) });
    };
    source.addEventListener('change', (e) => {
      try {
        pending.push(JSON.parse((e as MessageEvent<string>).data) as LiveChange);
      } catch {
        return;
      }
      timer ??= setTimeout(flush, 50);
    });
    source.addEventListener('notification', () => void client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }));
    source.addEventListener('reset', () => void client.invalidateQueries());
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [client]);
}
