import type { Executor } from '../../db/scope.js';
import { scopeOf, type PortalContext } from '../../kernel/context.js';
import { matchesSearch } from '../../kernel/text.js';
import { columns, noRows, portableTable, text, textOrNull, int, intOrNull, type PortableModule, type PortableRecord } from '../../kernel/portable.js';
import { withKeys as activityKeys } from './activities.service.js';
import { withKeys as companyKeys } from './companies.service.js';
import { withKeys as contactKeys } from './contacts.service.js';
import { withKeys as dealKeys } from './deals.service.js';
import { withKeys as leadKeys } from './leads.service.js';
import { searchKey } from '../../kernel/text.js';
import type {
  ActivityKind,
  ActivityRecordType,
  ActivityRow,
  CompanyRow,
  ContactRow,
  DealRow,
  LeadRow,
  LeadSource,
  LeadStatus,
  StageKind,
} from '../../db/tables/crm.js';

/**
 * The CRM in an export (POR-1) and its import (POR-4): one CSV per table. Contacts'
 * emails and phones are JSON arrays of { value, type } in one cell. Search keys are
 * not exported; the import computes them again.
 */

const noPortal = <T extends { portal_id: string }>(row: T): Omit<T, 'portal_id'> => {
  const { portal_id: _, ...rest } = row;
  return rest;
};
const stamps = (r: PortableRecord) => ({ created_at: text(r.created_at), updated_at: text(r.updated_at) });

const companies = portableTable({
  entity: 'companies',
  table: 'companies',
  columns: columns('id:id', 'name', 'website?', 'industry?', 'phone?', 'email?', 'address?', 'notes?', 'owner_id:user?', 'created_at', 'updated_at'),
  toRow: (r) =>
    noPortal(
      companyKeys({
        id: text(r.id),
        portal_id: '',
        name: text(r.name),
        name_key: '',
        website: textOrNull(r.website),
        industry: textOrNull(r.industry),
        phone: textOrNull(r.phone),
        email: textOrNull(r.email),
        address: textOrNull(r.address),
        notes: textOrNull(r.notes),
        owner_id: textOrNull(r.owner_id),
        search_text: '',
        ...stamps(r),
      } satisfies CompanyRow),
    ),
});

const contacts = portableTable({
  entity: 'contacts',
  table: 'contacts',
  columns: columns(
    'id:id',
    'first_name',
    'last_name',
    'company_id:ref?',
    'job_title?',
    'emails:json',
    'phones:json',
    'owner_id:user?',
    'notes?',
    'created_at',
    'updated_at',
  ),
  toRow: (r) =>
    noPortal(
      contactKeys({
        id: text(r.id),
        portal_id: '',
        first_name: text(r.first_name),
        last_name: text(r.last_name),
        name_key: '',
        company_id: textOrNull(r.company_id),
        job_title: textOrNull(r.job_title),
        emails: text(r.emails) || '[]',
        phones: text(r.phones) || '[]',
        owner_id: textOrNull(r.owner_id),
        notes: textOrNull(r.notes),
        search_text: '',
        ...stamps(r),
      } satisfies ContactRow),
    ),
});

/** Money columns are minor units (cents); the name says so, so that nobody reads 150000 as €150,000. */
const withAmountMinor = async <R extends { amount: number | null }>(_ctx: unknown, rows: R[]) => rows.map((r) => ({ ...r, amount_minor: r.amount }));

const leads = portableTable({
  entity: 'leads',
  table: 'leads',
  present: withAmountMinor,
  select: [
    'id',
    'title',
    'name',
    'company_name',
    'email',
    'phone',
    'status',
    'source',
    'amount',
    'currency',
    'owner_id',
    'notes',
    'converted_at',
    'converted_contact_id',
    'converted_company_id',
    'converted_deal_id',
    'created_at',
    'updated_at',
  ],
  columns: columns(
    'id:id',
    'title',
    'name?',
    'company_name?',
    'email?',
    'phone?',
    'status',
    'source',
    'amount_minor:int?',
    'currency?',
    'owner_id:user?',
    'notes?',
    'converted_at?',
    'converted_contact_id:ref?',
    'converted_company_id:ref?',
    'converted_deal_id:ref?',
    'created_at',
    'updated_at',
  ),
  toRow: (r) =>
    noPortal(
      leadKeys({
        id: text(r.id),
        portal_id: '',
        title: text(r.title),
        title_key: '',
        name: textOrNull(r.name),
        company_name: textOrNull(r.company_name),
        email: textOrNull(r.email),
        phone: textOrNull(r.phone),
        status: text(r.status) as LeadStatus,
        source: text(r.source) as LeadSource,
        amount: intOrNull(r.amount_minor),
        currency: textOrNull(r.currency),
        owner_id: textOrNull(r.owner_id),
        notes: textOrNull(r.notes),
        search_text: '',
        converted_at: textOrNull(r.converted_at),
        converted_contact_id: textOrNull(r.converted_contact_id),
        converted_company_id: textOrNull(r.converted_company_id),
        converted_deal_id: textOrNull(r.converted_deal_id),
        ...stamps(r),
      } satisfies LeadRow),
    ),
});

