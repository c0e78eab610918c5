import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../server/context.js';
import { contextFor, issuePasswordResetLink, signup } from './auth.service.js';

export interface CreatePortalInput {
  slug: string;
  name: string;
  ownerEmail: string;
  ownerName?: string;
  /** Without one the owner gets a 7-day link to set their password. */
  ownerPassword?: string;
}

/** What `skit portal create` does: the same rules as sign-up, run by an operator. */
export async function createPortal(deps: AppDeps, input: CreatePortalInput) {
  const meta = { ip: null, userAgent: 'skit cli' };
  const password = input.ownerPassword ?? randomBytes(24).toString('base64url');
  const res = await signup(
    deps,
    { portalSlug: input.slug, portalName: input.name, name: input.ownerName ?? input.ownerEmail.split('@')[0]!, email: input.ownerEmail, password },
    meta,
  );
  // The session sign-up started is of no use to an operator.
  await deps.db.deleteFrom('sessions').where('portal_id', '=', res.portal.id).execute();
  let setPasswordLink: string | null = null;
  if (!input.ownerPassword) {
    const ctx = contextFor(deps, res.portal.id, null, meta);
    setPasswordLink = await issuePasswordResetLink(ctx, deps.db, res.user.id, 7 * 86_400_000);
  }
  return { portal: res.portal, owner: res.user, setPasswordLink };
}

export async function listPortals(deps: AppDeps) {
  const portals = await deps.db.selectFrom('portals').selectAll().orderBy('created_at').execute();
  const counts = await deps.db
    .selectFrom('users')
    .select(['portal_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .groupBy('portal_id')
    .execute();
  const users = new Map(counts.map((c) => [c.portal_id, Number(c.n)]));
  return portals.map((p) => ({ id: p.id, slug: p.slug, name: p.name, status: p.status, createdAt: p.created_at, activeUsers: users.get(p.id) ?? 0 }));
}
