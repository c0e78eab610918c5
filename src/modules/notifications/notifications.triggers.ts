import { scopeOf, type PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';
import type { RecordEvent } from '../../kernel/events.js';
import { notify } from '../../kernel/notify.js';
import { findUser } from '../accounts/index.js';
import { recordPath, texts, type AssignableEntity } from './notifications.catalog.js';

/**
 * Notifications that record events cause (wired in src/server/compose.ts): a task given
 * to someone (`task.assigned`), a contact, company, lead or deal given an owner
 * (`record.assigned`), on create or when the assignee/owner changes. The record's name
 * and assignee are read in the event's transaction, from the tables of the module that
 * emitted it (read only).
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
  const s = scopeOf(ctx, executor);
  switch (entity) {
    case 'task': {
      const r = await s.selectFrom('tasks').select(['title', 'assignee_id']).where('id', '=', id).executeTakeFirst();
      return r ? { name: r.title, assignee: r.assignee_id } : null;
    }
    case 'contact': {
      const r = await s.selectFrom('contacts').select(['first_name', 'last_name', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r ? { name: `${r.first_name} ${r.last_name}`.trim(), assignee: r.owner_id } : null;
    }
    case 'company': {
      const r = await s.selectFrom('companies').select(['name', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r ? { name: r.name, assignee: r.owner_id } : null;
    }
    case 'lead': {
      const r = await s.selectFrom('leads').select(['title', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r ? { name: r.title, assignee: r.owner_id } : null;
    }
    case 'deal': {
      const r = await s.selectFrom('deals').select(['title', 'owner_id']).where('id', '=', id).executeTakeFirst();
      return r ? { name: r.title, assignee: r.owner_id } : null;
    }
  }
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
