import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestServer } from '../../test/harness.js';

/**
 * The deletion scan (LIF-5) for tests: every table of the database and every
 * file under DATA_DIR, read straight from the catalog and the disk, never
 * through the module that did the erasing.
 */

export interface Finding {
  where: string;
  what: string;
}

/** Every table of the schema (SQLite: real tables only, not the full-text index's internals). */
async function allTables(server: TestServer): Promise<string[]> {
  const db = server.deps.db;
  if (server.deps.database.dialect === 'sqlite') {
    const r = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
      db,
    );
    const virtual = r.rows.filter((t) => /create virtual table/i.test(t.sql ?? '')).map((t) => t.name);
    // FTS5 keeps its data in shadow tables named after the index (<index>_data, _idx, …): binary, checked by MATCH below.
    return r.rows.map((t) => t.name).filter((n) => !virtual.includes(n) && !virtual.some((v) => n.startsWith(`${v}_`)));
  }
  const r = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return r.rows.map((t) => t.name);
}

/**
 * Where any of `needles` (ids, names, addresses of the portal) still appears:
 * in any column of any row of any table, in a search index, or in any file
 * path or file content under DATA_DIR. `allowed` says which tables may name
 * the portal's address (the deletion's own record and the receipt).
 */
export async function findTraces(
  server: TestServer,
  needles: string[],
  opts: { searchTerms?: string[]; allowed?: (table: string, row: Record<string, unknown>) => boolean } = {},
): Promise<Finding[]> {
  const found: Finding[] = [];
  const db = server.deps.db as any;
  for (const table of await allTables(server)) {
    const rows: Record<string, unknown>[] = await db.selectFrom(table).selectAll().execute();
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const n of needles) if (text.includes(n) && !opts.allowed?.(table, row)) found.push({ where: table, what: `${n} in ${text.slice(0, 200)}` });
    }
  }
  if (server.deps.database.dialect === 'sqlite') {
    const fts = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'create virtual table%fts5%'`.execute(
      server.deps.db,
    );
    for (const { name } of fts.rows) {
      for (const term of opts.searchTerms ?? []) {
        const hits = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)} where ${sql.table(name)} match ${`"${term}"`}`.execute(
          server.deps.db,
        );
        if (Number(hits.rows[0]?.n) > 0) found.push({ where: name, what: `search index still finds "${term}"` });
      }
    }
  }
  for (const file of walk(server.dataDir)) {
    for (const n of needles) if (file.includes(n)) found.push({ where: 'DATA_DIR', what: `path ${file}` });
    if (/schedulingkit\.sqlite/.test(file)) continue; // the database is scanned above (and byte by byte by the test that wants it)
    const bytes = fs.readFileSync(file);
    for (const n of needles) if (bytes.includes(n)) found.push({ where: 'DATA_DIR', what: `${n} inside ${file}` });
  }
  return found;
}

export function* walk(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Rows of `portalId` in every table that has a portal_id column, by table (only tables with rows). */
export async function rowsOfPortal(server: TestServer, portalId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const db = server.deps.db as any;
  for (const table of await allTables(server)) {
    try {
      const r = await db
        .selectFrom(table)
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where('portal_id', '=', portalId)
        .executeTakeFirst();
      if (Number(r?.n) > 0) out[table] = Number(r.n);
    } catch {
      // no portal_id column
    }
  }
  return out;
}