const pipelines = portableTable({
  entity: 'pipelines',
  table: 'pipelines',
  columns: columns('id:id', 'name', 'is_default:bool', 'created_at', 'updated_at'),
  toRow: (r) => ({ id: text(r.id), name: text(r.name), name_key: searchKey(text(r.name)), is_default: int(r.is_default), ...stamps(r) }),
});

const pipelineStages = portableTable({
  entity: 'pipeline_stages',
  table: 'pipeline_stages',
  columns: columns('id:id', 'pipeline_id:ref', 'name', 'kind', 'position:int', 'created_at', 'updated_at'),
  toRow: (r) => ({
    id: text(r.id),
    pipeline_id: text(r.pipeline_id),
    name: text(r.name),
    kind: text(r.kind) as StageKind,
    position: int(r.position),
    ...stamps(r),
  }),
});

const deals = portableTable({
  entity: 'deals',
  table: 'deals',
  present: withAmountMinor,
  select: [
    'id',
    'title',
    'amount',
    'currency',
    'pipeline_id',
    'stage_id',
    'position',
    'contact_id',
    'company_id',
    'owner_id',
    'expected_close_date',
    'created_at',
    'updated_at',
  ],
  columns: columns(
    'id:id',
    'title',
    'amount_minor:int',
    'currency',
    'pipeline_id:ref',
    'stage_id:ref',
    'position:int',
    'contact_id:ref?',
    'company_id:ref?',
    'owner_id:user?',
    'expected_close_date?',
    'created_at',
    'updated_at',
  ),
  toRow: (r) =>
    noPortal(
      dealKeys({
        id: text(r.id),
        portal_id: '',
        title: text(r.title),
        title_key: '',
        amount: int(r.amount_minor),
        currency: text(r.currency),
        pipeline_id: text(r.pipeline_id),
        stage_id: text(r.stage_id),
        position: int(r.position),
        contact_id: textOrNull(r.contact_id),
        company_id: textOrNull(r.company_id),
        owner_id: textOrNull(r.owner_id),
        expected_close_date: textOrNull(r.expected_close_date),
        search_text: '',
        ...stamps(r),
      } satisfies DealRow),
    ),
});

const dealStageChanges = portableTable({
  entity: 'deal_stage_changes',
  table: 'deal_stage_changes',
  orderBy: 'changed_at',
  columns: columns('id:id', 'deal_id:ref', 'from_stage_id:ref', 'to_stage_id:ref', 'changed_by:user?', 'changed_at'),
  toRow: (r) => ({
    id: text(r.id),
    deal_id: text(r.deal_id),
    from_stage_id: text(r.from_stage_id),
    to_stage_id: text(r.to_stage_id),
    changed_by: textOrNull(r.changed_by),
    changed_at: text(r.changed_at),
  }),
});

const activities = portableTable({
  entity: 'activities',
  table: 'activities',
  columns: columns('id:id', 'kind', 'subject?', 'body', 'occurred_at', 'record_type', 'record_id:ref', 'created_by:user?', 'created_at', 'updated_at'),
  toRow: (r) =>
    noPortal(
      activityKeys({
        id: text(r.id),
        portal_id: '',
        kind: text(r.kind) as ActivityKind,
        subject: textOrNull(r.subject),
        subject_key: '',
        body: text(r.body),
        occurred_at: text(r.occurred_at),
        record_type: text(r.record_type) as ActivityRecordType,
        record_id: text(r.record_id),
        created_by: textOrNull(r.created_by),
        search_text: '',
        ...stamps(r),
      } satisfies ActivityRow),
    ),
});

/** The CRM tables an import of other products' files (CSV, Bitrix24) writes records into. */
export const crmTables = { companies, contacts, leads, deals, pipelines, pipelineStages, activities };

/**
 * Lookups for imports of other products' files, inside the import's transaction:
 * records are found by id, or by name or email as a person would write them.
 */
