import { expect } from 'vitest';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import type { TestClient, TestResponse } from '../../test/client.js';
import type { TestServer } from '../../test/harness.js';
import { addUser } from '../../test/factories.js';

/** Helpers for portability's API tests: a portal with every kind of record and tricky values, and ZIP reading. */

export const TRICKY = {
  commas: 'Müller, Schmidt & Co., KG',
  quotes: 'He said "hello", then "bye"',
  newlines: 'line one\nline two\r\nline three',
  formula: '=HYPERLINK("http://evil.test","click")',
  plus: '+SUM(A1:A3)',
  minus: '-2+3',
  at: '@mention in a note',
  tab: '\tstarts with a tab',
  apostrophe: "'already quoted",
  emoji: 'Rocket 🚀 launch 👩‍🚀',
  nonAscii: 'Zoë Æbleskiver — Straße 東京',
};

const ok = async (res: Promise<TestResponse>, status = 201) => {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
};

export function upload(client: TestClient, path: string, name: string, content: string | Buffer, fields: Record<string, string> = {}, field = 'file') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, new Blob([new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content)]), name);
  return client.post(path, form);
}

/**
 * Fills a portal through the API with one or more of everything: CRM records, a
 * custom pipeline and a stage move, activities, projects, tasks with subtasks,
 * links and comments, calendars with a recurring event and an exception, a drive
 * tree with a file in the trash, a telephony call and invoices (Business plan).
 */
export async function seedEverything(server: TestServer, owner: TestClient, opts: { billing?: boolean } = {}) {
  if (opts.billing) {
    // Business: seats for everyone, telephony, and invoices to export.
    await ok(owner.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }), 200);
    await ok(owner.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }), 200);
  }
  const member = await addUser(server, owner, { role: 'member', name: TRICKY.nonAscii, email: `member-${Date.now()}@example.test` });
  const company = await ok(
    owner.post('/api/crm/companies', { name: TRICKY.commas, website: 'https://mueller.test', notes: TRICKY.formula, phone: '+49 30 1234567' }),
  );
  const contact = await ok(
    owner.post('/api/crm/contacts', {
      firstName: 'Zoë',
      lastName: `O'Brien ${TRICKY.quotes}`,
      companyId: company.id,
      jobTitle: TRICKY.at,
      emails: [
        { value: 'zoe@mueller.test', type: 'work' },
        { value: 'zoe.home@example.test', type: 'home' },
      ],
      phones: [
        { value: '+49 30 7654321', type: 'mobile' },
        { value: '-030 111 222', type: 'work' },
      ],
      notes: TRICKY.newlines,
      ownerId: member.user.id,
    }),
  );
  const bare = await ok(owner.post('/api/crm/contacts', { firstName: TRICKY.emoji, lastName: '' }));
  const lead = await ok(
    owner.post('/api/crm/leads', {
      title: TRICKY.plus,
      name: TRICKY.apostrophe,
      email: 'lead@example.test',
      amount: 123456,
      currency: 'EUR',
      notes: TRICKY.at,
      source: 'referral',
    }),
  );
  const pipeline = await ok(
    owner.post('/api/crm/pipelines', { name: 'Partners', stages: [{ name: 'Talk' }, { name: 'Sign', kind: 'won' }, { name: 'Gone', kind: 'lost' }] }),
  );
  const deal = await ok(
    owner.post('/api/crm/deals', {
      title: TRICKY.minus,
      amount: 990000,
      currency: 'EUR',
      contactId: contact.id,
      companyId: company.id,
      pipelineId: pipeline.id,
    }),
  );
  await ok(owner.patch(`/api/crm/deals/${deal.id}`, { stageId: pipeline.stages[1].id }), 200);
  await ok(owner.post('/api/crm/deals', { title: 'Second deal', amount: 0, currency: 'USD', expectedCloseDate: '2026-03-31' }));
  await ok(owner.post('/api/crm/activities', { recordType: 'contact', recordId: contact.id, kind: 'call', subject: TRICKY.quotes, body: TRICKY.formula }));
  await ok(owner.post('/api/crm/activities', { recordType: 'deal', recordId: deal.id, body: TRICKY.emoji }));

  const project = await ok(owner.post('/api/projects', { name: TRICKY.commas, description: TRICKY.newlines, color: '#ff8800' }));
  const task = await ok(
    owner.post('/api/tasks', {
      title: TRICKY.formula,
      description: TRICKY.apostrophe,
      projectId: project.id,
      priority: 'urgent',
      status: 'in_progress',
      assigneeId: member.user.id,
      dueAt: '2026-02-01T09:30:00.000Z',
      estimateMinutes: 90,
      links: [
        { type: 'deal', id: deal.id },
        { type: 'contact', id: contact.id },
      ],
    }),
  );
  await ok(owner.post('/api/tasks', { title: 'Subtask with empty description', description: '', parentId: task.id, status: 'done' }));
  await ok(owner.post(`/api/tasks/${task.id}/comments`, { body: TRICKY.emoji }));

  const calendar = await ok(owner.post('/api/calendars', { name: `Team, "shared" ${TRICKY.nonAscii}`, kind: 'shared', color: '#12b886' }));
  const weekly = await ok(
    owner.post('/api/events', {
      calendarId: calendar.id,
      title: TRICKY.commas,
      description: TRICKY.newlines,
      location: TRICKY.at,
      start: '2026-03-02T10:00:00',
      end: '2026-03-02T11:00:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
      attendees: [{ userId: member.user.id }, { email: 'guest@example.test', name: TRICKY.quotes, status: 'accepted' }],
      reminders: [{ minutesBefore: 15 }],
    }),
  );
  await ok(
    owner.put(`/api/events/${weekly.id}/occurrences/2026-03-09T10:00:00`, { title: TRICKY.formula, start: '2026-03-09T12:00:00', end: '2026-03-09T13:00:00' }),
    200,
  );
  await ok(owner.post('/api/events', { title: TRICKY.emoji, allDay: true, startDate: '2026-04-01', endDate: '2026-04-03' }));

  const folder = await ok(owner.post('/api/drive/folders', { name: 'Reports, 2024' }));
  const sub = await ok(owner.post('/api/drive/folders', { name: 'Q1 "final" 🚀', parentId: folder.id }));
  await ok(owner.post('/api/drive/folders', { name: 'Empty folder' }));
  const doc = await ok(upload(owner, `/api/drive/files?folderId=${sub.id}`, 'résumé, v2.txt', `${TRICKY.nonAscii}\n${TRICKY.emoji}\n`));
  await ok(upload(owner, '/api/drive/files', 'root.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0, 10, 13])));
  const trashed = await ok(upload(owner, `/api/drive/files?folderId=${folder.id}`, 'old.txt', 'in the trash'));
  await ok(owner.post(`/api/drive/files/${trashed.id}/trash`), 200);

  if (opts.billing) {
    await ok(owner.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 }));
    await ok(owner.post('/api/telephony/calls', { phone: '+49 30 7654321', direction: 'inbound', durationSeconds: 125, contactId: contact.id }));
  }
  return { member, company, contact, bare, lead, pipeline, deal, project, task, calendar, weekly, folder, sub, doc, trashed };
}

