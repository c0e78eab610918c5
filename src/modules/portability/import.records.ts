import type { Executor } from '../../db/scope.js';
import { nowIso, type PortalContext } from '../../kernel/context.js';
import { portalUsers } from '../accounts/index.js';
import { crmLookup, type CrmLookup, crmTables, DEFAULT_CURRENCY, splitName } from '../crm/index.js';
import { tasksLookup, type TasksLookup, tasksTables } from '../tasks/index.js';
import type { CsvEntity } from './portability.schema.js';
import type { FieldValue } from './csv-fields.js';
import type { IdMapper, PortableRecord, PortableTable } from '../../kernel/portable.js';
import { newId } from '../../kernel/ids.js';

/**
 * Turns the field values of one row of another product's file (a CSV, a Bitrix24
 * export) into records of the portal, resolving names of owners, companies,
 * contacts, pipelines, stages and projects; writes them in batches inside the
 * import's transaction. A row that cannot become a record throws a RowProblem
 * naming the field.
 */

export type RowValues = Partial<Record<string, FieldValue>>;

export class RowProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every problem of one row (a row is checked to the end, not to its first problem). */
export class RowProblems extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

type Typed = { value: string; type: string }[];

/** Imported records keep the ids they were given. */
const sameIds: IdMapper = {
  id: (id) => id,
  user: (id) => id,
  openFile: () => Promise.reject(new Error('no files in this import')),
};

