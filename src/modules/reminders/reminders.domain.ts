/**
 * Which reminders a scan delivers: pure functions of the events' occurrences, the
 * tasks' deadlines and the scan's window (from, now] on the portal clock. A reminder's
 * moment is when it is due (an occurrence's start minus its minutes before; a task's
 * due time minus DUE_SOON_MS, or the due time itself).
 *
 * - On time: its moment is in (from, now].
 * - Late: its moment is at or before `from`, but its record changed since `from`
 *   (an event moved into its reminder time, a task created or given a due date
 *   within the next day), and it is still useful: the occurrence has not started, the
 *   task is not yet due (due soon) or fell due within OVERDUE_LOOKBACK_MS (overdue).
 *
 * Each reminder carries its dedupe key; the same key for the same user is one
 * notification however often it is computed (docs/decisions/0023-reminders-exactly-once.md).
 */

export const MINUTE_MS = 60_000;
export const DUE_SOON_MS = 24 * 60 * MINUTE_MS;
/** A task that fell due longer ago than this when first seen (e.g. created overdue) is not reported. */
export const OVERDUE_LOOKBACK_MS = 7 * DUE_SOON_MS;
/** After a pause (no process running), reminders older than this are not delivered any more. */
export const LATE_LIMIT_MS = DUE_SOON_MS;
/** The longest an event reminder may be before its start (the calendar's limit: 28 days). */
export const MAX_REMINDER_MS = 40_320 * MINUTE_MS;

export interface Occurrence {
  eventId: string;
  startMs: number;
  minutesBefore: number[];
  changedAt: string;
  userIds: string[];
}

export interface Deadline {
  id: string;
  assigneeId: string;
  dueAt: string;
}

export interface Window {
  fromMs: number;
  nowMs: number;
}

export interface DueEventReminder<O extends Occurrence> {
  occurrence: O;
  minutesBefore: number;
  /** How long before the start it is told: minutesBefore, or less when it is late. */
  leadMinutes: number;
  dedupeKey: string;
}

export const eventReminderKey = (eventId: string, startMs: number, minutesBefore: number) =>
  `event.reminder:${eventId}:${new Date(startMs).toISOString()}:${minutesBefore}`;

export const taskReminderKey = (kind: 'task.due_soon' | 'task.overdue', taskId: string, dueAt: string) => `${kind}:${taskId}:${dueAt}`;

/** The event reminders due in the window, in moment order. */
export function dueEventReminders<O extends Occurrence>(occurrences: readonly O[], w: Window): DueEventReminder<O>[] {
  const out: (DueEventReminder<O> & { at: number })[] = [];
  for (const occurrence of occurrences) {
    const changed = Date.parse(occurrence.changedAt) >= w.fromMs;
    for (const minutesBefore of occurrence.minutesBefore) {
      const at = occurrence.startMs - minutesBefore * MINUTE_MS;
      if (at > w.nowMs) continue;
      const onTime = at > w.fromMs;
      const late = !onTime && changed && occurrence.startMs > w.nowMs;
      if (!onTime && !late) continue;
      const leadMinutes = onTime ? minutesBefore : Math.ceil((occurrence.startMs - w.nowMs) / MINUTE_MS);
      out.push({ occurrence, minutesBefore, leadMinutes, dedupeKey: eventReminderKey(occurrence.eventId, occurrence.startMs, minutesBefore), at });
    }
  }
  return out.sort((a, b) => a.at - b.at || a.dedupeKey.localeCompare(b.dedupeKey)).map(({ at: _at, ...r }) => r);
}

/** The earliest event reminder moment after now, or null. */
export function nextEventMoment(occurrences: readonly Occurrence[], nowMs: number): number | null {
  let next: number | null = null;
  for (const o of occurrences) {
    for (const m of o.minutesBefore) {
      const at = o.startMs - m * MINUTE_MS;
      if (at > nowMs && (next === null || at < next)) next = at;
    }
  }
  return next;
}

export interface DueTaskReminder<D extends Deadline> {
  task: D;
  kind: 'task.due_soon' | 'task.overdue';
  dedupeKey: string;
}

/**
 * The task reminders due in the window: `onTime` are tasks due in (from, now + DUE_SOON_MS],
 * `changed` those changed since `from` and due in (now - OVERDUE_LOOKBACK_MS, now + DUE_SOON_MS].
 * A task already due gets `task.overdue` only (no late "due soon").
 */
export function dueTaskReminders<D extends Deadline>(onTime: readonly D[], changed: readonly D[], w: Window): DueTaskReminder<D>[] {
  const out = new Map<string, DueTaskReminder<D>>();
  const add = (task: D, kind: DueTaskReminder<D>['kind']) => {
    const dedupeKey = taskReminderKey(kind, task.id, task.dueAt);
    out.set(dedupeKey, { task, kind, dedupeKey });
  };
  const consider = (task: D, wasChanged: boolean) => {
    const due = Date.parse(task.dueAt);
    if (due <= w.nowMs) {
      if (due > w.fromMs || (wasChanged && due > w.nowMs - OVERDUE_LOOKBACK_MS)) add(task, 'task.overdue');
    } else if (due - DUE_SOON_MS <= w.nowMs) {
      if (due - DUE_SOON_MS > w.fromMs || wasChanged) add(task, 'task.due_soon');
    }
  };
  for (const t of onTime) consider(t, false);
  for (const t of changed) consider(t, true);
  return [...out.values()];
}

/** The earliest task reminder moment after now, from the first due time after now and the first after now + DUE_SOON_MS. */
export function nextTaskMoment(firstDueAfterNow: string | null, firstDueAfterSoon: string | null): number | null {
  const moments = [firstDueAfterNow && Date.parse(firstDueAfterNow), firstDueAfterSoon && Date.parse(firstDueAfterSoon) - DUE_SOON_MS].filter(
    (m): m is number => typeof m === 'number',
  );
  return moments.length ? Math.min(...moments) : null;
}
