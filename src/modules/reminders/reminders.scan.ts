import type { Executor } from '../../db/scope.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { scopeOf, systemContext, type AppDeps, type PortalContext } from '../../kernel/context.js';
import { notify, type NotificationDraft } from '../../kernel/notify.js';
import { listReminderOccurrences, type ReminderOccurrence } from '../calendar/index.js';
import { listAssignedDeadlines, nextAssignedDeadline, type TaskDeadline } from '../tasks/index.js';
import {
  DUE_SOON_MS,
  dueEventReminders,
  dueTaskReminders,
  LATE_LIMIT_MS,
  MAX_REMINDER_MS,
  nextEventMoment,
  nextTaskMoment,
  OVERDUE_LOOKBACK_MS,
  type Window,
} from './reminders.domain.js';
import { texts } from './reminders.texts.js';

/**
 * Delivery of event and task reminders (docs/decisions/0023-reminders-exactly-once.md):
 * per portal, a chain of `reminders.scan` jobs. Each scan delivers the reminders whose
 * moment fell in (scanned_to, now], then queues the next scan at the next reminder's
 * moment (at most WAKE_AT_MOST_MS later). A change to an event or a task re-arms the
 * chain (`armReminderScan`, in the change's transaction), so a new or moved reminder is
 * never waited for behind a later scan. The `reminder_scans` row names the current job
 * (`next_scan_at`); any other job of the chain does nothing.
 */

export const REMINDERS_SCAN_JOB = 'reminders.scan';
export const REMINDERS_START_JOB = 'reminders.start';
/** The longest a chain sleeps with no reminder due: how far ahead a scan looks (changes re-arm it anyway). */
export const WAKE_AT_MOST_MS = 24 * 60 * 60_000;
/** A current scan due longer ago than this belongs to a chain that broke (its job failed for good). */
const BROKEN_AFTER_MS = 10 * 60_000;
/** Task deadlines read per query; a fuller window is scanned in parts, one scan after the other. */
const TASK_BATCH = 5000;
/** How far back a scan looks again when events or tasks changed while the previous one ran. */
const RESCAN_MS = 60_000;
/** Notifications written per transaction. */
const DELIVERY_BATCH = 250;
/** Delivery transactions at once on PostgreSQL (its pool has 10 connections). */
const DELIVERY_LANES = 4;

const portalNow = (ctx: PortalContext) => ctx.deps.clock.now(ctx.portalId);
const iso = (ms: number) => new Date(ms).toISOString();

const enqueueScan = (ctx: PortalContext, trx: Executor, at: string) =>
  ctx.deps.jobs.enqueue(
    trx,
    REMINDERS_SCAN_JOB,
    { at },
    { portalId: ctx.portalId, runAt: new Date(at), dedupeKey: `${REMINDERS_SCAN_JOB}:${ctx.portalId}:${at}` },
  );

/**
 * Tells the reminder chain that the portal's events or tasks changed, in the change's
 * transaction: counts the change (a running scan then scans again) and moves the next
 * scan to now unless one is due already.
 */
export async function armReminderScan(ctx: PortalContext, trx: Executor): Promise<void> {
  const now = portalNow(ctx);
  const at = now.toISOString();
  const s = scopeOf(ctx, trx);
  await s
    .insertInto('reminder_scans', { next_scan_at: null, scanned_to: at, changes: 0, updated_at: at })
    .onConflict((oc) => oc.column('portal_id').doNothing())
    .execute();
  const moved = await s
    .updateTable('reminder_scans', { next_scan_at: at, updated_at: at })
    .set((eb) => ({ changes: eb('changes', '+', 1) }))
    .where((eb) => eb.or([eb('next_scan_at', 'is', null), eb('next_scan_at', '>', at), eb('next_scan_at', '<', iso(now.getTime() - BROKEN_AFTER_MS))]))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 1) await enqueueScan(ctx, trx, at);
  else
    await s
      .updateTable('reminder_scans', { updated_at: at })
      .set((eb) => ({ changes: eb('changes', '+', 1) }))
      .execute();
}

interface ScanResult {
  drafts: NotificationDraft[];
  /** Reminders up to here were considered: `now`, or less when a batch was full. */
  scannedToMs: number;
  nextMs: number;
}

/** Computes what a scan of (fromMs, nowMs] delivers and when the next scan is due. */
export async function planScan(ctx: PortalContext, w: Window): Promise<ScanResult> {
  const horizon = w.nowMs + WAKE_AT_MOST_MS;
  const occurrences = await listReminderOccurrences(ctx, w.fromMs, horizon + MAX_REMINDER_MS);
  const events = dueEventReminders(occurrences, w);

  // Overdue moments in (from, now], due-soon moments in (from, now] (due in (from + 1 day, now + 1 day]),
  // and the tasks changed since `from` that may need a late reminder.
  const overdue = await listAssignedDeadlines(ctx, { from: iso(w.fromMs), to: iso(w.nowMs), limit: TASK_BATCH });
  const dueSoon = await listAssignedDeadlines(ctx, { from: iso(w.fromMs + DUE_SOON_MS), to: iso(w.nowMs + DUE_SOON_MS), limit: TASK_BATCH });
  const changed = await listAssignedDeadlines(ctx, {
    from: iso(w.nowMs - OVERDUE_LOOKBACK_MS),
    to: iso(w.nowMs + DUE_SOON_MS),
    changedSince: iso(w.fromMs),
    limit: TASK_BATCH,
  });
  const tasks = dueTaskReminders([...overdue, ...dueSoon], changed, w);

  let scannedToMs = w.nowMs;
  if (overdue.length === TASK_BATCH) scannedToMs = Math.min(scannedToMs, Date.parse(overdue.at(-1)!.dueAt) - 1);
  if (dueSoon.length === TASK_BATCH) scannedToMs = Math.min(scannedToMs, Date.parse(dueSoon.at(-1)!.dueAt) - DUE_SOON_MS - 1);

  const nowIso = iso(w.nowMs);
  const candidates = [
    horizon,
    nextEventMoment(occurrences, w.nowMs),
    nextTaskMoment(await nextAssignedDeadline(ctx, nowIso), await nextAssignedDeadline(ctx, iso(w.nowMs + DUE_SOON_MS))),
  ].filter((m): m is number => m !== null);
  const nextMs = scannedToMs < w.nowMs ? w.nowMs : Math.min(...candidates);

  const drafts: NotificationDraft[] = [];
  for (const r of events) {
    for (const userId of r.occurrence.userIds) drafts.push(eventDraft(userId, r.occurrence, r.leadMinutes, r.dedupeKey));
  }
  for (const r of tasks) drafts.push(taskDraft(r.task, r.kind, r.dedupeKey));
  return { drafts, scannedToMs, nextMs };
}

