import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type SqliteDatabase } from 'kysely';
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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
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
  pool.on('connect', (client) => namePreparedStatements(client));
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

/** How many prepared statements one connection keeps (distinct SQL texts; least recently used go first). ADR 0017. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The better-sqlite3 database as Kysely's SqliteDialect sees it, whose `prepare` returns
 * the statement already prepared for the same SQL text (a bounded LRU) instead of
 * compiling it again on every query (ADR 0017). A statement still iterating (a
 * streamed query) is not handed out twice: that caller gets a fresh one.
 */
export function cachingStatements(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        // Most recently used last: a Map keeps insertion order.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * Kysely runs every query as `client.query(text, values)`: the same SQL text gets a
 * named prepared statement on this connection, so PostgreSQL parses it once per
 * connection instead of on every request (ADR 0017). At most STATEMENT_CACHE_SIZE per
 * connection; the least recently used is deallocated. Statements without parameters
 * (begin, commit, `select 1`) stay unnamed. A statement whose plan a migration made
 * invalid (0A000, "cached plan must not change result type") is deallocated on its
 * error, so the next request prepares it anew.
 */
export function namePreparedStatements(client: pg.PoolClient, size = STATEMENT_CACHE_SIZE): void {
  const names = new Map<string, string>();
  let counter = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const forget = (text: string) => {
    const name = names.get(text);
    if (!name) return;
    names.delete(text);
    // pg remembers what it parsed on this connection; the name is never used again (a counter).
    const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
    if (parsed) delete parsed[name];
    query(`deallocate ${name}`).catch(() => undefined);
  };
  (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(...args);
    let name = names.get(text);
    if (name) {
      names.delete(text);
      names.set(text, name);
    } else {
      name = `skit_${++counter}`;
      names.set(text, name);
      if (names.size > size) forget(names.keys().next().value!);
    }
    return query({ name, text, values }).catch((err: { code?: string }) => {
      if (err?.code === '0A000') forget(text);
      throw err;
    });
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
