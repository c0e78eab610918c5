/* eslint-disable @typescript-eslint/no-explicit-any -- search conditions apply to several tables, typed by Kysely as `any` builders */
import { SqliteAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Executor } from './scope.js';
import { matchesSearch } from './search-key.js';

/**
 * Substring search on a `search_text` column (already folded by searchKey) that
 * stays fast on big tables: a trigram index on both dialects.
 * - PostgreSQL: pg_trgm GIN index; `LIKE '%term%'` uses it and the planner
 *   chooses between it and the sort index by itself.
 * - SQLite: an FTS5 table with the trigram tokenizer, kept in sync by triggers
 *   (external content keyed by rowid). SQLite's planner cannot tell a rare term
 *   from a common one, so `searchCondition` counts the index hits first and
 *   picks one of three plans (see RARE_LIMIT below).
 * Terms shorter than 3 characters have no trigrams and always use LIKE.
 * See docs/decisions/0006-search.md.
 */

/** Tables with a `search_text` column and a trigram index (migration 0008). */
export const SEARCHABLE_TABLES = ['companies', 'contacts', 'leads', 'deals', 'activities', 'projects', 'tasks'] as const;
export type SearchableTable = (typeof SEARCHABLE_TABLES)[number];

/**
 * SQLite plan thresholds by the number of index hits (see above):
 * - fewer than RARE: fetch the hits by rowid and sort them;
 * - up to COMMON: walk the list's sort index and keep rows whose rowid is a hit
 *   (`+rowid` stops SQLite from driving by the hit list; it builds a bloom filter);
 * - more: hits are dense, so walking the sort index with LIKE fills a page at once.
 */
const RARE_LIMIT = 2000;
const COMMON_LIMIT = 100_000;

export const isSqlite = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

const ftsTable = (table: string) => `${table}_fts`;
const ftsPhrase = (terms: string[]) => terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');

/** `search_text LIKE '%term%'` for every term, ORed: the plan that filters rows as they are walked (any dialect, any term length). */
export function likeCondition(table: SearchableTable, terms: string[]): Expression<SqlBool> {
  const column = `${table}.search_text`;
  return terms.length === 1
    ? matchesSearch(column, terms[0]!)
    : sql<SqlBool>`(${sql.join(
        terms.map((t) => matchesSearch(column, t)),
        sql` or `,
      )})`;
}

/** Index hits of `terms` on SQLite, counted up to `max` (one FTS5 walk that stops there); null when there is no index to ask. */
async function countHits(db: Executor, table: SearchableTable, terms: string[], max: number): Promise<number | null> {
  if (!isSqlite(db as Kysely<any>) || terms.some((t) => [...t].length < 3)) return null;
  const fts = sql.table(ftsTable(table));
  const probe = await sql<{ n: number }>`select count(*) as n from (select rowid from ${fts} where ${fts} match ${ftsPhrase(terms)} limit ${max})`.execute(db);
  return Number(probe.rows[0]?.n ?? 0);
}

const hitsCondition = (table: SearchableTable, terms: string[], filter: boolean): Expression<SqlBool> => {
  const fts = sql.table(ftsTable(table));
  const inHits = sql`in (select rowid from ${fts} where ${fts} match ${ftsPhrase(terms)})`;
  return filter ? sql<SqlBool>`+${sql.ref(`${table}.rowid`)} ${inHits}` : sql<SqlBool>`${sql.ref(`${table}.rowid`)} ${inHits}`;
};

/** Characters of a term's end that the rare-term probe asks the index for (see rareSearchCondition). */
const PROBE_CHARS = 6;

/**
 * On SQLite, the "fetch the hits by rowid" filter when `terms` are rare;
 * otherwise null (a common term, or PostgreSQL, or a term too short for
 * trigrams). FTS5 reads every trigram's whole list, and a phone number's
 * first trigrams ("+49", "493") are in every row: asking for the full
 * "49301234567" costs ~30 ms on a million rows, its last six characters ~1 ms.
 * So the probe asks for each term's end, reads at most `rare` candidates, and
 * the filter keeps those candidates that LIKE confirms: the same rows as the
 * full phrase, the index asked once.
 */
