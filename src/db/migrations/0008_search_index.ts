import type { Kysely } from 'kysely';
import { SEARCHABLE_TABLES, createSearchIndex, dropSearchIndex, ensureTrigramExtension, isSqlite } from '../search.js';

// Trigram indexes for substring search on every search_text column (docs/decisions/0006-search.md).
export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) await ensureTrigramExtension(db);
  for (const table of SEARCHABLE_TABLES) await createSearchIndex(db, table);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of SEARCHABLE_TABLES) await dropSearchIndex(db, table);
}
