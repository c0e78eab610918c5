import { scopeOf } from '../../kernel/context.js';
import {
  columns,
  int,
  intOrNull,
  noRows,
  portableTable,
  text,
  textOrNull,
  type IdMapper,
  type PortableModule,
  type PortableRecord,
} from '../../kernel/portable.js';
import type { BookingHoldRow, BookingMode, BookingPageHostRow, BookingStatus, LocationKind } from '../../db/tables/scheduling.js';
import { manageTokenHash, newManageToken } from './bookings.common.js';

/**
 * Scheduling in an export (POR-6) and its import: working hours, booking pages with
 * their hosts, bookings with each host's hold on the time, and the blocks the
 * auto-scheduler placed (pinned or not). Hosts and holds are JSON cells of their page
 * and booking. A booking's manage-link secret stays behind: the import gives each
 * booking a new one nobody holds, so a guest's old link stops working (hosts still
 * manage the booking). Lock rows and pending re-placements are left out (excluded.ts).
 */

type HostCell = Omit<BookingPageHostRow, 'portal_id' | 'page_id'>;
type HoldCell = Omit<BookingHoldRow, 'portal_id' | 'booking_id' | 'page_id'>;

/** Rows whose user is not in the importing portal have no one to belong to. */
const withUser = (records: PortableRecord[], column: string) => records.filter((r) => textOrNull(r[column]!) !== null);

