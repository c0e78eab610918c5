// Row types of the reminders module's tables (see src/db/types.ts for the conventions).

/** The portal's chain of reminder scans (docs/decisions/0023-reminders-exactly-once.md). */
export interface ReminderScanRow {
  portal_id: string;
  /** When the next scan is due: the one queued `reminders.scan` job whose payload matches; null when none is queued. */
  next_scan_at: string | null;
  /** Reminders whose moment is up to this instant have been delivered; the next scan starts here. */
  scanned_to: string;
  /** Counts changes to the portal's events and tasks: a scan that saw it move while it ran scans again at once. */
  changes: number;
  updated_at: string;
}

export interface RemindersTables {
  reminder_scans: ReminderScanRow;
}
