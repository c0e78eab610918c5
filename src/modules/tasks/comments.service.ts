import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { forbidden, getUsers } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { notifyComment } from './comments.notify.js';
import { findComment, listComments, taskExists } from './tasks.repo.js';
import type { CommentOut } from './tasks.schema.js';
import type { TaskCommentRow } from '../../db/tables/tasks.js';
import { newId } from '../../kernel/ids.js';

async function authorNames(ctx: PortalContext): Promise<Map<string, string>> {
  return new Map((await getUsers(ctx)).map((u) => [u.id, u.name]));
}

const toCommentOut = (c: TaskCommentRow, names: Map<string, string>): CommentOut => ({
  id: c.id,
  taskId: c.task_id,
  body: c.body,
  author: c.author_id ? { id: c.author_id, name: names.get(c.author_id) ?? '' } : null,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

async function mustHaveTask(ctx: PortalContext, taskId: string): Promise<void> {
  if (!(await taskExists(ctx, taskId))) throw notFound('Task');
}

/** A task's comments, oldest first. */
export async function getComments(ctx: PortalContext, taskId: string): Promise<CommentOut[]> {
  await mustHaveTask(ctx, taskId);
  const [rows, names] = await Promise.all([listComments(ctx, taskId), authorNames(ctx)]);
  return rows.map((c) => toCommentOut(c, names));
}

export async function addComment(ctx: PortalContext, taskId: string, body: string): Promise<CommentOut> {
  await mustHaveTask(ctx, taskId);
  const at = nowIso(ctx);
  const row: Omit<TaskCommentRow, 'portal_id'> = { id: newId(), task_id: taskId, author_id: actorUserId(ctx), body, created_at: at, updated_at: at };
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).insertInto('task_comments', row).execute();
    await notifyComment(ctx, trx, { taskId, commentId: row.id, body });
  });
  return toCommentOut({ ...row, portal_id: ctx.portalId }, await authorNames(ctx));
}

/** Only the author, or an owner or admin, may change or remove a comment. */
async function mustMayChange(ctx: PortalContext, taskId: string, commentId: string): Promise<TaskCommentRow> {
  await mustHaveTask(ctx, taskId);
  const comment = await findComment(ctx, taskId, commentId);
  if (!comment) throw notFound('Comment');
  const actor = ctx.actor;
  const isAuthor = actor.type === 'user' && actor.userId === comment.author_id;
  const isAdmin = actor.type === 'system' || (actor.type === 'user' && (actor.role === 'admin' || actor.role === 'owner'));
  if (!isAuthor && !isAdmin) {
    const refusal = await forbidden(ctx.deps, ctx.portalId, 'admin');
    const who = (refusal.details?.admins as { name: string; email: string }[]).map((a) => `${a.name} (${a.email})`).join(', ');
    throw new AppError('FORBIDDEN', `Only the comment's author or an admin can change it.${who ? ` Ask ${who}.` : ''}`, refusal.details);
  }
  return comment;
}

export async function editComment(ctx: PortalContext, taskId: string, commentId: string, body: string): Promise<CommentOut> {
  const comment = await mustMayChange(ctx, taskId, commentId);
  const at = nowIso(ctx);
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).updateTable('task_comments', { body, updated_at: at }).where('id', '=', commentId).execute();
    await notifyComment(ctx, trx, { taskId, commentId, body, previousBody: comment.body });
  });
  return toCommentOut({ ...comment, body, updated_at: at }, await authorNames(ctx));
}

export async function deleteComment(ctx: PortalContext, taskId: string, commentId: string): Promise<void> {
  const comment = await mustMayChange(ctx, taskId, commentId);
  await ctx.deps.db.transaction().execute(async (trx) => {
    await scopeOf(ctx, trx).deleteFrom('task_comments').where('id', '=', commentId).execute();
    await recordAudit(
      ctx,
      { action: 'tasks.comment_deleted', targetType: 'task_comment', targetId: commentId, details: { taskId, authorId: comment.author_id } },
      trx,
    );
  });
}
