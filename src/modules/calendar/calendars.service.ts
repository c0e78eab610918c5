import { randomBytes } from 'node:crypto';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { forbidden } from '../accounts/index.js';
import type { Executor } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import { dropCalendarIndex } from './occurrence-index.js';
import { announceBusyTime } from './calendar.busy.js';
import { deleteCalendarCascade, findCalendar, findDefaultCalendar, listVisibleCalendars } from './calendar.repo.js';
import type { CalendarOut } from './calendar.schema.js';
import type { CalendarKind, CalendarRow } from '../../db/tables/calendar.js';
import { newId } from '../../kernel/ids.js';

export const PERSONAL_COLOR = '#228be6';
export const SHARED_COLOR = '#12b886';
export const FEED_PATH = '/api/public/calendars/feed';

export function callerId(ctx: PortalContext): string {
  const id = actorUserId(ctx);
  if (!id) throw new AppError('UNAUTHENTICATED', 'Calendars belong to users; sign in to continue');
  return id;
}

const isAdmin = (ctx: PortalContext) =>
  ctx.actor.type === 'system' || (ctx.actor.type === 'user' && (ctx.actor.role === 'admin' || ctx.actor.role === 'owner'));

/** Personal calendars are their owner's alone; shared ones are everyone's in the portal. */
export const canSee = (ctx: PortalContext, c: CalendarRow) => c.kind === 'shared' || (c.owner_user_id !== null && c.owner_user_id === actorUserId(ctx));
/** Renaming, recolouring, deleting and revoking the feed: the owner of a personal calendar, admins for shared ones. */
export const canManage = (ctx: PortalContext, c: CalendarRow) => (c.kind === 'shared' ? isAdmin(ctx) : canSee(ctx, c));

export function toCalendarOut(ctx: PortalContext, c: CalendarRow): CalendarOut {
  return {
    id: c.id,
    name: c.name,
    color: c.color,
    kind: c.kind,
    ownerUserId: c.owner_user_id,
    isDefault: c.is_default === 1,
    hasFeed: c.feed_token !== null,
    canManage: canManage(ctx, c),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** A calendar the caller may see and add events to; anything else is "not found", also in other portals. */
export async function visibleCalendar(ctx: PortalContext, id: string, executor: Executor = ctx.deps.db): Promise<CalendarRow> {
  const c = await findCalendar(scopeOf(ctx, executor), id);
  if (!c || !canSee(ctx, c)) throw notFound('Calendar');
  return c;
}

async function manageableCalendar(ctx: PortalContext, id: string): Promise<CalendarRow> {
  const c = await visibleCalendar(ctx, id);
  if (!canManage(ctx, c)) throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  return c;
}

/**
 * The caller's (or the given user's) default personal calendar, created on
 * first use. Two first requests at once both try the insert; the unique index
 * lets one win and the other reads the winner's row.
 */
export async function ensureDefaultCalendar(ctx: PortalContext, userId: string = callerId(ctx)): Promise<CalendarRow> {
  const s = scopeOf(ctx);
  const existing = await findDefaultCalendar(s, userId);
  if (existing) return existing;
  const at = nowIso(ctx);
  const row = {
    id: newId(),
    name: 'My calendar',
    color: PERSONAL_COLOR,
    kind: 'personal' as const,
    owner_user_id: userId,
    is_default: 1,
    feed_token: null,
    feed_etag: null,
    feed_changed_at: null,
    created_at: at,
    updated_at: at,
  };
  try {
    await s.insertInto('calendars', row).execute();
    return { ...row, portal_id: ctx.portalId };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await findDefaultCalendar(s, userId);
    if (!winner) throw err;
    return winner;
  }
}

export async function listCalendars(ctx: PortalContext): Promise<CalendarOut[]> {
  await ensureDefaultCalendar(ctx);
  return (await listVisibleCalendars(scopeOf(ctx), callerId(ctx))).map((c) => toCalendarOut(ctx, c));
}

export async function getCalendar(ctx: PortalContext, id: string): Promise<CalendarOut> {
  return toCalendarOut(ctx, await visibleCalendar(ctx, id));
}

export async function createCalendar(ctx: PortalContext, input: { name: string; color?: string; kind: CalendarKind }): Promise<CalendarOut> {
  const userId = callerId(ctx);
  if (input.kind === 'shared' && !isAdmin(ctx)) throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  const at = nowIso(ctx);
  const row: Omit<CalendarRow, 'portal_id'> = {
    id: newId(),
    name: input.name,
    color: (input.color ?? (input.kind === 'shared' ? SHARED_COLOR : PERSONAL_COLOR)).toLowerCase(),
    kind: input.kind,
    owner_user_id: input.kind === 'personal' ? userId : null,
    is_default: 0,
    feed_token: null,
    feed_etag: null,
    feed_changed_at: null,
    created_at: at,
    updated_at: at,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).insertInto('calendars', row).execute();
    if (row.kind === 'shared')
      await recordAudit(ctx, { action: 'calendar.calendar_created', targetType: 'calendar', targetId: row.id, details: { name: row.name } }, trx);
  });
  return toCalendarOut(ctx, { ...row, portal_id: ctx.portalId });
}

