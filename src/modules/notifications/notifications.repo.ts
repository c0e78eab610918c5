/* eslint-disable @typescript-eslint/no-explicit-any -- the visibility filter is shared by a select and a count query */
import type { PortalScope } from '../../db/scope.js';
import type { NotificationRow } from '../../db/tables/notifications.js';
import { keyset, toPage } from '../../kernel/pagination.js';
import type { NotificationKind } from '../../kernel/notify.js';
import { eventReadableBy } from '../calendar/index.js';

/**
 * Queries on the notifications tables. The inbox shows a row only while its reader may
 * see what it is about: they must still be allowed to read the event (a condition the calendar
 * module gives, evaluated in the same query so that a page and the count need no second round
 * trip), and billing is for admins and owners only.
 */

export interface Reader {
  userId: string;
  isAdmin: boolean;
}

const ADMIN_ONLY_SUBJECTS = ['invoice', 'subscription'];

function visibleTo<Q extends { where: any }>(q: Q, reader: Reader): Q {
  let out: any = q
    .where('notifications.user_id', '=', reader.userId)
    .where('notifications.in_app', '=', 1)
    .where((eb: any) =>
      eb.or([
        eb('notifications.subject_calendar_id', 'is', null),
        eventReadableBy(eb, reader.userId, {
          portalId: 'notifications.portal_id',
          calendarId: 'notifications.subject_calendar_id',
          eventId: 'notifications.subject_id',
        }),
      ]),
    );
  if (!reader.isAdmin) {
    out = out
      .where('notifications.kind', '<>', 'billing')
      .where((eb: any) => eb.or([eb('notifications.subject_entity', 'is', null), eb('notifications.subject_entity', 'not in', ADMIN_ONLY_SUBJECTS)]));
  }
  return out;
}

export async function listInbox(
  s: PortalScope,
  reader: Reader,
  opts: { limit: number; cursor?: string; unreadOnly: boolean; kind?: NotificationKind },
): Promise<{ page: NotificationRow[]; nextCursor: string | null }> {
  let q = visibleTo(s.selectFrom('notifications').selectAll('notifications'), reader);
  if (opts.unreadOnly) q = q.where('notifications.read_at', 'is', null);
  if (opts.kind) q = q.where('notifications.kind', '=', opts.kind);
  q = keyset(q, { column: 'notifications.created_at', direction: 'desc' }, 'notifications.id', opts.cursor, opts.limit);
  return toPage(await q.execute(), opts.limit, (r) => ({ v: r.created_at, id: r.id }));
}

/**
 * The bell's number: exact up to UNREAD_CAP, else UNREAD_CAP (the web app shows "99+" long before).
 * Counting stops there, so the inbox stays fast however much is unread (ADR 0021).
 */
export const UNREAD_CAP = 1000;

export async function countUnread(s: PortalScope, reader: Reader): Promise<number> {
  const unread = visibleTo(s.selectFrom('notifications').select('notifications.id'), reader).where('notifications.read_at', 'is', null).limit(UNREAD_CAP);
  const row = await (s.db as any)
    .selectFrom(unread.as('unread'))
    .select((eb: any) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the reader's own unread notifications read (ids of others are no match). Returns how many. */
export async function markRead(s: PortalScope, userId: string, ids: string[] | 'all', at: string): Promise<number> {
  let q = s.updateTable('notifications', { read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/** Inserts unless the recipient already has a notification with this dedupe key. True when inserted. */
export async function insertOnce(s: PortalScope, row: Omit<NotificationRow, 'portal_id'>): Promise<boolean> {
  const r = await s
    .insertInto('notifications', row)
    .onConflict((oc) => oc.columns(['portal_id', 'user_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markMailed(s: PortalScope, id: string, at: string): Promise<void> {
  await s.updateTable('notifications', { email_state: 'mailed', emailed_at: at }).where('id', '=', id).execute();
}

/** Takes a user's notifications waiting for the digest (atomically: a second taker finds none). */
export async function takeDigest(s: PortalScope, userId: string, at: string): Promise<NotificationRow[]> {
  const rows = await s
    .updateTable('notifications', { email_state: 'mailed', emailed_at: at })
    .where('user_id', '=', userId)
    .where('email_state', '=', 'daily')
    .returningAll()
    .execute();
  return (rows as NotificationRow[]).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
}

export async function findSettings(s: PortalScope, userId: string): Promise<string | null> {
  const row = await s.selectFrom('notification_settings').select('kinds').where('user_id', '=', userId).executeTakeFirst();
  return row?.kinds ?? null;
}

export async function saveSettings(s: PortalScope, userId: string, kinds: string, at: string): Promise<void> {
  await s
    .insertInto('notification_settings', { user_id: userId, kinds, updated_at: at })
    .onConflict((oc) => oc.columns(['portal_id', 'user_id']).doUpdateSet({ kinds, updated_at: at }))
    .execute();
}
