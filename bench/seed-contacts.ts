/**
 * The big benchmark portal shared by `bench:lists` and `bench:search`: one portal
 * with CONTACTS contacts and TASKS tasks written straight into SQLite (or
 * PostgreSQL), deterministic so that runs are comparable.
 */
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { searchKey } from '../src/kernel/text.js';
import { recordSearchText } from '../src/modules/crm/index.js';

export const FIRST = [
  'Anna',
  'Bob',
  'Chloé',
  'David',
  'Émile',
  'Fatima',
  'Günter',
  'Hana',
  'Ivan',
  'José',
  'Kai',
  'Lena',
  'Mia',
  'Noah',
  'Olga',
  'Pál',
  'Quinn',
  'Rosa',
  'Søren',
  'Tomás',
  'Uma',
  'Vera',
  'Wei',
  'Xenia',
  'Yusuf',
  'Zoë',
];
export const LAST = [
  'Müller',
  'Smith',
  'García',
  'Groß',
  'Nowak',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Yamamoto',
  'Andersson',
  'Novák',
  'Öztürk',
  'Silva',
  'Kim',
  'Jensen',
  'Fischer',
  'Martin',
  'Lopez',
  'Bauer',
  'Wagner',
];
const TITLES = ['Call back', 'Send proposal', 'Prepare contract', 'Review invoice', 'Plan workshop', 'Update website', 'Fix onboarding', 'Write report'];

// A deterministic pseudo-random sequence (mulberry32) so that runs are comparable.
let seed = 42;
export const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;

/** Bulk rows straight into SQLite: a bench needs a million rows in seconds, not the API's pace. */
export function seedRaw(file: string, portalId: string, userId: string, CONTACTS: number, TASKS: number) {
  const t0 = performance.now();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const base = Date.parse('2024-01-01T00:00:00Z');
  const insContact = db.prepare(
    `insert into contacts (id, portal_id, first_name, last_name, name_key, company_id, job_title, emails, phones, owner_id, notes, search_text, created_at, updated_at)
     values (?, ?, ?, ?, ?, null, null, ?, ?, ?, null, ?, ?, ?)`,
  );
  const batch = 50_000;
  for (let start = 0; start < CONTACTS; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(CONTACTS, start + batch); i++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const email = `user${i}@example.test`;
        const phone = `+49 30 ${1000000 + i}`;
        const created = new Date(base + i * 60_000).toISOString();
        insContact.run(
          randomUUID(),
          portalId,
          first,
          last,
          searchKey(first, last),
          JSON.stringify([{ value: email, type: 'work' }]),
          JSON.stringify([{ value: phone, type: 'mobile' }]),
          userId,
          recordSearchText([first, last, email], [phone]),
          created,
          created,
        );
      }
    })();
  }
  const insTask = db.prepare(
    `insert into tasks (id, portal_id, project_id, parent_id, title, description, status, priority, priority_rank, assignee_id, due_at, due_sort, estimate_minutes, position, completed_at, search_text, created_by, created_at, updated_at)
     values (?, ?, null, null, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?)`,
  );
  const statuses = ['todo', 'in_progress', 'blocked', 'done'];
  const priorities = ['low', 'normal', 'high', 'urgent'];
  db.transaction(() => {
    for (let i = 0; i < TASKS; i++) {
      const title = `${pick(TITLES)} #${i}`;
      const p = Math.floor(rnd() * 4);
      const due = rnd() < 0.3 ? null : new Date(base + Math.floor(rnd() * 400) * 86_400_000).toISOString();
      const created = new Date(base + i * 120_000).toISOString();
      insTask.run(
        randomUUID(),
        portalId,
        title,
        pick(statuses),
        priorities[p],
        p,
        rnd() < 0.5 ? userId : null,
        due,
        due ?? '9999-12-31T23:59:59.999Z',
        30,
        i,
        searchKey(title),
        userId,
        created,
        created,
      );
    }
  })();
  db.exec('analyze');
  db.close();
  console.log(`seeded ${CONTACTS.toLocaleString('en')} contacts and ${TASKS.toLocaleString('en')} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * The same contacts (no tasks) into PostgreSQL, in batches through unnest; the
 * trigram index is dropped during the load and built once at the end (much faster).
 */
export async function seedPg(url: string, schema: string, portalId: string, userId: string, CONTACTS: number) {
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  const trgm = await client.query(`select indexdef from pg_indexes where schemaname = $1 and indexname = 'contacts_search_trgm'`, [schema]);
  if (trgm.rows[0]) await client.query('drop index contacts_search_trgm');
  const base = Date.parse('2024-01-01T00:00:00Z');
  const batch = 10_000;
  for (let start = 0; start < CONTACTS; start += batch) {
    const cols: string[][] = Array.from({ length: 9 }, () => []);
    for (let i = start; i < Math.min(CONTACTS, start + batch); i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const email = `user${i}@example.test`;
      const phone = `+49 30 ${1000000 + i}`;
      const created = new Date(base + i * 60_000).toISOString();
      const row = [
        randomUUID(),
        first,
        last,
        searchKey(first, last),
        JSON.stringify([{ value: email, type: 'work' }]),
        JSON.stringify([{ value: phone, type: 'mobile' }]),
        recordSearchText([first, last, email], [phone]),
        created,
        created,
      ];
      row.forEach((v, k) => cols[k]!.push(v));
    }
    await client.query(
      `insert into contacts (id, portal_id, first_name, last_name, name_key, company_id, job_title, emails, phones, owner_id, notes, search_text, created_at, updated_at)
       select id, $10, f, l, k, null, null, e, p, $11, null, s, c, u
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(id, f, l, k, e, p, s, c, u)`,
      [...cols, portalId, userId],
    );
  }
  if (trgm.rows[0]) await client.query(trgm.rows[0].indexdef as string);
  await client.query('vacuum analyze contacts');
  await client.end();
  console.log(`seeded ${CONTACTS.toLocaleString('en')} contacts into PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