export async function updateCalendar(ctx: PortalContext, id: string, input: { name?: string; color?: string }): Promise<CalendarOut> {
  await manageableCalendar(ctx, id);
  const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.color ? { color: input.color.toLowerCase() } : {}) };
  await scopeOf(ctx)
    .updateTable('calendars', { ...patch, updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  return getCalendar(ctx, id);
}

export async function deleteCalendar(ctx: PortalContext, id: string): Promise<void> {
  const c = await manageableCalendar(ctx, id);
  if (c.is_default) throw new AppError('CANNOT_DELETE_DEFAULT', 'Your default calendar cannot be deleted; delete its events or rename it instead');
  await ctx.deps.db.transaction().execute(async (trx) => {
    const events = await deleteCalendarCascade(scopeOf(ctx, trx), id);
    await dropCalendarIndex(ctx, trx, [id]);
    await announceBusyTime(ctx, trx, [], { userIds: [c.owner_user_id] });
    await recordAudit(ctx, { action: 'calendar.calendar_deleted', targetType: 'calendar', targetId: id, details: { name: c.name, kind: c.kind, events } }, trx);
  });
}

// --- Private feed -----------------------------------------------------------------------------------

function feedUrl(ctx: PortalContext, token: string): { url: string; webcalUrl: string } {
  const url = `${ctx.deps.config.BASE_URL}${FEED_PATH}/${token}.ics`;
  // webcal:// is the same address for calendar apps (Apple Calendar, Outlook, Thunderbird), which fetch it over https (http for an http BASE_URL).
  return { url, webcalUrl: url.replace(/^https?:\/\//i, 'webcal://') };
}

/** The calendar's secret feed URL, made on first request and the same afterwards (until revoked). */
export async function getFeedUrl(ctx: PortalContext, id: string): Promise<{ url: string; webcalUrl: string }> {
  const c = await visibleCalendar(ctx, id);
  if (c.feed_token) return feedUrl(ctx, c.feed_token);
  const token = randomBytes(24).toString('base64url');
  await ctx.deps.db.transaction().execute(async (trx) => {
    // Only fills an empty slot, so two first requests end with one token.
    const res = await scopeOf(ctx, trx)
      .updateTable('calendars', { feed_token: token, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .where('feed_token', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await recordAudit(ctx, { action: 'calendar.feed_created', targetType: 'calendar', targetId: id }, trx);
  });
  const now = await visibleCalendar(ctx, id);
  return feedUrl(ctx, now.feed_token!);
}

/** Revokes the feed: the old URL answers 404 from now on; the next GET makes a new one. */
export async function revokeFeed(ctx: PortalContext, id: string): Promise<void> {
  const c = await manageableCalendar(ctx, id);
  if (!c.feed_token) return;
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx)
      .updateTable('calendars', { feed_token: null, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    await recordAudit(ctx, { action: 'calendar.feed_revoked', targetType: 'calendar', targetId: id }, trx);
  });
}

/**
 * Who may see a calendar, for the live stream (PLT-11): `{ userId: null }` everyone in the
 * portal (shared), `{ userId }` its owner alone (personal), null nobody (no such calendar).
 */
export async function calendarAudience(ctx: PortalContext, id: string, executor: Executor = ctx.deps.db): Promise<{ userId: string | null } | null> {
  const c = await findCalendar(scopeOf(ctx, executor), id);
  if (!c) return null;
  if (c.kind === 'shared') return { userId: null };
  return c.owner_user_id ? { userId: c.owner_user_id } : null;
}
