import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cachingStatements, namePreparedStatements } from './database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-db-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SQLite statement cache (ADR 0017)', () => {
  function open() {
    const sqlite = new SQLite(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`));
    sqlite.exec('create table t (id integer primary key, v text)');
    sqlite.exec("insert into t (v) values ('a'), ('b'), ('c')");
    const prepare = vi.spyOn(sqlite, 'prepare');
    return { sqlite, prepare };
  }

  it('prepares one SQL text once, however often Kysely runs it', async () => {
    const { sqlite, prepare } = open();
    const db = new Kysely<{ t: { id: number; v: string } }>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
    for (let i = 1; i <= 3; i++) {
      const row = await db.selectFrom('t').select('v').where('id', '=', i).executeTakeFirstOrThrow();
      expect(row.v).toBe(['a', 'b', 'c'][i - 1]);
    }
    await db.updateTable('t').set({ v: 'x' }).where('id', '=', 1).execute();
    await db.updateTable('t').set({ v: 'y' }).where('id', '=', 2).execute();
    expect(prepare).toHaveBeenCalledTimes(2);
    expect((await db.selectFrom('t').select('v').where('id', '=', 2).executeTakeFirstOrThrow()).v).toBe('y');
    await db.destroy();
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const { sqlite, prepare } = open();
    const cache = cachingStatements(sqlite, 2);
    const a = cache.prepare('select 1');
    cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(a); // now the most recent
    cache.prepare('select 3'); // evicts "select 2"
    expect(cache.prepare('select 1')).toBe(a);
    cache.prepare('select 2');
    expect(prepare).toHaveBeenCalledTimes(4);
    sqlite.close();
  });

  it('hands a statement still iterating to no one else', () => {
    const { sqlite } = open();
    const cache = cachingStatements(sqlite);
    const text = 'select v from t order by id';
    const first = cache.prepare(text);
    const rows: string[] = [];
    for (const row of (first as SQLite.Statement).iterate() as Iterable<{ v: string }>) {
      // The same text inside the loop: a fresh statement, not the busy one.
      const inner = cache.prepare(text);
      expect(inner).not.toBe(first);
      rows.push(`${row.v}:${((inner as SQLite.Statement).all() as unknown[]).length}`);
    }
    expect(rows).toEqual(['a:3', 'b:3', 'c:3']);
    expect(cache.prepare(text)).toBe(first);
    sqlite.close();
  });
});

// PostgreSQL only: these run in CI's PostgreSQL pass (DATABASE_URL set) and are skipped on SQLite.
describe.runIf(process.env.DATABASE_URL)('PostgreSQL named prepared statements (ADR 0017)', () => {
  const prepared = async (client: pg.ClientBase) =>
    (await client.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;

  it('prepares each parameterised SQL text once per connection, bounded, and deallocates the least recently used', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    pool.on('connect', (client) => namePreparedStatements(client, 2));
    const client = await pool.connect();
    try {
      const one = 'select $1::int + 1 as n';
      expect((await client.query(one, [1])).rows[0].n).toBe(2);
      expect((await client.query(one, [2])).rows[0].n).toBe(3);
      expect((await prepared(client)).map((r) => r.statement)).toEqual([one]);
      await client.query('select $1::int + 2 as n', [1]);
      await client.query(one, [1]); // the most recent again
      await client.query('select $1::int + 3 as n', [1]); // evicts "+ 2"
      const left = (await prepared(client)).map((r) => r.statement).sort();
      expect(left).toEqual([one, 'select $1::int + 3 as n'].sort());
      // An evicted text comes back under a new name and still answers.
      expect((await client.query('select $1::int + 2 as n', [5])).rows[0].n).toBe(7);
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('through Kysely on the app pool: a repeated query is prepared once on its connection', async () => {
    const { openDatabase } = await import('./database.js');
    const database = openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: dir });
    try {
      await database.db.connection().execute(async (conn) => {
        for (let i = 0; i < 3; i++) await sql`select ${i}::int as n`.execute(conn);
        const rows = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${'select $1::int as n'}`.execute(conn);
        expect(rows.rows).toHaveLength(1);
      });
    } finally {
      await database.close();
    }
  });
});
