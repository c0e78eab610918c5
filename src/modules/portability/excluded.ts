import type { TenantTable } from '../../db/types.js';

/**
 * The one list of portal tables an export leaves out, each with its reason (POR-6,
 * ADR 0030). Every other table that carries a portal_id is in the export: named by
 * a CSV's `tables` (see PortableTable) or by `exportedElsewhere` (entities.ts).
 * exported-tables.test.ts walks the database catalog and fails for a table that is
 * in neither place, and for an entry here whose table no longer exists.
 *
 * A new table: export it from its module's `*.portable.ts` when it holds what people
 * made or chose (records, settings, history); add it here only when it is a secret,
 * a copy derived from exported rows, the server's own bookkeeping, or transient work.
 * `manifest.json` repeats this list as `excluded: [{ table, reason }]`.
 */
export interface ExcludedTable {
  table: TenantTable;
  reason: string;
}

export const EXCLUDED_TABLES: readonly ExcludedTable[] = [
  // accounts
  { table: 'sessions', reason: 'Sign-in sessions: secrets of this server; everyone signs in again.' },
  { table: 'api_tokens', reason: 'API tokens are secrets of this server; make new ones after the import.' },
  { table: 'password_resets', reason: 'Password reset links: short-lived secrets of this server.' },
  { table: 'install_claims', reason: "The self-hosted install's first-owner claim: the server's own bookkeeping, not the portal's." },
  // billing (the invoices themselves are exported)
  { table: 'subscriptions', reason: "The plan is a contract with this server's operator; the importing portal keeps its own." },
  { table: 'payment_methods', reason: 'Card tokens of the payment provider: secrets, and only valid for this server.' },
  { table: 'billing_events', reason: "The payment provider's event log of this server (webhook deliveries)." },
  { table: 'idempotency_keys', reason: 'Replay protection of billing requests on this server: transient (pruned by the housekeeping).' },
  { table: 'invoice_archive', reason: "Invoices of erased portals kept for the server's books; they belong to no live portal." },
  // lifecycle
  { table: 'lifecycle_cancellations', reason: "The subscription's cancellation state on this server (follows subscriptions)." },
  {
    table: 'lifecycle_downgrades',
    reason: 'Downgrades applied to the subscription on this server (follows subscriptions); the records they affected are exported.',
  },
  { table: 'lifecycle_pauses', reason: "The subscription's pauses on this server (follows subscriptions)." },
  // calendar
  { table: 'event_occurrences', reason: 'Derived: the occurrence index of the exported events, rebuilt on first read (ADR 0021).' },
  { table: 'event_occurrence_windows', reason: 'Derived: which ranges the occurrence index covers, rebuilt with it (ADR 0021).' },
  // scheduling
  { table: 'booking_host_locks', reason: 'Lock rows taken while a booking is written; made again on the next booking.' },
  { table: 'scheduling_replacements', reason: 'Transient: re-placements of auto-scheduled blocks waiting for their job.' },
  // automations
  { table: 'automation_events', reason: 'The queue of record events waiting for the rules; each run keeps its own copy of the event (automation_runs).' },
  {
    table: 'automation_settings',
    reason: 'The webhook signing secret (a secret: receivers get a new one) and the overdue scan schedule, made again on first use.',
  },
  // telephony
  { table: 'telephony_settings', reason: "Auto top-up charges this server's stored card; it is off until an admin turns it on again (BIL-5)." },
  // notifications, reminders, live updates, mail
  { table: 'notifications', reason: 'Derived: the inbox repeats what the exported records say (the settings per user are exported).' },
  { table: 'reminder_scans', reason: 'Scan state of the reminder job: made again at the import, so reminders already due are not sent twice.' },
  { table: 'live_events', reason: 'Transient: live updates for open browser tabs, pruned soon after.' },
  { table: 'mail_outbox', reason: 'Transient: mail this server queued for delivery; what it said is in the exported records.' },
  // jobs and portability
  { table: 'jobs', reason: "Transient: this server's background work for the portal." },
  { table: 'portal_exports', reason: 'Bookkeeping of the exports themselves (their ZIPs expire after 7 days).' },
  { table: 'portal_imports', reason: 'Bookkeeping of imports into this portal (their reports stay on this server).' },
  // calendar sync (connected calendars, CalDAV)
  { table: 'external_events', reason: "A copy of the connected calendars' events: the first sync after an import fetches them again." },
  { table: 'connection_items', reason: 'The ETags the last sync saw of remote items: the first sync after an import reads everything again.' },
  { table: 'caldav_collections', reason: 'CalDAV sync tokens and CTags of this server: a client syncs again from the start against the importing server.' },
  { table: 'caldav_resources', reason: "CalDAV resource names and deletion marks of this server's sync log: clients sync again from the start." },
];

/** The excluded list as manifest.json writes it. */
export function excludedForManifest(): { table: string; reason: string }[] {
  return EXCLUDED_TABLES.map(({ table, reason }) => ({ table, reason }));
}
