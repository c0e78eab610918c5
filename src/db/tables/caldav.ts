// Row types of the caldav module's tables (see src/db/types.ts for the conventions; ADR 0026).

/** A calendar as a CalDAV collection: the version its sync tokens and CTag count. */
export interface CaldavCollectionRow {
  portal_id: string;
  calendar_id: string;
  /** Goes up by one with every change to the calendar's events (taken under the row's lock). */
  version: number;
  /** Sync tokens older than this are refused (the calendar was replaced wholesale); 0 = all valid. */
  min_version: number;
}

/** An event as a resource of its calendar: its name in the collection and its last change. */
export interface CaldavResourceRow {
  portal_id: string;
  calendar_id: string;
  event_id: string;
  /** The resource name (last path segment), e.g. the client's "<uid>.ics", or "<event id>.ics". */
  name: string;
  /** The collection version of its last change. */
  version: number;
  /** 1: the event left this calendar at `version` (a tombstone, reported by sync-collection). */
  deleted: number;
}

export interface CaldavTables {
  caldav_collections: CaldavCollectionRow;
  caldav_resources: CaldavResourceRow;
}
