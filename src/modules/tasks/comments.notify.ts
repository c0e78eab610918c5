import type { Executor } from '../../db/scope.js';
import { actorUserId, scopeOf, type PortalContext } from '../../kernel/context.js';
import { findMentions } from '../../kernel/mentions.js';
import { notify, type NotificationDraft } from '../../kernel/notify.js';
import { listUsers } from '../accounts/index.js';

/** What people read about task comments (plain English, one place: issue 15 translates it). */
export const TASK_COMMENT_NOTICES = {
  commented: (p: { author: string; task: string; excerpt: string }) => ({ title: `${p.author} commented on "${p.task}"`, body: p.excerpt }),
  mentioned: (p: { author: string; task: string; excerpt: string }) => ({ title: `${p.author} mentioned you on "${p.task}"`, body: p.excerpt }),
};

const EXCERPT = 280;
export const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
};

export const taskUrl = (taskId: string) => `/app/tasks/${taskId}`;

/**
 * A new or edited comment, in its transaction: the mentioned users get `mention`; the
 * task's assignee, creator and earlier commenters get `task.commented` (a new comment
 * only, and not when they are mentioned too). Never the author.
 */
export async function notifyComment(
  ctx: PortalContext,
  trx: Executor,
  c: { taskId: string; commentId: string; body: string; previousBody?: string },
): Promise<void> {
  const s = scopeOf(ctx, trx);
  const task = await s.selectFrom('tasks').select(['title', 'assignee_id', 'created_by']).where('id', '=', c.taskId).executeTakeFirst();
  if (!task) return;
  const users = (await listUsers(trx, ctx.portalId)).filter((u) => u.status === 'active');
  const author = actorUserId(ctx);
  const authorName = users.find((u) => u.id === author)?.name ?? 'Someone';
  const active = new Set(users.map((u) => u.id));
  const before = new Set(c.previousBody === undefined ? [] : findMentions(c.previousBody, users));
  const mentioned = findMentions(c.body, users).filter((id) => id !== author && !before.has(id));
  const facts = { author: authorName, task: task.title, excerpt: excerpt(c.body) };
  const draft = (userId: string, kind: 'mention' | 'task.commented'): NotificationDraft => ({
    userId,
    kind,
    ...(kind === 'mention' ? TASK_COMMENT_NOTICES.mentioned(facts) : TASK_COMMENT_NOTICES.commented(facts)),
    url: taskUrl(c.taskId),
    subject: { entity: 'task', id: c.taskId },
    dedupeKey: `${kind}:task_comment:${c.commentId}`,
  });
  const drafts = mentioned.map((id) => draft(id, 'mention'));
  if (c.previousBody === undefined) {
    const earlier = await s.selectFrom('task_comments').select('author_id').distinct().where('task_id', '=', c.taskId).where('id', '!=', c.commentId).execute();
    const followers = new Set([task.assignee_id, task.created_by, ...earlier.map((r) => r.author_id)]);
    for (const id of followers) if (id && id !== author && active.has(id) && !mentioned.includes(id)) drafts.push(draft(id, 'task.commented'));
  }
  await notify(ctx, trx, drafts);
}
