import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import type { DB } from './types.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human-readable location, for logs and /healthz (never includes a password). */
  location: string;
  /** PostgreSQL schema this database lives in, when not the default. */
  schema?: string;
  /**
   * Runs a compiled select and returns its rows as arrays of values in the order of
   * the select list, without building an object per row: for readers that go through
   * millions of rows (the export). Build the query with Kysely (portal-scoped as
   * always) and pass `query.compile()`.
   */
  arrays(query: CompiledQuery): Promise<unknown[][]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent the embedded SQLite file under dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves with one schema per run). */
  pgSchema?: string;
  /** SQLite file name override (tests use a temp file). */
  sqliteFile?: string;
}

// int8 (bigint, count(*)) arrive as strings by default; our amounts and counts fit in a double safely.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.pgSchema);
  const file = opts.sqliteFile ?? path.join(opts.dataDir, 'schedulingkit.sqlite');
  return openSqlite(file);
}

function openSqlite(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed, not left in free pages: an erased portal leaves no bytes in the file (LIF-5).
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Prepared statements in array mode, one per distinct SQL text (a handful: the export's page queries).
  const statements = new Map<string, SQLite.Statement>();
  const arrays = async (query: CompiledQuery): Promise<unknown[][]> => {
    let statement = statements.get(query.sql);
    if (!statement) {
      if (statements.size >= 64) statements.clear();
      statement = sqlite.prepare(query.sql).raw(true);
      statements.set(query.sql, statement);
    }
    return statement.all(...(query.parameters as unknown[])) as unknown[][];
  };
  return { db, dialect: 'sqlite', location: file, arrays, close: () => db.destroy() };
}

function openPostgres(url: string, schema?: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Every connection of this pool sees only its schema: that is how test runs isolate themselves.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  u.password = '';
  return {
    db,
    dialect: 'postgres',
    location: `${u.host}${u.pathname}${schema ? `#${schema}` : ''}`,
    schema,
    arrays: async (query) => (await pool.query({ text: query.sql, values: query.parameters as unknown[], rowMode: 'array' })).rows,
    close: () => db.destroy(),
  };
}

export async function pingDatabase(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
