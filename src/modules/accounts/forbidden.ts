import type { AppDeps } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { Policy } from '../../kernel/http.js';
import { listAdmins } from './accounts.repo.js';

/** A 403 that tells the member whom to ask (ACC-4). */
export async function forbidden(deps: AppDeps, portalId: string, policy: Policy): Promise<AppError> {
  const admins = (await listAdmins(deps.db, portalId)).filter((a) => policy !== 'owner' || a.role === 'owner');
  const who = admins.map((a) => `${a.name} (${a.email})`).join(', ');
  const role = policy === 'owner' ? 'the portal owner' : 'an admin';
  return new AppError('FORBIDDEN', `Only ${role} can do this.${who ? ` Ask ${who}.` : ''}`, {
    admins: admins.map((a) => ({ name: a.name, email: a.email, role: a.role })),
  });
}
