import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestServer } from './harness.js';
import type { TestClient } from './client.js';

let seq = 0;
export const uniqueSlug = (prefix = 'co') => `${prefix}-${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

export const PASSWORD = 'correct horse battery';

export interface SignedUpPortal {
  client: TestClient;
  portal: { id: string; slug: string; name: string };
  user: { id: string; name: string; email: string; role: string };
}

export async function signupPortal(server: TestServer, opts: { slug?: string; name?: string; email?: string } = {}): Promise<SignedUpPortal> {
  const client = server.client();
  const slug = opts.slug ?? uniqueSlug();
  const res = await client.post('/api/auth/signup', {
    portalSlug: slug,
    portalName: opts.name ?? `Company ${slug}`,
    name: 'Olivia Owner',
    email: opts.email ?? `owner@${slug}.test`,
    password: PASSWORD,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, portal: res.body.portal, user: res.body.user };
}

/** The link of the newest mail to `to` whose text contains `marker`. */
export async function linkFromOutbox(server: TestServer, to: string, marker: string): Promise<string> {
  const rows = await server.deps.db
    .selectFrom('mail_outbox')
    .select(['text_body', 'created_at'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .execute();
  for (const r of rows) {
    const m = r.text_body.match(new RegExp(`https?://\\S*${marker}/(\\S+)`));
    if (m) return m[0];
  }
  throw new Error(`no ${marker} link mailed to ${to}`);
}

export const tokenOf = (link: string) => link.split('/').at(-1)!;

export async function addUser(
  server: TestServer,
  admin: TestClient,
  opts: { role?: 'admin' | 'member'; email?: string; name?: string } = {},
): Promise<{ client: TestClient; user: { id: string; email: string; role: string; name: string } }> {
  const email = opts.email ?? `u${(seq++).toString(36)}${randomBytes(3).toString('hex')}@example.test`;
  const inv = await admin.post('/api/users/invites', { email, role: opts.role ?? 'member' });
  expect(inv.status, JSON.stringify(inv.body)).toBe(201);
  const token = tokenOf(await linkFromOutbox(server, email, 'invite'));
  const client = server.client();
  const res = await client.post('/api/invites/accept', { token, name: opts.name ?? `User ${email.split('@')[0]}`, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, user: res.body.user };
}

export interface Team {
  portal: SignedUpPortal['portal'];
  owner: TestClient;
  admin: TestClient;
  member: TestClient;
  ownerUser: SignedUpPortal['user'];
  adminUser: { id: string; email: string };
  memberUser: { id: string; email: string };
}

export async function portalWithTeam(server: TestServer): Promise<Team> {
  const p = await signupPortal(server);
  const a = await addUser(server, p.client, { role: 'admin', name: 'Adam Admin' });
  const m = await addUser(server, p.client, { role: 'member', name: 'Mia Member' });
  return { portal: p.portal, owner: p.client, admin: a.client, member: m.client, ownerUser: p.user, adminUser: a.user, memberUser: m.user };
}
