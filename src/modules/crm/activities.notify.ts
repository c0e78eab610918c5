import type { Executor } from '../../db/scope.js';
import { actorUserId, type PortalContext } from '../../kernel/context.js';
import { findMentions } from '../../kernel/mentions.js';
import { notify, type NotificationSubject } from '../../kernel/notify.js';
import { listUsers } from '../accounts/index.js';
import type { ActivityRow } from '../../db/tables/crm.js';

/** What people read about CRM activities (plain English, one place: issue 15 translates it). */
export const ACTIVITY_NOTICES = {
  mentioned: (p: { author: string; kind: string; subject: string | null; excerpt: string }) => ({
    title: `${p.author} mentioned you in a ${p.kind}${p.subject ? `: "${p.subject}"` : ''}`,
    body: p.excerpt,
  }),
};

const EXCERPT = 280;
const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
};

const PAGES = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals' } as const;

/** Where the activity is seen, and what the recipient must be allowed to see. Events are left out: their calendar decides, and it is not ours to read. */
function placeOf(a: ActivityRow): { url: string; subject: NotificationSubject } | null {
  if (a.record_type === 'task') return { url: `/app/tasks/${a.record_id}`, subject: { entity: 'task', id: a.record_id } };
  if (a.record_type === 'event') return null;
  return { url: `/app/crm/${PAGES[a.record_type]}/${a.record_id}`, subject: { entity: a.record_type, id: a.record_id } };
}

/** `@name` in an activity (new, or newly written into an edited one) tells the mentioned users, in the change's transaction. */
export async function notifyActivityMentions(ctx: PortalContext, trx: Executor, after: ActivityRow, before?: ActivityRow): Promise<void> {
  const place = placeOf(after);
  const text = [after.subject, after.body].filter(Boolean).join('\n');
  if (!place || !text.includes('@')) return;
  const users = (await listUsers(trx, ctx.portalId)).filter((u) => u.status === 'active');
  const author = actorUserId(ctx);
  const already = new Set(before ? findMentions([before.subject, before.body].filter(Boolean).join('\n'), users) : []);
  const mentioned = findMentions(text, users).filter((id) => id !== author && !already.has(id));
  if (mentioned.length === 0) return;
  const notice = ACTIVITY_NOTICES.mentioned({
    author: users.find((u) => u.id === author)?.name ?? 'Someone',
    kind: after.kind,
    subject: after.subject,
    excerpt: excerpt(after.body),
  });
  await notify(
    ctx,
    trx,
    mentioned.map((userId) => ({ userId, kind: 'mention' as const, ...notice, ...place, dedupeKey: `mention:activity:${after.id}` })),
  );
}