function eventDraft(userId: string, o: ReminderOccurrence, leadMinutes: number, dedupeKey: string): NotificationDraft {
  return {
    userId,
    kind: 'event.reminder',
    title: texts.eventTitle(o.title, leadMinutes),
    body: texts.eventBody(o),
    url: `/app/calendar?event=${encodeURIComponent(o.eventId)}&at=${encodeURIComponent(iso(o.startMs))}`,
    subject: { entity: 'event', id: o.eventId, calendarId: o.calendarId },
    dedupeKey,
  };
}

function taskDraft(task: TaskDeadline, kind: 'task.due_soon' | 'task.overdue', dedupeKey: string): NotificationDraft {
  const soon = kind === 'task.due_soon';
  return {
    userId: task.assigneeId,
    kind,
    title: soon ? texts.dueSoonTitle(task.title) : texts.overdueTitle(task.title),
    body: soon ? texts.dueSoonBody(task.dueAt) : texts.overdueBody(task.dueAt),
    url: `/app/tasks/${task.id}`,
    subject: { entity: 'task', id: task.id },
    dedupeKey,
  };
}

/**
 * Hands the drafts to the notifications port, DELIVERY_BATCH per transaction; on PostgreSQL
 * DELIVERY_LANES transactions side by side (a lane's time is mostly round trips), leaving
 * the rest of the pool to requests. Each draft's dedupe key makes any order and any repeat safe.
 */
async function deliver(ctx: PortalContext, drafts: NotificationDraft[]): Promise<void> {
  const batches: NotificationDraft[][] = [];
  for (let i = 0; i < drafts.length; i += DELIVERY_BATCH) batches.push(drafts.slice(i, i + DELIVERY_BATCH));
  const lanes = ctx.deps.database.dialect === 'postgres' ? DELIVERY_LANES : 1;
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const part = batches[next++]!;
      await ctx.deps.db.transaction().execute((trx) => notify(ctx, trx, part));
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, batches.length) }, lane));
}

export const reminderScanJob: JobHandler<{ at: string }> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const row = await scopeOf(ctx).selectFrom('reminder_scans').selectAll().executeTakeFirst();
  if (!row || row.next_scan_at !== job.payload.at) return; // a newer scan took over
  const nowMs = portalNow(ctx).getTime();
  const w: Window = { fromMs: Math.max(Date.parse(row.scanned_to), nowMs - LATE_LIMIT_MS), nowMs };
  const plan = await planScan(ctx, w);
  await deliver(ctx, plan.drafts);
  await deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    let q = s.selectFrom('reminder_scans').select(['next_scan_at', 'changes']);
    if (deps.database.dialect === 'postgres') q = q.forUpdate();
    const current = await q.executeTakeFirst();
    if (!current || current.next_scan_at !== job.payload.at) return;
    // Events or tasks changed while this scan ran: what it read may be old, so scan again now, and
    // look again at the last minute (a change that committed late may have a reminder due in it).
    const changedMeanwhile = Number(current.changes) !== Number(row.changes);
    const scannedTo = changedMeanwhile ? Math.max(w.fromMs, Math.min(plan.scannedToMs, nowMs - RESCAN_MS)) : plan.scannedToMs;
    const next = changedMeanwhile || plan.nextMs <= nowMs ? portalNow(ctx).toISOString() : iso(plan.nextMs);
    const moved = await s
      .updateTable('reminder_scans', { next_scan_at: next, scanned_to: iso(scannedTo), updated_at: portalNow(ctx).toISOString() })
      .where('next_scan_at', '=', job.payload.at)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) await enqueueScan(ctx, trx, next);
  });
};

/**
 * At each start of the job runner (src/server/app.ts): one job that starts the chain of
 * every portal that has none yet, e.g. the portals that had events and tasks before this
 * version. Several processes starting at once queue it once.
 */
export async function scheduleReminderStart(deps: AppDeps): Promise<void> {
  await deps.jobs.enqueue(deps.db, REMINDERS_START_JOB, {}, { dedupeKey: REMINDERS_START_JOB, maxAttempts: 3 });
}

export const reminderStartJob: JobHandler = async (deps) => {
  const portals = await deps.db
    .selectFrom('portals')
    .select('id')
    .where('status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reminder_scans').select('portal_id').whereRef('reminder_scans.portal_id', '=', 'portals.id'))),
    )
    .execute();
  for (const { id } of portals) {
    const ctx = systemContext(deps, id);
    await deps.db.transaction().execute((trx) => armReminderScan(ctx, trx));
  }
};
