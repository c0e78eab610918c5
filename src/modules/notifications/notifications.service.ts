import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/scope.js';
import type { NotificationRow } from '../../db/tables/notifications.js';
import type { UserRow } from '../../db/tables/accounts.js';
import { actorUserId, nowIso, scopeOf, systemContext, type AppDeps, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { JobHandler } from '../../kernel/jobs/runner.js';
import { publishLive } from '../../kernel/live.js';
import { NOTIFICATION_KINDS, type NotificationDraft, type NotificationKind } from '../../kernel/notify.js';
import { findUser } from '../accounts/index.js';
import { userMaySeeEvent } from '../calendar/index.js';
import { queueMail } from '../mail/index.js';
import { DEFAULT_SETTINGS, type KindSetting } from './notifications.catalog.js';
import { nextDigestAt } from './digest-time.js';
import { digestMail, instantMail } from './notifications.mail.js';
import * as repo from './notifications.repo.js';
import type { InboxQuery, MarkReadBody, NotificationOut, SettingsBody } from './notifications.schema.js';

export const DIGEST_JOB = 'notifications.digest';
/** Users have no time zone of their own yet, nor portals: the digest goes out at 08:00 UTC (ADR 0021). */
const DIGEST_TIME_ZONE = 'UTC';

type Settings = Record<NotificationKind, KindSetting>;

const isAdminRole = (role: string) => role === 'admin' || role === 'owner';
const ADMIN_ONLY_SUBJECTS = new Set(['invoice', 'subscription']);

function callerOf(ctx: PortalContext): repo.Reader {
  if (ctx.actor.type !== 'user') throw new AppError('FORBIDDEN', 'Notifications belong to a signed-in user');
  return { userId: ctx.actor.userId, isAdmin: isAdminRole(ctx.actor.role) };
}

export const toNotificationOut = (r: NotificationRow): NotificationOut => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  url: r.url,
  createdAt: r.created_at,
  readAt: r.read_at,
});

// --- Settings -------------------------------------------------------------------------------

/** The stored choices over the defaults (kinds added later get their default). */
function mergeSettings(stored: string | null): Settings {
  const saved = stored ? (JSON.parse(stored) as Partial<Settings>) : {};
  const out = { ...DEFAULT_SETTINGS };
  for (const k of NOTIFICATION_KINDS) if (saved[k]) out[k] = { inApp: saved[k].inApp, email: saved[k].email };
  return out;
}

async function settingsOf(ctx: PortalContext, executor: Executor, userId: string): Promise<Settings> {
  return mergeSettings(await repo.findSettings(scopeOf(ctx, executor), userId));
}

/** A user's mail choice for one kind (installed as the kernel's `notificationMailChoice`). */
export async function mailChoiceOf(ctx: PortalContext, executor: Executor, userId: string, kind: NotificationKind): Promise<KindSetting['email']> {
  return (await settingsOf(ctx, executor, userId))[kind].email;
}

export async function getSettings(ctx: PortalContext): Promise<{ kinds: Settings }> {
  return { kinds: await settingsOf(ctx, ctx.deps.db, callerOf(ctx).userId) };
}

/** Changes the kinds given and keeps the others. */
export async function putSettings(ctx: PortalContext, body: SettingsBody): Promise<{ kinds: Settings }> {
  const { userId } = callerOf(ctx);
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const stored = await repo.findSettings(s, userId);
    const changed = { ...(stored ? (JSON.parse(stored) as Partial<Settings>) : {}), ...body.kinds };
    await repo.saveSettings(s, userId, JSON.stringify(changed), nowIso(ctx));
    return { kinds: mergeSettings(JSON.stringify(changed)) };
  });
}

// --- The inbox ------------------------------------------------------------------------------

export async function listNotifications(ctx: PortalContext, query: InboxQuery) {
  const reader = callerOf(ctx);
  const s = scopeOf(ctx);
  const unreadOnly = query.unread === '1' || query.unread === 'true';
  const { page, nextCursor } = await repo.listInbox(s, reader, { limit: query.limit, cursor: query.cursor, unreadOnly, kind: query.kind });
  return { items: page.map(toNotificationOut), nextCursor, unreadCount: await repo.countUnread(s, reader) };
}

/** Marks the caller's notifications read; ids of anyone else's (or unknown ones) are ignored. */
export async function markNotificationsRead(ctx: PortalContext, body: MarkReadBody) {
  const reader = callerOf(ctx);
  const s = scopeOf(ctx);
  const marked = await repo.markRead(s, reader.userId, body.all ? 'all' : (body.ids ?? []), nowIso(ctx));
  return { marked, unreadCount: await repo.countUnread(s, reader) };
}

// --- Delivery: the sink behind kernel/notify.ts ---------------------------------------------

