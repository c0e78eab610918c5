import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_crm.js';
import * as m0003 from './migrations/0003_tasks.js';
import * as m0004 from './migrations/0004_calendar.js';
import * as m0005 from './migrations/0005_drive.js';
import * as m0006 from './migrations/0006_billing.js';
import * as m0007 from './migrations/0007_telephony.js';
import * as m0008 from './migrations/0008_search_index.js';
import * as m0009 from './migrations/0009_lifecycle.js';
import * as m0010 from './migrations/0010_portability.js';
import * as m0011 from './migrations/0011_automations.js';
import * as m0012 from './migrations/0012_scheduling.js';
import * as m0013 from './migrations/0013_operators.js';
import * as m0014 from './migrations/0014_workers_and_housekeeping.js';
import * as m0015 from './migrations/0015_event_occurrences.js';
import * as m0016 from './migrations/0016_notifications.js';
import * as m0017 from './migrations/0017_live_events.js';
import * as m0018 from './migrations/0018_reminders.js';
import * as m0019 from './migrations/0019_scheduling_replacement.js';
import * as m0020 from './migrations/0020_invoice_archive_and_install_claim.js';
import * as m0021 from './migrations/0021_caldav.js';
import * as m0022 from './migrations/0022_calendar_connections.js';
import * as m0023 from './migrations/0023_calendar_feed_version.js';
import * as m0024 from './migrations/0024_invitations_and_locations.js';
import * as m0025 from './migrations/0025_one_export_at_a_time.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_crm': m0002,
  '0003_tasks': m0003,
  '0004_calendar': m0004,
  '0005_drive': m0005,
  '0006_billing': m0006,
  '0007_telephony': m0007,
  '0008_search_index': m0008,
  '0009_lifecycle': m0009,
  '0010_portability': m0010,
  '0011_automations': m0011,
  '0012_scheduling': m0012,
  '0013_operators': m0013,
  '0014_workers_and_housekeeping': m0014,
  '0015_event_occurrences': m0015,
  '0016_notifications': m0016,
  '0017_live_events': m0017,
  '0018_reminders': m0018,
  '0019_scheduling_replacement': m0019,
  '0020_invoice_archive_and_install_claim': m0020,
  '0021_caldav': m0021,
  '0022_calendar_connections': m0022,
  '0023_calendar_feed_version': m0023,
  '0024_invitations_and_locations': m0024,
  '0025_one_export_at_a_time': m0025,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(database: Database): Promise<{ applied: string[] }> {
  // Migration bookkeeping lives beside the tables, also when a test run uses its own PostgreSQL schema.
  const schema = database.schema;
  const migrator = new Migrator({ db: database.db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
