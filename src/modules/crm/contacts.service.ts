import type { Executor } from '../../db/scope.js';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { searchKey } from '../../kernel/text.js';
import { recordAudit } from '../audit/index.js';
import { emitRecordEvent, recordChanges } from '../../kernel/events.js';
import { applyChanges, assertRefs } from './crm.common.js';
import { contactsQuery, findRow, listPage, type ContactWithCompany } from './crm.repo.js';
import type { ContactCreate, ContactListQuery, ContactOut, ContactUpdate } from './crm.schema.js';
import type { ContactRow, EmailType, PhoneType } from '../../db/tables/crm.js';
import { fullName } from './names.js';
import { recordSearchText } from './search.js';
import { publishLive } from '../../kernel/live.js';
import { newId } from '../../kernel/ids.js';

const SORTS = { name: 'name_key', createdAt: 'created_at', updatedAt: 'updated_at' };

type Emails = { value: string; type: EmailType }[];
type Phones = { value: string; type: PhoneType }[];

export const toContactOut = (r: ContactWithCompany): ContactOut => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  name: fullName(r.first_name, r.last_name),
  companyId: r.company_id,
  companyName: r.company_id ? (r.company_name ?? null) : null,
  jobTitle: r.job_title,
  emails: JSON.parse(r.emails) as Emails,
  phones: JSON.parse(r.phones) as Phones,
  ownerId: r.owner_id,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The derived columns: sort key and search text (names, emails, job title, phones and their digits). */
export function withKeys(r: ContactRow): ContactRow {
  const emails = JSON.parse(r.emails) as Emails;
  const phones = JSON.parse(r.phones) as Phones;
  return {
    ...r,
    name_key: searchKey(r.first_name, r.last_name),
    search_text: recordSearchText(
      [r.first_name, r.last_name, r.job_title, ...emails.map((e) => e.value)],
      phones.map((p) => p.value),
    ),
  };
}

export async function listContacts(ctx: PortalContext, query: ContactListQuery) {
  let q = contactsQuery(scopeOf(ctx));
  if (query.companyId) q = q.where('contacts.company_id', '=', query.companyId);
  if (query.ownerId) q = q.where('contacts.owner_id', '=', query.ownerId);
  const { page, nextCursor } = await listPage(ctx.deps.db, q, 'contacts', SORTS, query);
  return { items: page.map(toContactOut), nextCursor };
}

async function loadContact(ctx: PortalContext, executor: Executor, id: string): Promise<ContactOut> {
  const row = await contactsQuery(scopeOf(ctx, executor)).where('contacts.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Contact');
  return toContactOut(row);
}

export const getContact = (ctx: PortalContext, id: string) => loadContact(ctx, ctx.deps.db, id);

/** Inserts a contact inside the caller's transaction (also used by lead conversion). */
export async function insertContact(ctx: PortalContext, trx: Executor, input: ContactCreate): Promise<ContactRow> {
  await assertRefs(ctx, trx, { companyId: input.companyId, ownerId: input.ownerId });
  const at = nowIso(ctx);
  const row = withKeys({
    id: newId(),
    portal_id: ctx.portalId,
    first_name: input.firstName,
    last_name: input.lastName ?? '',
    name_key: '',
    company_id: input.companyId ?? null,
    job_title: input.jobTitle ?? null,
    emails: JSON.stringify(input.emails ?? []),
    phones: JSON.stringify(input.phones ?? []),
    owner_id: input.ownerId ?? null,
    notes: input.notes ?? null,
    search_text: '',
    created_at: at,
    updated_at: at,
  });
  const { portal_id: _, ...values } = row;
  await scopeOf(ctx, trx).insertInto('contacts', values).execute();
  await emitRecordEvent(ctx, trx, { type: 'record.created', entity: 'contact', recordId: row.id });
  return row;
}

export async function createContact(ctx: PortalContext, input: ContactCreate): Promise<ContactOut> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const row = await insertContact(ctx, trx, input);
    return loadContact(ctx, trx, row.id);
  });
}

export async function updateContact(ctx: PortalContext, id: string, input: ContactUpdate): Promise<ContactOut> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const before = await findRow(s, 'contacts', id);
    if (!before) throw notFound('Contact');
    await assertRefs(ctx, trx, { companyId: input.companyId, ownerId: input.ownerId });
    const after = withKeys(
      applyChanges(before, {
        first_name: input.firstName,
        last_name: input.lastName,
        company_id: input.companyId,
        job_title: input.jobTitle,
        emails: input.emails && JSON.stringify(input.emails),
        phones: input.phones && JSON.stringify(input.phones),
        owner_id: input.ownerId,
        notes: input.notes,
        updated_at: nowIso(ctx),
      }),
    );
    const { id: _id, portal_id: _p, created_at: _c, ...values } = after;
    await s.updateTable('contacts', values).where('id', '=', id).execute();
    const changes = recordChanges(toContactOut({ ...before, company_name: null }), toContactOut({ ...after, company_name: null }), [
      'updatedAt',
      'companyName',
    ]);
    await emitRecordEvent(ctx, trx, { type: 'record.updated', entity: 'contact', recordId: id, changes });
    return loadContact(ctx, trx, id);
  });
}

/** Deletes a contact; deals keep going without it. */
export async function deleteContact(ctx: PortalContext, id: string): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const row = await findRow(s, 'contacts', id);
    if (!row) throw notFound('Contact');
    await s
      .updateTable('deals', { contact_id: null, updated_at: nowIso(ctx) })
      .where('contact_id', '=', id)
      .execute();
    await s.updateTable('leads', { converted_contact_id: null }).where('converted_contact_id', '=', id).execute();
    await s.deleteFrom('activities').where('record_type', '=', 'contact').where('record_id', '=', id).execute();
    await s.deleteFrom('contacts').where('id', '=', id).execute();
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'contact', id: id, action: 'deleted' } });
    const name = fullName(row.first_name, row.last_name);
    await recordAudit(ctx, { action: 'crm.contact_deleted', targetType: 'contact', targetId: id, details: { name } }, trx);
  });
}