/**
 * May `user` see what the draft is about (ADR 0021: events by calendar or as a user attendee,
 * billing for admins, the rest for every member)?
 */
async function maySee(ctx: PortalContext, executor: Executor, user: UserRow, d: Pick<NotificationDraft, 'kind' | 'subject'>): Promise<boolean> {
  if (d.kind === 'billing' || (d.subject && ADMIN_ONLY_SUBJECTS.has(d.subject.entity))) return isAdminRole(user.role);
  if (d.subject?.entity === 'event') return userMaySeeEvent(executor, ctx.portalId, user.id, d.subject.id, d.subject.calendarId);
  return true;
}

/**
 * Delivers drafts inside the caller's transaction: never to the actor, only to active
 * users who may see the subject, as their settings say; a dedupe key makes it exactly once.
 */
export async function deliverNotifications(ctx: PortalContext, executor: Executor, drafts: NotificationDraft[]): Promise<void> {
  const actor = actorUserId(ctx);
  const s = scopeOf(ctx, executor);
  const settings = new Map<string, Settings>();
  for (const d of drafts) {
    if (d.userId === actor) continue;
    const user = await findUser(executor, ctx.portalId, d.userId);
    if (!user || user.status !== 'active') continue;
    if (!(await maySee(ctx, executor, user, d))) continue;
    if (!settings.has(user.id)) settings.set(user.id, await settingsOf(ctx, executor, user.id));
    const setting = settings.get(user.id)![d.kind];
    const choice = d.mailedByCause ? { ...setting, email: 'off' as const } : setting;
    if (!choice.inApp && choice.email === 'off') continue;
    const now = nowIso(ctx);
    const row: Omit<NotificationRow, 'portal_id'> = {
      id: randomUUID(),
      user_id: user.id,
      kind: d.kind,
      title: d.title,
      body: d.body,
      url: d.url,
      subject_entity: d.subject?.entity ?? null,
      subject_id: d.subject?.id ?? null,
      subject_calendar_id: d.subject?.entity === 'event' ? d.subject.calendarId : null,
      dedupe_key: d.dedupeKey ?? null,
      in_app: choice.inApp ? 1 : 0,
      email_state: choice.email === 'instant' ? 'mailed' : choice.email === 'daily' ? 'daily' : 'none',
      emailed_at: choice.email === 'instant' ? now : null,
      created_at: now,
      read_at: null,
    };
    if (!(await repo.insertOnce(s, row))) continue;
    if (choice.email === 'instant') await queueMail(ctx.deps, executor, ctx.portalId, instantMail(ctx.deps.config.BASE_URL, user.email, row));
    if (choice.email === 'daily') await scheduleDigest(ctx, executor, user.id);
    if (choice.inApp)
      await publishLive(ctx, executor, { type: 'notification', userId: user.id, notification: toNotificationOut({ ...row, portal_id: ctx.portalId }) });
  }
}

// --- The daily digest -----------------------------------------------------------------------

/** One digest job per user and day: queued with the first notification that waits for it. */
async function scheduleDigest(ctx: PortalContext, executor: Executor, userId: string): Promise<void> {
  const at = nextDigestAt(ctx.deps.clock.now(ctx.portalId), DIGEST_TIME_ZONE);
  await ctx.deps.jobs.enqueue(
    executor,
    DIGEST_JOB,
    { userId },
    { portalId: ctx.portalId, runAt: at, dedupeKey: `${DIGEST_JOB}:${ctx.portalId}:${userId}:${at.toISOString()}` },
  );
}

/** Mails a user everything that waits for their digest and marks it mailed, in one transaction: exactly once. */
export const digestJob: JobHandler<{ userId: string }> = async (deps: AppDeps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  await deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const user = await findUser(trx, ctx.portalId, job.payload.userId);
    const rows = await repo.takeDigest(s, job.payload.userId, nowIso(ctx));
    if (!user || user.status !== 'active' || rows.length === 0) return;
    const visible: NotificationRow[] = [];
    for (const r of rows) {
      const subject = r.subject_entity === 'event' ? { entity: 'event' as const, id: r.subject_id ?? '', calendarId: r.subject_calendar_id ?? '' } : undefined;
      const other =
        r.subject_entity && r.subject_entity !== 'event' ? ({ entity: r.subject_entity, id: r.subject_id ?? '' } as NotificationDraft['subject']) : undefined;
      if (await maySee(ctx, trx, user, { kind: r.kind as NotificationKind, subject: subject ?? other })) visible.push(r);
    }
    if (visible.length > 0) await queueMail(deps, trx, ctx.portalId, digestMail(deps.config.BASE_URL, user.email, visible));
  });
};

export const notificationsJobHandlers: Record<string, JobHandler> = { [DIGEST_JOB]: digestJob };
