import { randomUUID } from 'node:crypto';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { findPortalById, forbidden, getUsers } from '../accounts/index.js';
import { keyset, parseSort, toPage } from '../../kernel/pagination.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import { portalPlan, requireFeature } from '../billing/index.js';
import { deletePage, findPage, listPageHosts, replacePageHosts } from './scheduling.repo.js';
import type { CreatePageBody, PageOut, UpdatePageBody } from './scheduling.schema.js';
import type { BookingPageHostRow, BookingPageRow } from '../../db/tables/scheduling.js';
import { locationColumns, locationOf } from './location.js';

const SORTS = { title: 'title', createdAt: 'created_at' };
const DEFAULT_STEP = 30;

const isAdmin = (ctx: PortalContext) =>
  ctx.actor.type === 'system' || (ctx.actor.type === 'user' && (ctx.actor.role === 'admin' || ctx.actor.role === 'owner'));

/** Admins manage every page; others the pages they host or created. */
export const canManagePage = (ctx: PortalContext, page: BookingPageRow, hostIds: readonly string[]) => {
  const me = actorUserId(ctx);
  return isAdmin(ctx) || (!!me && (hostIds.includes(me) || page.created_by === me));
};

/** Several hosts, or one host in turn: what the `booking_pages_team` plan feature covers. */
export const isTeamPage = (mode: string, hostCount: number) => mode === 'round_robin' || hostCount > 1;

/**
 * Whether guests can book the page under the portal's plan now: a team page
 * kept after a downgrade is read-only until the plan has team pages again.
 */
export async function pageBookable(ctx: PortalContext, page: BookingPageRow): Promise<boolean> {
  if (page.active !== 1) return false;
  const hosts = await listPageHosts(scopeOf(ctx), [page.id]);
  if (!isTeamPage(page.mode, hosts.length)) return true;
  return (await portalPlan(ctx)).features.includes('booking_pages_team');
}

export const publicPageUrl = (ctx: PortalContext, portalSlug: string, slug: string) => `${ctx.deps.config.BASE_URL}/book/${portalSlug}/${slug}`;

async function portalSlugOf(ctx: PortalContext): Promise<string> {
  return (await findPortalById(ctx.deps.db, ctx.portalId))?.slug ?? '';
}

