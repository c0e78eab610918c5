import type { z } from 'zod';
import type { PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { getUser } from '../accounts/index.js';
import { createActivity, getCompany, getContact, getDeal, getLead, getPipeline, updateCompany, updateContact, updateDeal, updateLead } from '../crm/index.js';
import * as crm from '../crm/index.js';
import { addComment, getTask, updateTask, updateTaskBody } from '../tasks/index.js';
import type { Entity, RecordEntity } from './fields.js';

/**
 * The triggering record, read and changed through the services of the modules
 * that own it (never their tables). `record` is what the API returns (and what a
 * webhook sends); `view` adds the conveniences conditions and templates use.
 */
export interface RecordView {
  entity: Entity;
  id: string;
  label: string;
  record: Record<string, unknown>;
  view: Record<string, unknown>;
  currency: string | null;
}

/** An action's own failure: shown in the run log as the action's detail. */
export class ActionError extends Error {}

const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
};

async function person(ctx: PortalContext, id: string | null) {
  const user = id ? await orNull(getUser(ctx, id)) : null;
  return { name: user?.name ?? null, email: user?.email ?? null };
}

async function ownerFields(ctx: PortalContext, ownerId: string | null) {
  const p = await person(ctx, ownerId);
  return { ownerName: p.name, ownerEmail: p.email };
}

/** The record an event is about, or null when it no longer exists. Bookings come in the event's data. */
export async function loadRecord(ctx: PortalContext, entity: Entity, id: string, data: Record<string, unknown> | null): Promise<RecordView | null> {
  const make = (label: string, record: Record<string, unknown>, extra: Record<string, unknown> = {}, currency: string | null = null): RecordView => ({
    entity,
    id,
    label,
    record,
    view: { ...record, ...extra },
    currency,
  });
  switch (entity) {
    case 'company': {
      const c = await orNull(getCompany(ctx, id));
      return c && make(c.name, c, await ownerFields(ctx, c.ownerId));
    }
    case 'contact': {
      const c = await orNull(getContact(ctx, id));
      if (!c) return null;
      const extra = {
        email: c.emails[0]?.value ?? null,
        emails: c.emails.map((e) => e.value),
        phone: c.phones[0]?.value ?? null,
        phones: c.phones.map((p) => p.value),
        ...(await ownerFields(ctx, c.ownerId)),
      };
      return make(c.name, c, extra);
    }
    case 'lead': {
      const l = await orNull(getLead(ctx, id));
      return l && make(l.title, l, await ownerFields(ctx, l.ownerId), l.currency);
    }
    case 'deal': {
      const d = await orNull(getDeal(ctx, id));
      if (!d) return null;
      const pipeline = await orNull(getPipeline(ctx, d.pipelineId));
      const stage = pipeline?.stages.find((st) => st.id === d.stageId);
      return make(d.title, d, { pipeline: pipeline?.name ?? null, stage: stage?.name ?? null, ...(await ownerFields(ctx, d.ownerId)) }, d.currency);
    }
    case 'task': {
      const t = await orNull(getTask(ctx, id));
      if (!t) return null;
      const a = await person(ctx, t.assigneeId);
      return make(t.title, t, { assigneeName: a.name, assigneeEmail: a.email });
    }
    case 'booking': {
      const record: Record<string, unknown> = { id, ...(data ?? {}) };
      const label = [record.name, record.email, record.title].find((v) => typeof v === 'string') as string | undefined;
      return make(label ?? 'booking', record);
    }
  }
}

function parseOrFail<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ActionError(`${issue.path.join('.') || 'value'} ${issue.message}`);
}

/** Sets one field of a record through its module's update (and that module's validation). */
export async function updateRecordField(ctx: PortalContext, entity: RecordEntity, id: string, field: string, value: unknown): Promise<void> {
  const input = { [field]: value };
  try {
    switch (entity) {
      case 'company':
        await updateCompany(ctx, id, parseOrFail(crm.companyUpdate, input));
        return;
      case 'contact':
        await updateContact(ctx, id, parseOrFail(crm.contactUpdate, input));
        return;
      case 'lead':
        await updateLead(ctx, id, parseOrFail(crm.leadUpdate, input));
        return;
      case 'deal':
        await updateDeal(ctx, id, parseOrFail(crm.dealUpdate, input));
        return;
      case 'task':
        await updateTask(ctx, id, parseOrFail(updateTaskBody, input));
        return;
    }
  } catch (err) {
    if (err instanceof AppError) throw new ActionError(err.message);
    throw err;
  }
}

/** A note on the record's timeline: a CRM activity, or a comment on a task. */
export async function addNote(ctx: PortalContext, entity: RecordEntity, id: string, body: string): Promise<void> {
  try {
    if (entity === 'task') await addComment(ctx, id, body);
    else await createActivity(ctx, { kind: 'note', body, recordType: entity, recordId: id, subject: null });
  } catch (err) {
    if (err instanceof AppError) throw new ActionError(err.message);
    throw err;
  }
}
