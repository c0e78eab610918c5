import type { TaskPriority, TaskStatus } from './types';

export const statusLabels: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', blocked: 'Blocked', done: 'Done' };
export const statusColors: Record<TaskStatus, string> = { todo: 'gray', in_progress: 'blue', blocked: 'orange', done: 'green' };
export const priorityLabels: Record<TaskPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
export const priorityColors: Record<TaskPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

/** "1 h 30 min", "45 min". */
export function formatEstimate(minutes: number | null): string {
  if (!minutes) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