function toPageOut(ctx: PortalContext, row: BookingPageRow, hosts: BookingPageHostRow[], names: Map<string, string>, portalSlug: string): PageOut {
  const hostIds = hosts.map((h) => h.user_id);
  return {
    id: row.id,
    slug: row.slug,
    url: publicPageUrl(ctx, portalSlug, row.slug),
    title: row.title,
    description: row.description,
    durationMinutes: row.duration_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minimumNoticeMinutes: row.minimum_notice_minutes,
    horizonDays: row.horizon_days,
    slotStepMinutes: row.slot_step_minutes,
    dailyLimit: row.daily_limit,
    mode: row.mode,
    active: row.active === 1,
    location: locationOf(row),
    hosts: hosts.map((h) => ({ userId: h.user_id, name: names.get(h.user_id) ?? 'Former user' })),
    canManage: canManagePage(ctx, row, hostIds),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function userNames(ctx: PortalContext) {
  return new Map((await getUsers(ctx)).map((u) => [u.id, u.name]));
}

export async function getPage(ctx: PortalContext, id: string): Promise<PageOut> {
  const s = scopeOf(ctx);
  const row = await findPage(s, id);
  if (!row) throw notFound('Booking page');
  return toPageOut(ctx, row, await listPageHosts(s, [id]), await userNames(ctx), await portalSlugOf(ctx));
}

export async function listPages(ctx: PortalContext, q: { limit: number; cursor?: string; sort: string; hostId?: string }) {
  const s = scopeOf(ctx);
  const sort = parseSort(q.sort, SORTS);
  let query = s.selectFrom('booking_pages').selectAll('booking_pages');
  if (q.hostId) {
    const hosted = s.selectFrom('booking_page_hosts').select('page_id').where('user_id', '=', q.hostId);
    query = query.where('booking_pages.id', 'in', hosted);
  }
  const rows = await keyset(query, { column: `booking_pages.${sort.column}`, direction: sort.direction }, 'booking_pages.id', q.cursor, q.limit).execute();
  const { page, nextCursor } = toPage(rows, q.limit, (r) => ({ v: r[sort.column as 'title' | 'created_at'], id: r.id }));
  const hosts = await listPageHosts(
    s,
    page.map((p) => p.id),
  );
  const names = await userNames(ctx);
  const portalSlug = await portalSlugOf(ctx);
  return {
    items: page.map((p) =>
      toPageOut(
        ctx,
        p,
        hosts.filter((h) => h.page_id === p.id),
        names,
        portalSlug,
      ),
    ),
    nextCursor,
  };
}

/** Hosts must be active users; only admins may make pages for other people; team pages need the plan feature. */
async function checkHosts(ctx: PortalContext, hostIds: string[], mode: string, current: readonly string[] = []): Promise<string[]> {
  const unique = [...new Set(hostIds)];
  const users = new Map((await getUsers(ctx)).map((u) => [u.id, u]));
  unique.forEach((id) => {
    const u = users.get(id);
    const i = hostIds.indexOf(id);
    if (!u)
      throw new AppError('INVALID_REFERENCE', `hostIds.${i} is not a user of this portal`, {
        fields: [{ path: `hostIds.${i}`, message: 'is not a user of this portal' }],
      });
    if (u.status !== 'active')
      throw new AppError('INVALID_REFERENCE', `hostIds.${i} is a deactivated user`, { fields: [{ path: `hostIds.${i}`, message: 'is a deactivated user' }] });
  });
  const me = actorUserId(ctx);
  const addsOthers = unique.some((id) => id !== me && !current.includes(id));
  if (addsOthers && !isAdmin(ctx)) throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  if (unique.length > 1 || mode === 'round_robin') await requireFeature(ctx, 'booking_pages_team');
  return unique;
}

const slugTaken = () => new AppError('SLUG_TAKEN', 'Another booking page already uses this address', { fields: [{ path: 'slug', message: 'is taken' }] });

export async function createPage(ctx: PortalContext, input: CreatePageBody): Promise<PageOut> {
  const me = actorUserId(ctx);
  const hostIds = await checkHosts(ctx, input.hostIds ?? (me ? [me] : []), input.mode);
  const at = nowIso(ctx);
  const row: Omit<BookingPageRow, 'portal_id'> = {
    id: randomUUID(),
    slug: input.slug,
    title: input.title,
    description: input.description ?? null,
    duration_minutes: input.durationMinutes,
    buffer_before_minutes: input.bufferBeforeMinutes,
    buffer_after_minutes: input.bufferAfterMinutes,
    minimum_notice_minutes: input.minimumNoticeMinutes,
    horizon_days: input.horizonDays,
    slot_step_minutes: input.slotStepMinutes ?? DEFAULT_STEP,
    daily_limit: input.dailyLimit ?? null,
    mode: input.mode,
    ...locationColumns(input.location ?? null),
    active: input.active ? 1 : 0,
    created_by: me,
    created_at: at,
    updated_at: at,
  };
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      await s.insertInto('booking_pages', row).execute();
      await replacePageHosts(s, row.id, hostIds);
      await recordAudit(
        ctx,
        { action: 'scheduling.booking_page_created', targetType: 'booking_page', targetId: row.id, details: { slug: row.slug, hosts: hostIds.length } },
        trx,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
  return getPage(ctx, row.id);
}

async function manageablePage(ctx: PortalContext, id: string) {
  const s = scopeOf(ctx);
  const row = await findPage(s, id);
  if (!row) throw notFound('Booking page');
  const hosts = await listPageHosts(s, [id]);
  if (
    !canManagePage(
      ctx,
      row,
      hosts.map((h) => h.user_id),
    )
  )
    throw await forbidden(ctx.deps, ctx.portalId, 'admin');
  return { row, hosts };
}

export async function updatePage(ctx: PortalContext, id: string, input: UpdatePageBody): Promise<PageOut> {
  const { row, hosts } = await manageablePage(ctx, id);
  const mode = input.mode ?? row.mode;
  const currentIds = hosts.map((h) => h.user_id);
  const hostIds = input.hostIds || input.mode ? await checkHosts(ctx, input.hostIds ?? currentIds, mode, currentIds) : null;
  // A team page kept after a downgrade stays read-only until the plan has team pages again.
  if (isTeamPage(mode, (hostIds ?? currentIds).length)) await requireFeature(ctx, 'booking_pages_team');
  const patch = {
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description ?? null } : {}),
    ...(input.durationMinutes !== undefined ? { duration_minutes: input.durationMinutes } : {}),
    ...(input.bufferBeforeMinutes !== undefined ? { buffer_before_minutes: input.bufferBeforeMinutes } : {}),
    ...(input.bufferAfterMinutes !== undefined ? { buffer_after_minutes: input.bufferAfterMinutes } : {}),
    ...(input.minimumNoticeMinutes !== undefined ? { minimum_notice_minutes: input.minimumNoticeMinutes } : {}),
    ...(input.horizonDays !== undefined ? { horizon_days: input.horizonDays } : {}),
    ...(input.slotStepMinutes !== undefined ? { slot_step_minutes: input.slotStepMinutes } : {}),
    ...(input.dailyLimit !== undefined ? { daily_limit: input.dailyLimit ?? null } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    ...(input.location !== undefined ? locationColumns(input.location) : {}),
    mode,
    updated_at: nowIso(ctx),
  };
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      await s.updateTable('booking_pages', patch).where('id', '=', id).execute();
      if (hostIds) await replacePageHosts(s, id, hostIds, hosts);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
  return getPage(ctx, id);
}

/** Deletes the page; bookings already made stay, with their calendar events. */
export async function removePage(ctx: PortalContext, id: string): Promise<void> {
  const { row } = await manageablePage(ctx, id);
  await ctx.deps.db.transaction().execute(async (trx) => {
    await deletePage(scopeOf(ctx, trx), id);
    await recordAudit(
      ctx,
      { action: 'scheduling.booking_page_deleted', targetType: 'booking_page', targetId: id, details: { slug: row.slug, title: row.title } },
      trx,
    );
  });
}
