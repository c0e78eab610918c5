import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { searchKey } from '../../kernel/text.js';
import { recordSearchText } from '../crm/index.js';
import { newId } from '../../kernel/ids.js';

/**
 * Bulk rows straight into an SQLite file, for the export benchmark and the memory
 * test: a million contacts in seconds, not at the API's pace (like bench/lists.ts).
 * Not used by the product.
 */

export interface SeedSizes {
  contacts: number;
  tasks: number;
  events: number;
  /** Files of `fileBytes` each. */
  files: number;
  fileBytes: number;
}

const FIRST = ['Anna', 'Bob', 'Chloé', 'David', 'Émile', 'Fatima', 'Günter', 'Hana', 'Ivan', 'José', 'Kai', 'Lena', 'Zoë'];
const LAST = ['Müller', 'Smith', 'García', 'Groß', 'Nowak', "O'Brien", 'Dubois, Jr.', 'Yamamoto', 'Öztürk', 'Silva'];
const NOTES = [null, 'Met at the fair, "very" interested', 'Call back\nnext week', '=SUM(A1:A3) looks like a formula', 'Emoji 🚀 and ümlauts'];

export function seedRaw(file: string, dataDir: string, portalId: string, userId: string, sizes: SeedSizes): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const base = Date.parse('2024-01-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  const pick = <T>(xs: T[]) => xs[n++ % xs.length]!;

  const insContact = db.prepare(
    `insert into contacts (id, portal_id, first_name, last_name, name_key, company_id, job_title, emails, phones, owner_id, notes, search_text, created_at, updated_at)
     values (?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = 50_000;
  for (let start = 0; start < sizes.contacts; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(sizes.contacts, start + batch); i++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const email = `user${i}@example.test`;
        const phone = `+49 30 ${1000000 + i}`;
        const at = iso(base + i * 60_000);
        insContact.run(
          newId(),
          portalId,
          first,
          last,
          searchKey(first, last),
          i % 3 ? 'Sales manager' : null,
          JSON.stringify([{ value: email, type: 'work' }]),
          JSON.stringify([{ value: phone, type: 'mobile' }]),
          userId,
          pick(NOTES),
          recordSearchText([first, last, email], [phone]),
          at,
          at,
        );
      }
    })();
  }

  const insTask = db.prepare(
    `insert into tasks (id, portal_id, project_id, parent_id, title, description, status, priority, priority_rank, assignee_id, due_at, due_sort, estimate_minutes, position, completed_at, search_text, created_by, created_at, updated_at)
     values (?, ?, null, null, ?, ?, ?, 'normal', 1, ?, ?, ?, 30, ?, null, ?, ?, ?, ?)`,
  );
  for (let start = 0; start < sizes.tasks; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(sizes.tasks, start + batch); i++) {
        const title = `Follow up #${i}, "urgent"`;
        const due = i % 3 ? iso(base + (i % 400) * 86_400_000) : null;
        const at = iso(base + i * 120_000);
        insTask.run(
          newId(),
          portalId,
          title,
          pick(NOTES),
          pick(['todo', 'in_progress', 'done']),
          userId,
          due,
          due ?? '9999-12-31T23:59:59.999Z',
          i * 1024,
          searchKey(title),
          userId,
          at,
          at,
        );
      }
    })();
  }

  if (sizes.events > 0) {
    const calendarId = newId();
    const at0 = iso(base);
    db.prepare(
      `insert into calendars (id, portal_id, name, color, kind, owner_user_id, is_default, feed_token, created_at, updated_at) values (?, ?, 'Team', '#12b886', 'shared', null, 0, null, ?, ?)`,
    ).run(calendarId, portalId, at0, at0);
    const insEvent = db.prepare(
      `insert into events (id, portal_id, calendar_id, title, description, location, all_day, start_local, end_local, time_zone, rrule, exdates, reminders, ical_uid, ical_sequence, ical_last_modified, start_utc, until_utc, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, null, 0, ?, ?, 'Europe/Berlin', null, '[]', '[]', ?, 0, null, ?, ?, ?, ?, ?)`,
    );
    for (let start = 0; start < sizes.events; start += batch) {
      db.transaction(() => {
        for (let i = start; i < Math.min(sizes.events, start + batch); i++) {
          const startMs = base + i * 3_600_000;
          const local = (ms: number) => new Date(ms + 3_600_000).toISOString().slice(0, 19);
          const id = newId();
          const at = iso(base + i * 1000);
          insEvent.run(
            id,
            portalId,
            calendarId,
            `Meeting ${i}`,
            pick(NOTES),
            local(startMs),
            local(startMs + 1_800_000),
            `${id}@bench`,
            iso(startMs),
            iso(startMs + 1_800_000),
            userId,
            at,
            at,
          );
        }
      })();
    }
  }

  if (sizes.files > 0) {
    const dir = path.join(dataDir, 'files', portalId);
    fs.mkdirSync(dir, { recursive: true });
    const folderId = newId();
    const at0 = iso(base);
    db.prepare(
      `insert into drive_items (id, portal_id, kind, parent_id, parent_key, name, name_key, size_bytes, content_type, sha256, trashed_at, created_by, created_at, updated_at) values (?, ?, 'folder', null, '', 'Archive', 'archive', 0, null, null, null, ?, ?, ?)`,
    ).run(folderId, portalId, userId, at0, at0);
    const insFile = db.prepare(
      `insert into drive_items (id, portal_id, kind, parent_id, parent_key, name, name_key, size_bytes, content_type, sha256, trashed_at, created_by, created_at, updated_at)
       values (?, ?, 'file', ?, ?, ?, ?, ?, 'application/octet-stream', ?, null, ?, ?, ?)`,
    );
    const chunk = randomBytes(Math.min(sizes.fileBytes, 1024 * 1024));
    db.transaction(() => {
      for (let i = 0; i < sizes.files; i++) {
        const id = newId();
        const hash = createHash('sha256');
        const fd = fs.openSync(path.join(dir, id), 'w');
        for (let written = 0; written < sizes.fileBytes; written += chunk.length) {
          const part = chunk.subarray(0, Math.min(chunk.length, sizes.fileBytes - written));
          part[0] = i & 0xff;
          fs.writeSync(fd, part);
          hash.update(part);
        }
        fs.closeSync(fd);
        const name = `file-${String(i).padStart(5, '0')}.bin`;
        const at = iso(base + i * 1000);
        insFile.run(id, portalId, folderId, folderId, name, name, sizes.fileBytes, hash.digest('hex'), userId, at, at);
      }
    })();
  }
  db.exec('analyze');
  db.close();
}
