/** One live update (PLT-11): a record change or a notification, kept for the stream's retention window. */
export interface LiveEventRow {
  id: string;
  /** Stream position, increasing in commit order; null until the sequencer has seen the row. */
  seq: number | null;
  portal_id: string;
  type: 'change' | 'notification';
  /** The one recipient (notifications); null: every user of the portal allowed to see it. */
  user_id: string | null;
  /** For calendar events: only users who see this calendar. */
  calendar_id: string | null;
  /** JSON: the change ({entity, id, action}) or the notification. */
  payload: string;
  created_at: string;
}

export interface LiveTables {
  live_events: LiveEventRow;
}