const availability = portableTable({
  entity: 'availability',
  table: 'availability',
  columns: columns('id:id', 'user_id:user', 'time_zone', 'weekly:json', 'overrides:json', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    user_id: text(r.user_id),
    time_zone: text(r.time_zone),
    weekly: text(r.weekly) || '[]',
    overrides: text(r.overrides) || '[]',
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
});

const bookingPages = portableTable({
  entity: 'booking_pages',
  table: 'booking_pages',
  columns: columns(
    'id:id',
    'slug',
    'title',
    'description?',
    'duration_minutes:int',
    'buffer_before_minutes:int',
    'buffer_after_minutes:int',
    'minimum_notice_minutes:int',
    'horizon_days:int',
    'slot_step_minutes:int',
    'daily_limit:int?',
    'mode',
    'active:bool',
    'location_kind?',
    'location_value?',
    'hosts:json',
    'created_by:user?',
    'created_at',
    'updated_at',
  ),
  select: [
    'id',
    'slug',
    'title',
    'description',
    'duration_minutes',
    'buffer_before_minutes',
    'buffer_after_minutes',
    'minimum_notice_minutes',
    'horizon_days',
    'slot_step_minutes',
    'daily_limit',
    'mode',
    'active',
    'location_kind',
    'location_value',
    'created_by',
    'created_at',
    'updated_at',
  ],
  present: async (ctx, rows) => {
    const hosts = rows.length
      ? await scopeOf(ctx)
          .selectFrom('booking_page_hosts')
          .select(['page_id', 'user_id', 'position', 'last_booked_at'])
          .where(
            'page_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('page_id')
          .orderBy('position')
          .execute()
      : [];
    return rows.map((p) => ({
      ...p,
      hosts: JSON.stringify(hosts.filter((h) => h.page_id === p.id).map(({ page_id: _, ...h }): HostCell => h)),
    }));
  },
  toRow: (r) => ({
    id: text(r.id),
    slug: text(r.slug),
    title: text(r.title),
    description: textOrNull(r.description),
    duration_minutes: int(r.duration_minutes),
    buffer_before_minutes: int(r.buffer_before_minutes),
    buffer_after_minutes: int(r.buffer_after_minutes),
    minimum_notice_minutes: int(r.minimum_notice_minutes),
    horizon_days: int(r.horizon_days),
    slot_step_minutes: int(r.slot_step_minutes),
    daily_limit: intOrNull(r.daily_limit),
    mode: text(r.mode) as BookingMode,
    active: int(r.active),
    location_kind: textOrNull(r.location_kind) as LocationKind | null,
    location_value: textOrNull(r.location_value),
    created_by: textOrNull(r.created_by),
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
  insertChildren: async (ctx, trx, records, ids) => {
    const rows = records.flatMap((r) =>
      (JSON.parse(text(r.hosts) || '[]') as HostCell[]).flatMap((h) => {
        const userId = ids.user(h.user_id);
        return userId ? [{ page_id: text(r.id), user_id: userId, position: h.position, last_booked_at: h.last_booked_at }] : [];
      }),
    );
    for (let i = 0; i < rows.length; i += 200)
      await scopeOf(ctx, trx)
        .insertInto('booking_page_hosts', rows.slice(i, i + 200))
        .execute();
  },
  childTables: ['booking_page_hosts'],
});

/** A hold's slot key is its start while it stands, "<why>:<hold id>" once let go (bookings.manage.ts): the id is the new one. */
const slotKeyOf = (hold: HoldCell, newId: string) => (hold.active ? hold.slot_key : hold.slot_key.replace(hold.id, newId));

const mapUsers = (json: string, ids: IdMapper) => JSON.stringify((JSON.parse(json || '[]') as string[]).map((id) => ids.user(id)).filter((id) => id !== null));

const bookings = portableTable({
  entity: 'bookings',
  table: 'bookings',
  orderBy: 'start_utc',
  columns: columns(
    'id:id',
    'page_id:ref',
    'title',
    'host_ids:json',
    'status',
    'start_utc',
    'end_utc',
    'guest_name',
    'guest_email',
    'guest_time_zone?',
    'notes?',
    'event_id:ref?',
    'contact_id:ref?',
    'cancelled_at?',
    'cancel_reason?',
    'sequence:int',
    'location_kind?',
    'location_value?',
    'holds:json',
    'created_at',
    'updated_at',
  ),
  select: [
    'id',
    'page_id',
    'title',
    'host_ids',
    'status',
    'start_utc',
    'end_utc',
    'guest_name',
    'guest_email',
    'guest_time_zone',
    'notes',
    'event_id',
    'contact_id',
    'cancelled_at',
    'cancel_reason',
    'sequence',
    'location_kind',
    'location_value',
    'created_at',
    'updated_at',
  ],
  present: async (ctx, rows) => {
    const holds = rows.length
      ? await scopeOf(ctx)
          .selectFrom('booking_holds')
          .select(['id', 'booking_id', 'host_id', 'start_utc', 'end_utc', 'slot_key', 'active', 'event_id'])
          .where(
            'booking_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('booking_id')
          .orderBy('id')
          .execute()
      : [];
    return rows.map((b) => ({
      ...b,
      holds: JSON.stringify(holds.filter((h) => h.booking_id === b.id).map(({ booking_id: _, ...h }): HoldCell => h)),
    }));
  },
  toRow: (r, ids) => ({
    id: text(r.id),
    page_id: text(r.page_id),
    title: text(r.title),
    // Users of the exporting portal: mapped to the importing portal's users.
    host_ids: mapUsers(text(r.host_ids), ids),
    status: text(r.status) as BookingStatus,
    start_utc: text(r.start_utc),
    end_utc: text(r.end_utc),
    guest_name: text(r.guest_name),
    guest_email: text(r.guest_email),
    guest_time_zone: textOrNull(r.guest_time_zone),
    notes: textOrNull(r.notes),
    event_id: textOrNull(r.event_id),
    contact_id: textOrNull(r.contact_id),
    manage_token_hash: manageTokenHash(newManageToken()),
    cancelled_at: textOrNull(r.cancelled_at),
    cancel_reason: textOrNull(r.cancel_reason),
    // Invitations already sent carry this SEQUENCE: the next change must be higher (RFC 5546).
    sequence: int(r.sequence),
    location_kind: textOrNull(r.location_kind) as LocationKind | null,
    location_value: textOrNull(r.location_value),
    created_at: text(r.created_at),
    updated_at: text(r.updated_at),
  }),
  insertChildren: async (ctx, trx, records, ids) => {
    const s = scopeOf(ctx, trx);
    const holds = records.flatMap((r) =>
      (JSON.parse(text(r.holds) || '[]') as HoldCell[]).flatMap((h) => {
        const hostId = ids.user(h.host_id);
        if (!hostId) return [];
        const id = ids.id(h.id);
        return [
          {
            id,
            booking_id: text(r.id),
            page_id: text(r.page_id),
            host_id: hostId,
            start_utc: h.start_utc,
            end_utc: h.end_utc,
            slot_key: slotKeyOf(h, id),
            active: Number(h.active),
            event_id: h.event_id === null ? null : ids.id(h.event_id),
          },
        ];
      }),
    );
    for (let i = 0; i < holds.length; i += 200) await s.insertInto('booking_holds', holds.slice(i, i + 200)).execute();
  },
  childTables: ['booking_holds'],
});

const blocks = portableTable({
  entity: 'scheduling_blocks',
  table: 'scheduling_blocks',
  columns: columns(
    'id:id',
    'user_id:user',
    'task_id:ref',
    'event_id:ref',
    'start_utc',
    'end_utc',
    'pinned:bool',
    'task_estimate_minutes:int?',
    'task_due_at?',
    'created_at',
  ),
  toRow: (r) => ({
    id: text(r.id),
    user_id: text(r.user_id),
    task_id: text(r.task_id),
    event_id: text(r.event_id),
    start_utc: text(r.start_utc),
    end_utc: text(r.end_utc),
    pinned: int(r.pinned),
    task_estimate_minutes: intOrNull(r.task_estimate_minutes),
    task_due_at: textOrNull(r.task_due_at),
    created_at: text(r.created_at),
  }),
});

/** Rows of tables keyed by a user are imported only for users the import knows. */
const forKnownUsers = <T extends { insert: PortableModule['tables'][number]['insert'] }>(table: T, column: string): T => ({
  ...table,
  insert: (ctx, trx, records, ids) => table.insert(ctx, trx, withUser(records, column), ids),
});

export const schedulingPortable: PortableModule = {
  name: 'scheduling',
  tables: [forKnownUsers(availability, 'user_id'), bookingPages, bookings, forKnownUsers(blocks, 'user_id')],
  isEmpty: (ctx) => noRows(ctx, ['availability', 'booking_pages', 'bookings', 'scheduling_blocks']),
};