export function crmLookup(ctx: PortalContext, executor: Executor) {
  const s = scopeOf(ctx, executor);
  return {
    async companyId(nameOrId: string): Promise<string | null> {
      const byId = await s.selectFrom('companies').select('id').where('id', '=', nameOrId).executeTakeFirst();
      if (byId) return byId.id;
      const byName = await s
        .selectFrom('companies')
        .select('id')
        .where('name_key', '=', searchKey(nameOrId))
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return byName?.id ?? null;
    },
    /** A contact by id, by one of its emails, or by its full name. */
    async contactId(value: string): Promise<string | null> {
      const byId = await s.selectFrom('contacts').select('id').where('id', '=', value).executeTakeFirst();
      if (byId) return byId.id;
      if (value.includes('@')) {
        const candidates = await s.selectFrom('contacts').select(['id', 'emails']).where(matchesSearch('search_text', value)).limit(50).execute();
        const email = value.trim().toLowerCase();
        return candidates.find((c) => (JSON.parse(c.emails) as { value: string }[]).some((e) => e.value.toLowerCase() === email))?.id ?? null;
      }
      const byName = await s
        .selectFrom('contacts')
        .select('id')
        .where('name_key', '=', searchKey(value))
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return byName?.id ?? null;
    },
    /** Contacts that share an email with `emails` (to merge duplicates into). */
    async contactByEmails(emails: string[]): Promise<ContactRow | null> {
      for (const email of emails) {
        const candidates = await s.selectFrom('contacts').selectAll().where(matchesSearch('search_text', email)).limit(50).execute();
        const found = candidates.find((c) => (JSON.parse(c.emails) as { value: string }[]).some((e) => e.value.toLowerCase() === email.toLowerCase()));
        if (found) return found;
      }
      return null;
    },
    async updateContactLists(id: string, emails: string, phones: string, at: string): Promise<void> {
      const row = await s.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const next = contactKeys({ ...row, emails, phones, updated_at: at });
      await s
        .updateTable('contacts', { emails: next.emails, phones: next.phones, search_text: next.search_text, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
    /** A lead with this title (and email, when given), to tell a lead imported before. */
    async leadExists(title: string, email: string | null): Promise<boolean> {
      let q = s.selectFrom('leads').select('id').where('title_key', '=', searchKey(title));
      if (email) q = q.where('email', '=', email);
      return !!(await q.limit(1).executeTakeFirst());
    },
    /** A deal with this title (and this contact and company, where given). */
    async dealExists(title: string, contactId: string | null, companyId: string | null): Promise<boolean> {
      let q = s.selectFrom('deals').select('id').where('title_key', '=', searchKey(title));
      if (contactId) q = q.where('contact_id', '=', contactId);
      if (companyId) q = q.where('company_id', '=', companyId);
      return !!(await q.limit(1).executeTakeFirst());
    },
    /** A deal or lead by id or title (the first made, when several share it). */
    async dealOrLeadId(kind: 'deal' | 'lead', value: string): Promise<string | null> {
      const table = kind === 'deal' ? 'deals' : 'leads';
      const byId = await s.selectFrom(table).select('id').where('id', '=', value).executeTakeFirst();
      if (byId) return byId.id;
      const byTitle = await s.selectFrom(table).select('id').where('title_key', '=', searchKey(value)).orderBy('created_at').orderBy('id').executeTakeFirst();
      return byTitle?.id ?? null;
    },
    async pipelines() {
      const list = await s.selectFrom('pipelines').selectAll().orderBy('created_at').orderBy('id').execute();
      const stages = list.length
        ? await s
            .selectFrom('pipeline_stages')
            .selectAll()
            .where(
              'pipeline_id',
              'in',
              list.map((p) => p.id),
            )
            .orderBy('position')
            .execute()
        : [];
      return list.map((p) => ({ id: p.id, name: p.name, isDefault: p.is_default === 1, stages: stages.filter((st) => st.pipeline_id === p.id) }));
    },
    /** The position after the last deal of a stage (the board's end of the column). */
    async dealsInStage(stageId: string): Promise<number> {
      const row = await s
        .selectFrom('deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('stage_id', '=', stageId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type CrmLookup = ReturnType<typeof crmLookup>;

export const crmPortable: PortableModule = {
  name: 'crm',
  tables: [companies, contacts, leads, pipelines, pipelineStages, deals, dealStageChanges, activities],
  isEmpty: (ctx) => noRows(ctx, ['companies', 'contacts', 'leads', 'deals', 'activities']),
  // The default pipeline a fresh portal makes on first CRM use steps aside for the imported ones.
  prepareImport: async (ctx, trx) => {
    const s = scopeOf(ctx, trx);
    await s.deleteFrom('pipeline_stages').execute();
    await s.deleteFrom('pipelines').execute();
  },
};
