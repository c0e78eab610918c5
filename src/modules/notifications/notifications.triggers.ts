import type { PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import type { RecordEvent } from '../../kernel/events.js';
import { notify } from '../../kernel/notify.js';
import { findUser } from '../accounts/index.js';
import { crmRecordOwner } from '../crm/index.js';
import { taskAssignee } from '../tasks/index.js';
import { recordPath, texts, type AssignableEntity } from './notifications.catalog.js';

/**
 * Notifications that record events cause (wired in src/server/compose.ts): a task given
 * to someone (`task.assigned`), a contact, company, lead or deal given an owner
 * (`record.assigned`), on create or when the assignee/owner changes. The record's name
 * and assignee are read in the event's transaction, through the front door of the module
 * that emitted it.
 */

const ASSIGNEE_FIELD: Record<AssignableEntity, 'assigneeId' | 'ownerId'> = {
  task: 'assigneeId',
  contact: 'ownerId',
  company: 'ownerId',
  lead: 'ownerId',
  deal: 'ownerId',
};

const isAssignable = (e: string): e is AssignableEntity => e in ASSIGNEE_FIELD;

async function recordFacts(
  ctx: PortalContext,
  executor: Executor,
  entity: AssignableEntity,
  id: string,
): Promise<{ name: string; assignee: string | null } | null> {
  if (entity === 'task') {
    const t = await taskAssignee(ctx, id, executor);
    return t ? { name: t.title, assignee: t.assigneeId } : null;
  }
  const r = await crmRecordOwner(ctx, entity, id, executor);
  return r ? { name: r.name, assignee: r.ownerId } : null;
}

export async function notifyAssignments(ctx: PortalContext, executor: Executor, event: RecordEvent): Promise<void> {
  if (!isAssignable(event.entity)) return;
  const entity = event.entity;
  if (event.type === 'record.updated') {
    const change = event.changes?.[ASSIGNEE_FIELD[entity]];
    if (!change || !change.to) return;
  } else if (event.type !== 'record.created') return;
  const facts = await recordFacts(ctx, executor, entity, event.recordId);
  if (!facts?.assignee) return;
  const by = ctx.actor.type === 'user' ? ((await findUser(executor, ctx.portalId, ctx.actor.userId))?.name ?? null) : null;
  await notify(ctx, executor, {
    userId: facts.assignee,
    kind: entity === 'task' ? 'task.assigned' : 'record.assigned',
    ...texts.assigned(entity, facts.name, by),
    url: recordPath(entity, event.recordId),
    subject: { entity, id: event.recordId },
  });
}
