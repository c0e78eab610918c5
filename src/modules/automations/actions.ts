import { z } from 'zod';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { queueMail } from '../mail/index.js';
import { createTask, createTaskBody } from '../tasks/index.js';
import type { Action } from './automations.schema.js';
import type { AutomationEventRow } from '../../db/tables/automations.js';
import { showValue } from './conditions.js';
import { queueDelivery } from './deliveries.js';
import { FIELDS, isRecordEntity, resolveField, type Entity } from './fields.js';
import { ActionError, addNote, loadRecord, updateRecordField, type RecordView } from './records.js';
import type { Rule } from './rules.service.js';
import { renderTemplate, textOf } from './templates.js';
import { triggerEntity } from './triggers.js';

/** What each action does, through the services of the modules it touches. */

export interface ActionInput {
  ctx: PortalContext;
  rule: Rule;
  event: AutomationEventRow;
  record: RecordView | null;
  runActionId: string;
}

export interface ActionOutcome {
  status: 'succeeded' | 'failed' | 'pending';
  detail: string;
  /** The action wrote its own row (a queued webhook): the engine must not overwrite it. */
  recorded?: boolean;
}

const DAY_MS = 86_400_000;
const email = z.email();
const CRM_LINKABLE = ['company', 'contact', 'lead', 'deal'] as const;

/** Text for `{{path}}`: a field of the triggering record, or a global. */
export function templateLookup(
  rule: Pick<Rule, 'name' | 'trigger'>,
  event: Pick<AutomationEventRow, 'type' | 'created_at' | 'changes'>,
  record: RecordView | null,
) {
  const entity = triggerEntity(rule.trigger);
  return (path: string): string | undefined => {
    if (path === 'rule.name') return rule.name;
    if (path === 'event.type') return event.type;
    if (path === 'event.date') return event.created_at.slice(0, 10);
    if (path.startsWith('changes.')) {
      const [, name, side] = path.split('.');
      const change = (event.changes ? (JSON.parse(event.changes) as Record<string, { from: unknown; to: unknown }>) : {})[name!];
      const r = resolveField(entity, `${entity}.${name}`);
      return change && r.ok ? textOf(side === 'from' ? change.from : change.to, r.field.kind, record?.currency) : undefined;
    }
    if (!record) return undefined;
    if (path === `${entity}.id`) return record.id;
    const r = resolveField(entity, path);
    return r.ok ? textOf(record.view[r.field.name], r.field.kind, record.currency) : undefined;
  };
}

function mustHaveRecord(entity: Entity | null, record: RecordView | null): { entity: Exclude<Entity, 'booking'>; record: RecordView } {
  if (!isRecordEntity(entity) || !record) throw new ActionError('this trigger has no record to act on');
  return { entity, record };
}

async function perform(input: ActionInput, action: Action): Promise<ActionOutcome> {
  const { ctx, rule, event, record } = input;
  const entity = triggerEntity(rule.trigger);
  const render = (text: string) => renderTemplate(text, templateLookup(rule, event, record));
  switch (action.type) {
    case 'create_task': {
      const title = render(action.title).trim();
      if (!title) throw new ActionError('the title came out empty');
      const assigneeId = action.assigneeId ? render(action.assigneeId).trim() || null : null;
      const dueAt = action.dueInDays === undefined ? null : new Date(ctx.deps.clock.now(ctx.portalId).getTime() + action.dueInDays * DAY_MS).toISOString();
      const linkable = record && (CRM_LINKABLE as readonly string[]).includes(entity ?? '');
      const parsed = createTaskBody.safeParse({
        title: title.slice(0, 500),
        description: action.description ? render(action.description) : null,
        assigneeId,
        dueAt,
        links: linkable ? [{ type: entity, id: record.id }] : undefined,
      });
      if (!parsed.success) throw new ActionError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
      const task = await createTask(ctx, parsed.data);
      return { status: 'succeeded', detail: `Created task "${task.title}"${dueAt ? ` due ${dueAt.slice(0, 10)}` : ''}${assigneeId ? ' (assigned)' : ''}` };
    }
    case 'update_field': {
      const target = mustHaveRecord(entity, record);
      const r = resolveField(entity, action.field);
      if (!r.ok) throw new ActionError(r.message);
      let value: unknown = typeof action.value === 'string' ? render(action.value) : action.value;
      if ((r.field.kind === 'number' || r.field.kind === 'money') && typeof value === 'string') value = value.trim() === '' ? null : Number(value);
      await updateRecordField(ctx, target.entity, target.record.id, r.field.name, value);
      // An id reads better as the name it stands for ("Negotiation", not a UUID).
      const named = FIELDS[target.entity].find((d) => d.kind === 'text' && d.from?.length === 1 && d.from[0] === r.field.name);
      const after = named && value ? await loadRecord(ctx, target.entity, target.record.id, null) : null;
      const name = named && after ? after.view[named.name] : null;
      const shown = typeof name === 'string' ? `"${name}"` : showValue(value, r.field, target.record.currency);
      return { status: 'succeeded', detail: `Set the ${target.entity}'s ${r.field.label} to ${shown}` };
    }
    case 'add_note': {
      const target = mustHaveRecord(entity, record);
      await addNote(ctx, target.entity, target.record.id, render(action.body));
      return { status: 'succeeded', detail: `Added a note to the ${target.entity} "${target.record.label}"` };
    }
    case 'send_email': {
      const to = render(action.to)
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (to.length === 0) throw new ActionError('no recipient: the "to" template came out empty');
      const bad = to.find((t) => !email.safeParse(t).success);
      if (bad) throw new ActionError(`"${bad}" is not an email address`);
      const subject = render(action.subject)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 300);
      const text = render(action.body);
      await ctx.deps.db.transaction().execute(async (trx) => {
        for (const address of to) await queueMail(ctx.deps, trx, ctx.portalId, { to: address, subject, text });
      });
      return { status: 'succeeded', detail: `Queued "${subject}" to ${to.join(', ')}` };
    }
    case 'webhook': {
      const body = {
        id: input.runActionId,
        event: {
          id: event.id,
          type: event.type,
          entity: event.entity,
          recordId: event.record_id,
          changes: event.changes ? JSON.parse(event.changes) : null,
          data: event.data ? JSON.parse(event.data) : null,
          depth: event.depth,
          occurredAt: event.created_at,
        },
        record: record?.record ?? null,
        rule: { id: rule.id, name: rule.name },
        portal: { id: ctx.portalId },
        createdAt: nowIso(ctx),
      };
      await queueDelivery(ctx, scopeOf(ctx), input.runActionId, action.url, JSON.stringify(body));
      return { status: 'pending', detail: 'Queued for delivery', recorded: true };
    }
  }
}

/** Runs one action; its own failures become a failed outcome with the reason, other errors propagate (the job retries). */
export async function runAction(input: ActionInput, action: Action): Promise<ActionOutcome> {
  try {
    return await perform(input, action);
  } catch (err) {
    if (err instanceof ActionError) return { status: 'failed', detail: err.message };
    if (err instanceof AppError && err.status < 500) return { status: 'failed', detail: err.message };
    throw err;
  }
}
