import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestServer } from './harness.js';
import type { TestResponse } from './client.js';
import { addUser, linkFromOutbox, signupPortal, tokenOf, uniqueSlug } from './factories.js';
import { uploadRaw } from '../modules/drive/drive.testkit.js';
import { upload } from '../modules/portability/portability.testkit.js';
import { operatorClient } from '../modules/operators/operators.testkit.js';

/**
 * The world the fuzz test (src/server/fuzz.test.ts) sends its requests into: a
 * portal on the Business plan with one record of each kind, so that path
 * parameters can name real records and requests get past 404 into validation
 * and the handlers; the owner's session cookie and API token; an operator.
 */
export interface FuzzWorld {
  portal: { id: string; slug: string };
  /** `skit_session=…` of the owner. */
  cookie: string;
  /** The owner's personal API token. */
  token: string;
  /** `skit_operator=…` of an operator. */
  operatorCookie: string;
  /** A real value for a path parameter, keyed by the path up to and including it: `/api/crm/contacts/{id}`. */
  params: Record<string, string>;
  /** Every real id, for body and query fields that name a record. */
  ids: string[];
  /** Real ids by the field that names them: `calendarId`, `stageId`, `assigneeId`… */
  byField: Record<string, string[]>;
}

const ok = async (res: Promise<TestResponse>, status = 201) => {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
};

/** A portal on the Business plan (every feature), its owner's cookie and token, and a spare token. */
async function businessPortal(server: TestServer) {
  const p = await signupPortal(server);
  const owner = p.client;
  await ok(owner.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }), 200);
  await ok(owner.post('/api/billing/subscription', { planId: 'business', interval: 'monthly' }), 200);
  const token = (await ok(owner.post('/api/tokens', { name: 'fuzz' }))).token as string;
  // A second token: the one DELETE /api/tokens/{id} may revoke.
  const spareToken = (await ok(owner.post('/api/tokens', { name: 'fuzz spare' }))).id as string;
  return { p, owner, token, spareToken };
}

/**
 * A fresh portal for one operation that ends sessions or changes the portal for
 * good (sign-out, pause, deletion…); with a member, or an operator and a portal
 * for it to act on, when the operation needs them (password hashing is slow).
 */
export async function freshWorld(server: TestServer, needs: { member?: boolean; operator?: boolean }): Promise<FuzzWorld> {
  const { p, owner, token, spareToken } = await businessPortal(server);
  const member = needs.member ? (await addUser(server, owner, { role: 'member', name: 'Mia Member' })).user.id : undefined;
  const operator = needs.operator ? await operatorClient(server) : undefined;
  const victim = needs.operator ? (await signupPortal(server)).portal.id : undefined;
  return {
    portal: p.portal,
    cookie: owner.cookie!,
    token,
    operatorCookie: operator?.operatorCookie ?? 'skit_operator=none',
    params: {
      '/api/tokens/{id}': spareToken,
      ...(member ? { '/api/users/{id}': member } : {}),
      ...(victim ? { '/api/operator/portals/{id}': victim } : {}),
    },
    ids: [p.user.id, spareToken, ...(member ? [member] : [])],
    byField: { userId: member ? [member] : [p.user.id] },
  };
}