export async function rareSearchCondition(db: Executor, table: SearchableTable, terms: string[], rare = RARE_LIMIT): Promise<Expression<SqlBool> | null> {
  if (!isSqlite(db as Kysely<any>) || terms.some((t) => [...t].length < 3)) return null;
  const fts = sql.table(ftsTable(table));
  const ends = [...new Set(terms.map((t) => [...t].slice(-PROBE_CHARS).join('')))];
  // One row back: the count and the rowids as a JSON array, built inside SQLite and handed back to it as is.
  const probe = await sql<{
    n: number;
    ids: string;
  }>`select count(*) as n, json_group_array(rowid) as ids from (select rowid from ${fts} where ${fts} match ${ftsPhrase(ends)} limit ${rare})`.execute(db);
  const hits = probe.rows[0];
  if (!hits || Number(hits.n) >= rare) return null;
  const ids = hits.ids;
  return sql<SqlBool>`(${sql.ref(`${table}.rowid`)} in (select value from json_each(${ids})) and ${likeCondition(table, terms)})`;
}

/** The search filter for `terms` (ORed) on `table.search_text`, choosing the fastest plan. */
export async function searchCondition(
  db: Executor,
  table: SearchableTable,
  terms: string[],
  limits: { rare?: number; common?: number } = {},
): Promise<Expression<SqlBool>> {
  const rare = limits.rare ?? RARE_LIMIT;
  const common = limits.common ?? COMMON_LIMIT;
  const hits = await countHits(db, table, terms, common);
  if (hits === null || hits >= common) return likeCondition(table, terms);
  return hitsCondition(table, terms, hits >= rare);
}

/** Migration step: the trigram index of one table, for the running dialect. */
export async function createSearchIndex(db: Kysely<any>, table: SearchableTable): Promise<void> {
  if (isSqlite(db)) {
    const fts = ftsTable(table);
    await sql.raw(`create virtual table ${fts} using fts5(search_text, content='${table}', content_rowid='rowid', tokenize='trigram')`).execute(db);
    await sql
      .raw(`create trigger ${fts}_ai after insert on ${table} begin insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text); end`)
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_ad after delete on ${table} begin insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fts}_au after update of search_text on ${table} begin ` +
          `insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text); ` +
          `insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text); end`,
      )
      .execute(db);
    await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(db);
    return;
  }
  const schema = await trigramSchema(db);
  if (!schema) return; // no pg_trgm: search still works, by scanning
  await sql.raw(`create index ${table}_search_trgm on ${table} using gin (search_text "${schema}".gin_trgm_ops)`).execute(db);
}

/**
 * Makes sure pg_trgm is installed (in `public`, shared by every schema of the
 * database) and returns its schema; null when it cannot be installed here.
 */
export async function ensureTrigramExtension(db: Kysely<any>): Promise<string | null> {
  const existing = await trigramSchema(db);
  if (existing) return existing;
  const can = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_available_extensions where name = 'pg_trgm')
       and has_database_privilege(current_user, current_database(), 'CREATE')
       and exists (select 1 from pg_namespace where nspname = 'public') as ok`.execute(db);
  if (!can.rows[0]?.ok) return null;
  await sql`create extension if not exists pg_trgm schema public`.execute(db);
  return trigramSchema(db);
}

async function trigramSchema(db: Kysely<any>): Promise<string | null> {
  const r = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db);
  return r.rows[0]?.schema ?? null;
}

export async function dropSearchIndex(db: Kysely<any>, table: SearchableTable): Promise<void> {
  if (isSqlite(db)) {
    for (const t of ['ai', 'ad', 'au']) await sql.raw(`drop trigger if exists ${ftsTable(table)}_${t}`).execute(db);
    await sql.raw(`drop table if exists ${ftsTable(table)}`).execute(db);
  } else {
    await sql.raw(`drop index if exists ${table}_search_trgm`).execute(db);
  }
}

/**
 * Rebuilds the SQLite trigram indexes from their tables. Needed only after a
 * VACUUM, which may renumber rowids (`skit search-rebuild`).
 */
export async function rebuildSearchIndexes(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const table of SEARCHABLE_TABLES) await sql.raw(`insert into ${ftsTable(table)}(${ftsTable(table)}) values ('rebuild')`).execute(db);
}