const str = (v: FieldValue | undefined): string | null => (v === undefined ? null : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BuilderOptions {
  /**
   * A migration keeps a row whose owner, assignee or contact is unknown here (the
   * source's users are not ours): the reference stays empty and `warn` hears of it once.
   */
  lenient?: boolean;
  warn?: (message: string) => void;
}

export class RecordBuilder {
  readonly crm: CrmLookup;
  readonly tasks: TasksLookup;
  private readonly warned = new Set<string>();
  private users: { id: string; name: string; email: string; status: string }[] | null = null;
  private pipelinesCache: Awaited<ReturnType<CrmLookup['pipelines']>> | null = null;
  private readonly pending = new Map<PortableTable, PortableRecord[]>();
  private readonly companyIds = new Map<string, string>();
  private readonly projectIds = new Map<string, string>();
  private readonly stageCounts = new Map<string, number>();
  private readonly columnEnds = new Map<string, number>();
  readonly at: string;
  /** Records created along the way (a contact's company, a task's project), by entity. */
  readonly created: Record<string, number> = {};

  constructor(
    private readonly ctx: PortalContext,
    private readonly trx: Executor,
    private readonly opts: BuilderOptions = {},
  ) {
    this.crm = crmLookup(ctx, trx);
    this.tasks = tasksLookup(ctx, trx);
    this.at = nowIso(ctx);
  }

  private rowProblems: RowProblem[] = [];
  private rowRecords: PortableRecord[] = [];

  /** Notes a problem of the current row; the reference it was about stays empty. */
  private fail(field: string, message: string): null {
    this.rowProblems.push(new RowProblem(field, message));
    return null;
  }

  private leaveEmpty(field: string, value: string, why: string): null {
    const key = `${field}:${value.toLowerCase()}`;
    if (!this.warned.has(key)) {
      this.warned.add(key);
      this.opts.warn?.(`${field} "${value}" ${why}; left empty`);
    }
    return null;
  }

  /** Nothing new is made for a row that already has a problem. */
  private get rowIsBad(): boolean {
    return this.rowProblems.length > 0;
  }

  // --- References ---------------------------------------------------------------------------------

  /** A user by id, email or name (case-insensitive); a problem when there is none. */
  async userId(field: string, value: string | null, opts: { active?: boolean } = {}): Promise<string | null> {
    if (!value) return null;
    this.users ??= await portalUsers(this.ctx, this.trx);
    const v = value.trim().toLowerCase();
    const user =
      this.users.find((u) => u.id === value) ?? this.users.find((u) => u.email.toLowerCase() === v) ?? this.users.find((u) => u.name.toLowerCase() === v);
    if (!user && this.opts.lenient) return this.leaveEmpty(field, value, 'is not a user of this portal');
    if (!user) return this.fail(field, `no user of this portal is "${value}" (give an email address or a name)`);
    if (opts.active && user.status !== 'active') return this.fail(field, `"${value}" is deactivated`);
    return user.id;
  }

  /** A company by id or name; a new one is made for a name not seen before (unless the row has a problem). */
  async companyId(field: string, value: string | null): Promise<string | null> {
    if (!value) return null;
    const key = value.trim().toLowerCase();
    const known = this.companyIds.get(key) ?? (await this.crm.companyId(value.trim()));
    if (known) return known;
    if (UUID.test(value.trim())) return this.fail(field, `no company has the id ${value}`);
    if (this.rowIsBad) return null;
    const id = newId();
    this.queue(crmTables.companies, {
      id,
      name: value.trim(),
      website: null,
      industry: null,
      phone: null,
      email: null,
      address: null,
      notes: null,
      owner_id: null,
      created_at: this.at,
      updated_at: this.at,
    });
    this.companyIds.set(key, id);
    this.created.companies = (this.created.companies ?? 0) + 1;
    return id;
  }

  async contactId(field: string, value: string | null): Promise<string | null> {
    if (!value) return null;
    await this.flush();
    const id = await this.crm.contactId(value.trim());
    if (!id && this.opts.lenient) return this.leaveEmpty(field, value, 'is not a contact here');
    if (!id) return this.fail(field, `no contact is "${value}" (give an email address or the full name)`);
    return id;
  }

  async projectId(field: string, value: string | null): Promise<string | null> {
    if (!value) return null;
    const key = value.trim().toLowerCase();
    const known = this.projectIds.get(key) ?? (await this.tasks.projectId(value.trim()));
    if (known) return known;
    if (UUID.test(value.trim())) return this.fail(field, `no project has the id ${value}`);
    if (this.rowIsBad) return null;
    const id = newId();
    this.queue(tasksTables.projects, {
      id,
      name: value.trim(),
      description: null,
      status: 'active',
      color: null,
      created_by: this.actor(),
      created_at: this.at,
      updated_at: this.at,
    });
    this.projectIds.set(key, id);
    this.created.projects = (this.created.projects ?? 0) + 1;
    return id;
  }

  /** A pipeline and stage by name (or id); the default pipeline and its first open stage when none is given. */
  async stage(pipelineName: string | null, stageName: string | null): Promise<{ pipelineId: string; stageId: string } | null> {
    this.pipelinesCache ??= await this.crm.pipelines();
    const key = (s: string) => s.trim().toLowerCase();
    const pipeline = pipelineName
      ? this.pipelinesCache.find((p) => p.id === pipelineName || key(p.name) === key(pipelineName))
      : (this.pipelinesCache.find((p) => p.isDefault) ?? this.pipelinesCache[0]);
    if (!pipeline) return this.fail('pipeline', pipelineName ? `no pipeline is named "${pipelineName}"` : 'there is no pipeline yet');
    const stage = stageName
      ? pipeline.stages.find((s) => s.id === stageName || key(s.name) === key(stageName))
      : (pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0]);
    if (!stage)
      return this.fail('stage', `the pipeline "${pipeline.name}" has no stage "${stageName}" (it has ${pipeline.stages.map((s) => s.name).join(', ')})`);
    return { pipelineId: pipeline.id, stageId: stage.id };
  }

  /** Adds a pipeline with stages (a migration brings the source's pipelines along). */
  addPipeline(name: string, stages: { name: string; kind: 'open' | 'won' | 'lost' }[]): void {
    const id = newId();
    const rows = stages.map((st, position) => ({
      id: newId(),
      pipeline_id: id,
      name: st.name,
      kind: st.kind,
      position,
      created_at: this.at,
      updated_at: this.at,
    }));
    this.queue(crmTables.pipelines, { id, name, is_default: 0, created_at: this.at, updated_at: this.at });
    for (const r of rows) this.queue(crmTables.pipelineStages, r);
    this.pipelinesCache?.push({ id, name, isDefault: false, stages: rows.map((r) => ({ ...r, portal_id: this.ctx.portalId })) });
    this.created.pipelines = (this.created.pipelines ?? 0) + 1;
  }

  /** A note on a record (what a source kept in a field we do not have, such as a deal's comment). */
  note(recordType: 'company' | 'contact' | 'lead' | 'deal' | 'task', recordId: string, body: string, at: string = this.at): void {
    this.queue(crmTables.activities, {
      id: newId(),
      kind: 'note',
      subject: null,
      body,
      occurred_at: at,
      record_type: recordType,
      record_id: recordId,
      created_by: this.actor(),
      created_at: at,
      updated_at: at,
    });
  }

  async pipelines() {
    this.pipelinesCache ??= await this.crm.pipelines();
    return this.pipelinesCache;
  }

  private actor = () => (this.ctx.actor.type === 'user' ? this.ctx.actor.userId : null);

  // --- Records ------------------------------------------------------------------------------------

  private required(field: string, value: string | null): string {
    if (!value) this.fail(field, 'is required');
    return value ?? '';
  }

  async company(v: RowValues): Promise<PortableRecord | null> {
    const name = this.required('name', str(v.name));
    const ownerId = await this.userId('owner', str(v.owner));
    if (this.rowIsBad) return null;
    const record = {
      id: newId(),
      name,
      website: str(v.website),
      industry: str(v.industry),
      phone: str(v.phone),
      email: str(v.email),
      address: str(v.address),
      notes: str(v.notes),
      owner_id: ownerId,
      ...this.stamps(v),
    };
    this.companyIds.set(name.toLowerCase(), record.id);
    return this.queue(crmTables.companies, record);
  }

  /** The emails and phones of a row, from all the columns that hold them. */
  static lists(v: RowValues) {
    const gather = (fields: string[]) => fields.flatMap((f) => (Array.isArray(v[f]) ? (v[f] as Typed) : []));
    const uniq = (xs: Typed) => [...new Map(xs.map((x) => [x.value.toLowerCase(), x])).values()];
    return {
      emails: uniq(gather(['emails', 'workEmail', 'homeEmail', 'otherEmail'])),
      phones: uniq(gather(['phones', 'workPhone', 'mobilePhone', 'homePhone', 'fax'])),
    };
  }

  async contact(v: RowValues): Promise<PortableRecord | null> {
    let first = str(v.firstName);
    let last = str(v.lastName);
    const full = str(v.fullName);
    if (!first && !last && full) ({ firstName: first, lastName: last } = splitName(full));
    if (!first && last) [first, last] = [last, ''];
    if (!first) this.fail('firstName', 'is required (or a full name)');
    const { emails, phones } = RecordBuilder.lists(v);
    const ownerId = await this.userId('owner', str(v.owner));
    // A company is made last, and only for a row without problems.
    const companyId = await this.companyId('company', str(v.company));
    if (this.rowIsBad) return null;
    return this.queue(crmTables.contacts, {
      id: newId(),
      first_name: first!,
      last_name: last ?? '',
      company_id: companyId,
      job_title: str(v.jobTitle),
      emails: JSON.stringify(emails),
      phones: JSON.stringify(phones),
      owner_id: ownerId,
      notes: str(v.notes),
      ...this.stamps(v),
    });
  }

  /** When the record was made: the source's date when the file has one. */
  private stamps(v: RowValues) {
    const created = str(v.createdAt) ?? this.at;
    return { created_at: created, updated_at: created > this.at ? created : this.at };
  }

  private money(v: RowValues, withDefault: boolean): { amount: number | null; currency: string | null } {
    const amount = typeof v.amountMinor === 'number' ? v.amountMinor : typeof v.amount === 'number' ? v.amount : null;
    const currency = str(v.currency);
    if (amount !== null && !currency && !withDefault) this.fail('currency', 'is required with an amount');
    return { amount, currency };
  }

  async lead(v: RowValues): Promise<PortableRecord | null> {
    const title = this.required('title', str(v.title) ?? str(v.name) ?? str(v.companyName));
    const status = str(v.status) ?? 'new';
    if (status === 'converted') this.fail('status', 'a lead cannot be imported as converted; import the contact, company and deal it became instead');
    const { amount, currency } = this.money(v, false);
    const ownerId = await this.userId('owner', str(v.owner));
    if (this.rowIsBad) return null;
    return this.queue(crmTables.leads, {
      id: newId(),
      title,
      name: str(v.name),
      company_name: str(v.companyName),
      email: str(v.email),
      phone: str(v.phone),
      status,
      source: str(v.source) ?? 'other',
      amount_minor: amount,
      currency: amount === null ? null : currency,
      owner_id: ownerId,
      notes: str(v.notes),
      converted_at: null,
      converted_contact_id: null,
      converted_company_id: null,
      converted_deal_id: null,
      ...this.stamps(v),
    });
  }

  async deal(v: RowValues): Promise<PortableRecord | null> {
    const title = this.required('title', str(v.title));
    const { amount, currency } = this.money(v, true);
    const stage = await this.stage(str(v.pipeline), str(v.stage));
    const contactId = await this.contactId('contact', str(v.contact));
    const ownerId = await this.userId('owner', str(v.owner));
    const companyId = await this.companyId('company', str(v.company));
    if (this.rowIsBad || !stage) return null;
    let position = this.stageCounts.get(stage.stageId);
    if (position === undefined) position = await this.crm.dealsInStage(stage.stageId);
    this.stageCounts.set(stage.stageId, position + 1);
    return this.queue(crmTables.deals, {
      id: newId(),
      title,
      amount_minor: amount ?? 0,
      currency: currency ?? DEFAULT_CURRENCY,
      pipeline_id: stage.pipelineId,
      stage_id: stage.stageId,
      position,
      contact_id: contactId,
      company_id: companyId,
      owner_id: ownerId,
      expected_close_date: str(v.expectedCloseDate),
      ...this.stamps(v),
    });
  }

  async task(v: RowValues): Promise<PortableRecord | null> {
    const title = this.required('title', str(v.title));
    const status = str(v.status) ?? 'todo';
    const links = Array.isArray(v.links) ? (v.links as Typed).map((l) => ({ type: l.type, id: l.value })) : [];
    const assigneeId = await this.userId('assignee', str(v.assignee), { active: true });
    const projectId = await this.projectId('project', str(v.project));
    if (this.rowIsBad) return null;
    let position = this.columnEnds.get(status);
    if (position === undefined) position = await this.tasks.endOfColumn(status as 'todo');
    this.columnEnds.set(status, position + 1024);
    return this.queue(tasksTables.tasks, {
      id: newId(),
      project_id: projectId,
      parent_id: null,
      title,
      description: str(v.description),
      status,
      priority: str(v.priority) ?? 'normal',
      assignee_id: assigneeId,
      due_at: str(v.dueAt),
      estimate_minutes: typeof v.estimateMinutes === 'number' ? v.estimateMinutes : null,
      position,
      completed_at: status === 'done' ? (str(v.completedAt) ?? this.at) : null,
      links: JSON.stringify(links),
      created_by: this.actor(),
      ...this.stamps(v),
    });
  }

  /**
   * Builds the record of one row of `entity`; throws RowProblems with every problem
   * the row has (`known`: problems already found in its cells).
   */
  async build(entity: CsvEntity, v: RowValues, known: RowProblem[] = []): Promise<PortableRecord> {
    this.rowProblems = [...known];
    const record = await this.buildOne(entity, v);
    if (this.rowProblems.length || !record) throw new RowProblems(this.rowProblems);
    return record;
  }

  private buildOne(entity: CsvEntity, v: RowValues): Promise<PortableRecord | null> {
    switch (entity) {
      case 'companies':
        return this.company(v);
      case 'contacts':
        return this.contact(v);
      case 'leads':
        return this.lead(v);
      case 'deals':
        return this.deal(v);
      case 'tasks':
        return this.task(v);
    }
  }

  // --- Writing ------------------------------------------------------------------------------------

  private queue(table: PortableTable, record: PortableRecord): PortableRecord {
    const list = this.pending.get(table) ?? [];
    list.push(record);
    this.pending.set(table, list);
    return record;
  }

  /** Drops the records queued for a row that turned out to have a problem (its own and any it made). */
  discard(records: PortableRecord[]): void {
    for (const list of this.pending.values()) for (const r of records) if (list.includes(r)) list.splice(list.indexOf(r), 1);
  }

  /** Forgets everything queued (a file with problems is not going to be written). */
  dropPending(): void {
    this.pending.clear();
  }

  pendingCount(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  /** Writes what is queued, referenced tables first. */
  async flush(): Promise<void> {
    const order = [
      crmTables.companies,
      crmTables.pipelines,
      crmTables.pipelineStages,
      tasksTables.projects,
      crmTables.contacts,
      crmTables.leads,
      crmTables.deals,
      tasksTables.tasks,
      crmTables.activities,
    ];
    for (const table of order) {
      const list = this.pending.get(table);
      if (!list?.length) continue;
      this.pending.set(table, []);
      for (let i = 0; i < list.length; i += 500) await table.insert(this.ctx, this.trx, list.slice(i, i + 500), sameIds);
    }
  }
}
