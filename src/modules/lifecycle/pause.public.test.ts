import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { linkFromOutbox, signupPortal, tokenOf, type SignedUpPortal } from '../../test/factories.js';
import { setHours, startSchedulingServer, upgrade } from '../scheduling/scheduling.testkit.js';

/**
 * A paused portal is read-only (LIF-4), and on public routes the portal that
 * decides is the one the address names (a booking page's slug, a manage link,
 * an invitation), never the visitor's own portal from their session cookie.
 */

let server: TestServer;
let active: SignedUpPortal;
let paused: SignedUpPortal;
let resumeAt: string;
let bookingInPaused: string;
let inviteToPaused: string;

const bookPath = (p: SignedUpPortal) => `/api/public/${p.portal.slug}/booking/intro/book`;
let seq = 0;
const guestBody = (start: string) => ({ start, name: 'Gus Guest', email: `gus${++seq}@guest.test` });
// Tuesday 4 March 2031 from 09:00 Berlin (08:00 UTC), every half hour: free slots of both portals' pages.
const slot = (n: number) => new Date(Date.parse('2031-03-04T08:00:00Z') + n * 30 * 60_000).toISOString();

async function portalWithPage(): Promise<SignedUpPortal> {
  const p = await signupPortal(server);
  await upgrade(p.client);
  await setHours(p.client, 'Europe/Berlin');
  const page = await p.client.post('/api/booking-pages', { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
  expect(page.status, page.text).toBe(201);
  return p;
}

async function bookAt(client: TestClient, p: SignedUpPortal, start: string) {
  return client.post(bookPath(p), guestBody(start));
}

const manageToken = (res: { body: { manageUrl: string } }) => res.body.manageUrl.split('/').at(-1)!;

beforeAll(async () => {
  server = await startSchedulingServer();
  active = await portalWithPage();
  paused = await portalWithPage();
  // Before the pause: a guest books in the portal that is about to pause, and someone is invited there.
  const made = await bookAt(server.client(), paused, slot(0));
  expect(made.status, made.text).toBe(201);
  bookingInPaused = manageToken(made);
  const email = `invitee${Date.now().toString(36)}@example.test`;
  expect((await paused.client.post('/api/users/invites', { email, role: 'member' })).status).toBe(201);
  inviteToPaused = tokenOf(await linkFromOutbox(server, email, 'invite'));
  const pause = await paused.client.post('/api/billing/subscription/pause', { months: 1 });
  expect(pause.status, pause.text).toBe(200);
  resumeAt = pause.body.pause.resumeAt;
});
afterAll(async () => {
  await server?.close();
});

function expectPaused(res: { status: number; body: { error?: { code: string; details?: Record<string, unknown> } } }) {
  expect(res.status).toBe(423);
  expect(res.body.error).toMatchObject({ code: 'PORTAL_PAUSED', details: { resumeAt } });
}

describe('booking on a public page', () => {
  it('refuses a booking into a paused portal from someone signed in to an active portal (423)', async () => {
    expectPaused(await bookAt(active.client, paused, slot(2)));
  });

  it('refuses a booking into a paused portal from a guest without a cookie (423)', async () => {
    expectPaused(await bookAt(server.client(), paused, slot(3)));
  });

  it('takes a booking at an active portal from someone signed in to a paused portal (201)', async () => {
    const res = await bookAt(paused.client, active, slot(4));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'confirmed', start: slot(4), portal: { slug: active.portal.slug } });
  });

  it('still shows a paused portal’s page and free slots (reading stays open)', async () => {
    const res = await server.client().get(`/api/public/${paused.portal.slug}/booking/intro/slots?from=2031-03-04T00:00:00Z&to=2031-03-05T00:00:00Z`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.slots.length).toBeGreaterThan(0);
  });
});

describe('the guest’s manage link', () => {
  it('refuses cancelling or moving a booking of a paused portal, with or without a cookie of an active portal (423)', async () => {
    expectPaused(await server.client().post(`/api/public/bookings/${bookingInPaused}/cancel`, {}));
    expectPaused(await active.client.post(`/api/public/bookings/${bookingInPaused}/cancel`, {}));
    expectPaused(await active.client.post(`/api/public/bookings/${bookingInPaused}/reschedule`, { start: slot(6) }));
    const shown = await server.client().get(`/api/public/bookings/${bookingInPaused}`);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body.status).toBe('confirmed');
  });

  it('moves and cancels a booking of an active portal for someone signed in to a paused portal', async () => {
    const made = await bookAt(server.client(), active, slot(8));
    expect(made.status, made.text).toBe(201);
    const token = manageToken(made);
    const moved = await paused.client.post(`/api/public/bookings/${token}/reschedule`, { start: slot(10) });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.start).toBe(slot(10));
    const cancelled = await paused.client.post(`/api/public/bookings/${token}/cancel`, {});
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});

describe('accepting an invitation', () => {
  it('refuses joining a paused portal, without a cookie or with one of an active portal (423), and the invitation stays usable', async () => {
    const body = { token: inviteToPaused, name: 'Ina Invitee', password: 'correct horse battery' };
    expectPaused(await server.client().post('/api/invites/accept', body));
    expectPaused(await active.client.post('/api/invites/accept', body));
    const users = await paused.client.get('/api/users');
    expect(users.body.items.map((u: { name: string }) => u.name)).not.toContain('Ina Invitee');
    expect((await server.client().get(`/api/invites/${inviteToPaused}`)).status).toBe(200);
  });

  it('lets someone signed in to a paused portal join an active one (201)', async () => {
    const email = `joiner${Date.now().toString(36)}@example.test`;
    expect((await active.client.post('/api/users/invites', { email, role: 'member' })).status).toBe(201);
    const token = tokenOf(await linkFromOutbox(server, email, 'invite'));
    const res = await paused.client.post('/api/invites/accept', { token, name: 'Jo Joiner', password: 'correct horse battery' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.portal.slug).toBe(active.portal.slug);
  });
});
