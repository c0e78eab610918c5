/* eslint-disable @typescript-eslint/no-explicit-any -- erasure walks every tenant table by name, found in the catalog */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { Executor } from '../../db/scope.js';
import type { DB } from '../../db/types.js';

/**
 * Erasing one portal's data everywhere (LIF-5). The tables are read from the
 * database's own catalog — every table with a `portal_id` column — so a table
 * added by a later migration is erased without anyone remembering to list it.
 * Files are every `DATA_DIR/<area>/<portalId>` directory (drive files,
 * exports, …). Every step can run again: a crash midway loses nothing.
 */

/** Every table of the schema with a `portal_id` column, by name. */
export async function tenantTables(db: Executor, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const r = await sql<{ name: string }>`
      select m.name as name from sqlite_master m, pragma_table_info(m.name) p
      where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' and p.name = 'portal_id'
      order by m.name`.execute(db);
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.column_name = 'portal_id' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  return r.rows.map((x) => x.name);
}

export async function countRows(db: Executor, table: string, portalId: string): Promise<number> {
  const r = await (db as Kysely<any>)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('portal_id', '=', portalId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function deleteRows(db: Executor, table: string, portalId: string): Promise<number> {
  const r = await (db as Kysely<any>).deleteFrom(table).where('portal_id', '=', portalId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

const isForeignKeyViolation = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/i.test(e?.message ?? '');
};

/**
 * Deletes the portal's rows table by table, each table in its own
 * transaction (`onTable` runs inside it, e.g. to record progress). A table
 * whose rows are still referenced from another table is retried after the
 * others. Returns the rows deleted.
 */
export async function eraseTables(
  db: Kysely<DB>,
  tables: string[],
  portalId: string,
  onTable: (trx: Executor, table: string, rows: number) => Promise<void> = async () => {},
): Promise<number> {
  let total = 0;
  let left = [...tables];
  while (left.length > 0) {
    const blocked: string[] = [];
    for (const table of left) {
      try {
        total += await db.transaction().execute(async (trx) => {
          const n = await deleteRows(trx, table, portalId);
          await onTable(trx, table, n);
          return n;
        });
      } catch (err) {
        if (!isForeignKeyViolation(err)) throw err;
        blocked.push(table);
      }
    }
    if (blocked.length === left.length) throw new Error(`cannot erase ${blocked.join(', ')}: rows still referenced`);
    left = blocked;
  }
  return total;
}

/** The same, in one transaction (the last pass: nothing can slip in between it and the end of the erase). */
export async function eraseTablesIn(trx: Executor, tables: string[], portalId: string): Promise<number> {
  let total = 0;
  for (const table of tables) total += await deleteRows(trx, table, portalId);
  return total;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `DATA_DIR/<area>/<portalId>` for every area that has one. */
export function portalDirectories(dataDir: string, portalId: string): string[] {
  // The id becomes part of a path that is removed recursively: only ever a plain UUID.
  if (!UUID.test(portalId)) throw new Error(`not a portal id: ${JSON.stringify(portalId)}`);
  let areas: fs.Dirent[];
  try {
    areas = fs.readdirSync(dataDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return areas
    .filter((a) => a.isDirectory())
    .map((a) => path.join(dataDir, a.name, portalId))
    .filter((dir) => fs.existsSync(dir));
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += await countFiles(path.join(dir, e.name));
    else n += 1;
  }
  return n;
}

/** Removes every stored file of the portal, directory by directory; returns how many files were removed. */
export async function eraseFiles(
  dataDir: string,
  portalId: string,
  onDirectory: (dir: string, files: number) => Promise<void> = async () => {},
): Promise<number> {
  let total = 0;
  for (const dir of portalDirectories(dataDir, portalId)) {
    const files = await countFiles(dir);
    await fsp.rm(dir, { recursive: true, force: true });
    total += files;
    await onDirectory(dir, files);
  }
  return total;
}

/**
 * SQLite zeroes deleted content (secure_delete, set where the database is
 * opened), but a full-text index keeps deleted entries until its segments
 * merge, and the write-ahead log keeps old pages until a checkpoint. After an
 * erase both are folded in, so the database file holds nothing of the portal.
 * (PostgreSQL reclaims dead rows with its own VACUUM.)
 */
export async function compactSearchIndexes(db: Kysely<DB>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  const fts = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'create virtual table%using fts5%'`.execute(db);
  for (const { name } of fts.rows) await sql`insert into ${sql.table(name)}(${sql.ref(name)}) values ('optimize')`.execute(db);
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}
