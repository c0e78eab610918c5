import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export const SKIT_BIN = decodeURIComponent(new URL('../../bin/skit.js', import.meta.url).pathname);

/**
 * The environment for running `skit` as a child process in a test file: a temp
 * DATA_DIR and, when DATABASE_URL is set, a PostgreSQL schema of its own.
 * Registers its own beforeAll/afterAll; read `.env` inside tests.
 */
export function cliEnvironment(prefix: string): { env: Record<string, string> } {
  const state = { env: {} as Record<string, string> };
  let dataDir = '';
  let schema: string | null = null;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    state.env = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete state.env.BASE_URL; // Vitest sets Vite's BASE_URL ('/') in the environment
    if (process.env.DATABASE_URL) {
      schema = `t_cli_${randomBytes(4).toString('hex')}`;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
      state.env.DATABASE_SCHEMA = schema;
    }
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  });
  return state;
}
