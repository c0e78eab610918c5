import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';

/** List and board filters, kept in the URL so that a view can be bookmarked and shared. */
export interface TaskFilters {
  q: string;
  projectId: string;
  /** A user id, 'me' or 'none'. */
  assigneeId: string;
  /** Comma-separated statuses. */
  status: string;
  /** Local calendar days, YYYY-MM-DD; the range includes both. */
  dueFrom: string;
  dueTo: string;
  sort: string;
}

const KEYS: (keyof TaskFilters)[] = ['q', 'projectId', 'assigneeId', 'status', 'dueFrom', 'dueTo', 'sort'];

export function useTaskFilters(defaults: Partial<TaskFilters> = {}) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? defaults[k] ?? ''])) as unknown as TaskFilters;
  const setFilters = (patch: Partial<TaskFilters>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  };
  const active = KEYS.some((k) => k !== 'sort' && params.get(k));
  return { filters, setFilters, active, clear: () => setParams(new URLSearchParams(), { replace: true }) };
}

/** The API path of a task list with these filters (the query key of its cache entry). */
export function taskListPath(f: Partial<TaskFilters>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (f.q?.trim()) params.set('q', f.q.trim());
  if (f.projectId) params.set('projectId', f.projectId);
  if (f.assigneeId) params.set('assigneeId', f.assigneeId);
  if (f.status) params.set('status', f.status);
  // Whole local days: from the start of the first to the start of the day after the last.
  if (f.dueFrom) params.set('dueFrom', dayjs(f.dueFrom).startOf('day').toISOString());
  if (f.dueTo) params.set('dueTo', dayjs(f.dueTo).add(1, 'day').startOf('day').toISOString());
  if (f.sort) params.set('sort', f.sort);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const qs = params.toString();
  return qs ? `/api/tasks?${qs}` : '/api/tasks';
}