/** Every entry of a ZIP (in memory: the archives of tests are small). */
export async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        out.set(entry.fileName, Buffer.alloc(0));
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** A CSV of the archive read by csv-parse alone: header + rows as objects of strings. */
export function readCsvFile(entries: Map<string, Buffer>, name: string): Record<string, string>[] {
  const buf = entries.get(name);
  if (!buf) throw new Error(`no ${name} in the archive`);
  return parse(buf.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
}

/** Runs the export to the end through the API and returns its ZIP. */
export async function exportEverything(server: TestServer, admin: TestClient): Promise<{ id: string; zip: Buffer; status: any }> {
  const started = await admin.post('/api/exports');
  expect(started.status, started.text).toBe(201);
  expect(started.body.status).toBe('queued');
  await server.runJobs();
  const status = await admin.get(`/api/exports/${started.body.id}`);
  expect(status.body, status.text).toMatchObject({ status: 'done', progress: 1 });
  const res = await fetch(`${server.url}/api/exports/${started.body.id}/download`, {
    headers: admin.cookie ? { cookie: admin.cookie } : { authorization: `Bearer ${admin.token}` },
  });
  expect(res.status).toBe(200);
  return { id: started.body.id, zip: Buffer.from(await res.arrayBuffer()), status: status.body };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A CSV's rows with ids masked and sorted: what "the same data, ids aside" compares. */
export function canonicalRows(entries: Map<string, Buffer>, name: string, drop: string[] = []): string[] {
  return readCsvFile(entries, name)
    .map((row) => JSON.stringify(Object.entries(row).filter(([k]) => !drop.includes(k))).replace(UUID, '<id>'))
    .sort();
}