export async function fuzzWorld(server: TestServer): Promise<FuzzWorld> {
  const { p, owner, token, spareToken } = await businessPortal(server);
  const member = await addUser(server, owner, { role: 'member', name: 'Mia Member' });
  await ok(owner.post('/api/billing/addons', { kind: 'telephony_credits', quantity: 2 }));
  const [invoice] = (await owner.get('/api/billing/invoices')).body.items;

  const inviteEmail = `invitee-${uniqueSlug('x')}@example.test`;
  const invite = await ok(owner.post('/api/users/invites', { email: inviteEmail, role: 'member' }));
  const inviteToken = tokenOf(await linkFromOutbox(server, inviteEmail, 'invite'));

  const company = await ok(owner.post('/api/crm/companies', { name: 'Fuzz Widgets AG' }));
  const contact = await ok(owner.post('/api/crm/contacts', { firstName: 'Fenna', lastName: 'Fuzz', companyId: company.id }));
  const lead = await ok(owner.post('/api/crm/leads', { title: 'Fuzz enquiry', name: 'Lars Lead' }));
  const pipeline = await ok(owner.post('/api/crm/pipelines', { name: 'Fuzz pipeline', stages: [{ name: 'First' }, { name: 'Second' }] }));
  const deal = await ok(owner.post('/api/crm/deals', { title: 'Fuzz deal', amount: 1000, currency: 'EUR', companyId: company.id, contactId: contact.id }));
  const activity = await ok(owner.post('/api/crm/activities', { recordType: 'contact', recordId: contact.id, body: 'A note' }));

  const project = await ok(owner.post('/api/projects', { name: 'Fuzz project' }));
  const task = await ok(owner.post('/api/tasks', { title: 'Fuzz task', projectId: project.id, links: [{ type: 'contact', id: contact.id }] }));
  const comment = await ok(owner.post(`/api/tasks/${task.id}/comments`, { body: 'A comment' }));

  const calendar = await ok(owner.post('/api/calendars', { name: 'Fuzz calendar', kind: 'shared' }));
  const event = await ok(
    owner.post('/api/events', {
      calendarId: calendar.id,
      title: 'Weekly',
      start: '2026-03-02T09:00',
      end: '2026-03-02T09:15',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
    }),
  );
  const feedUrl = (await ok(owner.get(`/api/calendars/${calendar.id}/feed-url`), 200)).url as string;

  const folder = await ok(owner.post('/api/drive/folders', { name: 'Fuzz folder' }));
  const file = await ok(uploadRaw(owner, 'fuzz.txt', 'fuzz bytes', { folderId: folder.id }));

  await ok(
    owner.put('/api/me/availability', { timeZone: 'Europe/Berlin', weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '07:00', end: '19:00' })) }),
    200,
  );
  const pageSlug = 'fuzz-page';
  const page = await ok(owner.post('/api/booking-pages', { slug: pageSlug, title: 'Fuzz page', durationMinutes: 30 }));
  const guest = server.client();
  const slots = await ok(guest.get(`/api/public/${p.portal.slug}/booking/${pageSlug}/slots`), 200);
  const booked = await ok(
    guest.post(`/api/public/${p.portal.slug}/booking/${pageSlug}/book`, { start: slots.slots[0].start, name: 'A Guest', email: 'guest@example.test' }),
  );
  const bookingToken = String(booked.manageUrl).split('/').at(-1)!;
  const booking = (await ok(owner.get('/api/bookings'), 200)).items[0];
  // An auto-scheduled block of the owner (written directly: auto-scheduling needs a paid plan).
  const blockId = randomUUID();
  const blockAt = new Date(server.clock.now().getTime() + 86_400_000).toISOString();
  await server.deps.db
    .insertInto('scheduling_blocks')
    .values({
      id: blockId,
      portal_id: p.portal.id,
      user_id: p.user.id,
      task_id: task.id,
      event_id: event.id,
      start_utc: blockAt,
      end_utc: blockAt,
      pinned: 0,
      task_estimate_minutes: 30,
      task_due_at: null,
      created_at: blockAt,
    })
    .execute();

  const rule = await ok(
    owner.post('/api/automations', {
      name: 'Fuzz rule',
      trigger: { type: 'record.created', entity: 'deal' },
      actions: [{ type: 'add_note', body: 'Note for {{deal.title}}' }],
    }),
  );
  const call = await ok(owner.post('/api/telephony/calls', { phone: '+1 555 0100', direction: 'inbound', durationSeconds: 60, contactId: contact.id }));

  const exp = await ok(owner.post('/api/exports'));
  const imp = await ok(upload(owner, '/api/imports/csv', 'companies.csv', 'Name\nImported Company\n', { entity: 'companies' }));
  await server.runJobs();

  const operator = await operatorClient(server);
  const victim = await signupPortal(server);
  const operatorExport = await ok(operator.post(`/api/operator/portals/${victim.portal.id}/exports`, { reason: 'The fuzz test needs one' }));
  // A paid portal erased by an operator: its invoices in the archive (ADR 0025).
  const erased = await businessPortal(server);
  const [archived] = (await erased.owner.get('/api/billing/invoices')).body.items;
  await ok(operator.post(`/api/operator/portals/${erased.p.portal.id}/delete`, { confirmSlug: erased.p.portal.slug }), 202);
  await server.runJobs();

  // A calendar subscription (never reached: the fuzzer's syncs fail as an unreachable server does) and an app password.
  const connection = await ok(owner.post('/api/calendar-connections', { kind: 'ics', url: 'https://calendar.example.com/feeds/team.ics', name: 'Fuzz feed' }));
  const appPassword = await ok(owner.post('/api/me/app-passwords', { name: 'Fuzz phone' }));

  const params: Record<string, string> = {
    '/api/automations/{id}': rule.id,
    '/api/billing/invoices/{id}': invoice.id,
    '/api/booking-pages/{id}': page.id,
    '/api/bookings/{id}': booking.id,
    '/api/calendar-connections/{id}': connection.id,
    '/api/calendars/{id}': calendar.id,
    '/api/crm/activities/{id}': activity.id,
    '/api/crm/companies/{id}': company.id,
    '/api/crm/contacts/{id}': contact.id,
    '/api/crm/deals/{id}': deal.id,
    '/api/crm/leads/{id}': lead.id,
    '/api/crm/pipelines/{id}': pipeline.id,
    '/api/drive/files/{id}': file.id,
    '/api/drive/folders/{id}': folder.id,
    '/api/events/{id}': event.id,
    '/api/events/{id}/occurrences/{recurrenceId}': '2026-03-16T09:00:00',
    '/api/exports/{id}': exp.id,
    '/api/imports/{id}': imp.id,
    '/api/invites/{token}': inviteToken,
    '/api/me/app-passwords/{id}': appPassword.id,
    '/api/operator/invoice-archive/{id}': archived.id,
    '/api/operator/portals/{id}': victim.portal.id,
    '/api/operator/portals/{id}/exports/{exportId}': operatorExport.id,
    '/api/projects/{id}': project.id,
    '/api/public/bookings/{token}': bookingToken,
    '/api/public/calendars/feed/{token}': new URL(feedUrl).pathname.split('/').at(-1)!,
    '/api/public/{portalSlug}': p.portal.slug,
    '/api/public/{portalSlug}/booking/{slug}': pageSlug,
    '/api/scheduling/blocks/{id}': blockId,
    '/api/tasks/{id}': task.id,
    '/api/tasks/{id}/comments/{commentId}': comment.id,
    '/api/tokens/{id}': spareToken,
    '/api/users/invites/{id}': invite.id,
    '/api/users/{id}': member.user.id,
  };
  const ids = [
    p.user.id,
    member.user.id,
    call.id,
    ...pipeline.stages.map((s: { id: string }) => s.id),
    ...Object.values(params).filter((v) => /^[0-9a-f-]{36}$/.test(v)),
  ];
  const users = [p.user.id, member.user.id];
  const byField: Record<string, string[]> = {
    calendarId: [calendar.id],
    companyId: [company.id],
    contactId: [contact.id],
    pipelineId: [pipeline.id],
    stageId: pipeline.stages.map((s: { id: string }) => s.id),
    moveDealsToStageId: pipeline.stages.map((s: { id: string }) => s.id),
    projectId: [project.id],
    moveTasksTo: [project.id],
    folderId: [folder.id],
    parentId: [folder.id, task.id],
    recordId: [contact.id, company.id, deal.id, lead.id],
    pageId: [page.id],
    portalId: [victim.portal.id],
    ...Object.fromEntries(['userId', 'ownerId', 'assigneeId', 'hostId', 'attendeeId', 'optionalAttendeeId', 'keepUserId'].map((f) => [f, users])),
  };
  return { portal: p.portal, cookie: owner.cookie!, token, operatorCookie: operator.operatorCookie!, params, ids, byField };
}
