import fsp from 'node:fs/promises';
import { nowIso, scopeOf, type PortalContext } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { nulReplacedWarning } from '../../../kernel/input.js';
import { recordAudit } from '../../audit/index.js';
import { ensureDefaultCalendar, importIcs } from '../../calendar/index.js';
import { ensureDefaultPipeline } from '../../crm/index.js';
import { Problems } from '../csv-import.service.js';
import { RecordBuilder, RowProblems, type RowValues } from '../import.records.js';
import { emptyReport, getImport, startInlineImport } from '../import.service.js';
import type { ImportOut, ImportReport } from '../portability.schema.js';
import type { PortalImportRow } from '../../../db/tables/portability.js';
import { parseEnum } from '../values.js';
import { BITRIX_LEAD_SOURCE, BITRIX_LEAD_STATUS, BITRIX_TASK_PRIORITY, BITRIX_TASK_STATUS, matchBitrixColumns, type BitrixEntity } from './columns.js';
import { BitrixFileError, readBitrixFile, type Table } from './parse.js';
import { planBitrixPipelines } from './pipelines.js';
import { bitrixValue } from './values.js';

/**
 * Migration from Bitrix24 (POR-5): its list exports of companies, contacts, leads,
 * deals and tasks (CSV or "Excel"), and its calendars as .ics. Records come in in
 * that order, so that deals and tasks find the contacts and companies they name (by
 * the source's ID or by name). A contact with an email that is already here is
 * merged into that contact; a company with the same name is the same company; a
 * lead, deal or task imported before is skipped; a row without a name is skipped.
 * Every file is written in its own transaction; the report says what happened to
 * every row that was not simply imported.
 */

export const BITRIX_FIELDS = ['companies', 'contacts', 'leads', 'deals', 'tasks', 'calendar'] as const;
export type BitrixField = (typeof BITRIX_FIELDS)[number];
export interface BitrixUpload {
  field: BitrixField;
  file: string;
  filename: string;
}

const ORDER: BitrixEntity[] = ['companies', 'contacts', 'leads', 'deals', 'tasks'];
const SINGULAR: Record<BitrixEntity, 'company' | 'contact' | 'lead' | 'deal' | 'task'> = {
  companies: 'company',
  contacts: 'contact',
  leads: 'lead',
  deals: 'deal',
  tasks: 'task',
};

type Typed = { value: string; type: string }[];
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

interface Run {
  ctx: PortalContext;
  report: ImportReport;
  problems: Problems;
  /** The source's IDs of imported records → ours, per entity: links by ID. */
  ids: Record<'company' | 'contact' | 'lead' | 'deal' | 'task', Map<string, string>>;
}

/** A row's cells as field values; cells that cannot be read are left out and reported. */
function rowValues(
  run: Run,
  entity: BitrixEntity,
  table: Table,
  columns: ReturnType<typeof matchBitrixColumns>['columns'],
  cells: string[],
  row: number,
): RowValues {
  const values: Record<string, unknown> = {};
  columns.forEach((col, i) => {
    if (!col) return;
    const parsed = bitrixValue(col, cells[i] ?? '');
    if (!parsed.ok) {
      run.report.warnings.push(`${entity} row ${row}, column "${table.header[i]}": ${parsed.message}; left empty`);
      return;
    }
    if (parsed.value === undefined) return;
    const prev = values[col.target];
    values[col.target] = Array.isArray(prev) && Array.isArray(parsed.value) ? [...prev, ...parsed.value] : (prev ?? parsed.value);
  });
  return values as RowValues;
}

/** Bitrix24's own names and codes for statuses, sources and priorities, as ours; a name we do not know is reported. */
function translate(run: Run, entity: BitrixEntity, v: Record<string, unknown>, row: number): void {
  const map = (field: string, table: Record<string, string>, values: readonly string[], fallback: string) => {
    const raw = str(v[field]);
    if (!raw) return;
    const known = table[raw.toLowerCase()] ?? table[raw.toLowerCase().replace(/^[a-z0-9]+:/, '')];
    const parsed = known ? { ok: true as const, value: known } : parseEnum(raw, values);
    if (parsed.ok) v[field] = parsed.value;
    else {
      run.report.warnings.push(`${entity} row ${row}: ${field} "${raw}" is not one we know; set to ${fallback}`);
      v[field] = fallback;
    }
  };
  if (entity === 'leads') {
    map('status', BITRIX_LEAD_STATUS, ['new', 'in_progress', 'qualified', 'lost'], 'new');
    map('source', BITRIX_LEAD_SOURCE, ['website', 'referral', 'email', 'call', 'event', 'advertising', 'social', 'other'], 'other');
    if (!v.name) v.name = [v.firstName, v.middleName, v.lastName].filter(Boolean).join(' ') || v.fullName;
    const lists = RecordBuilder.lists(v as RowValues);
    v.email ??= lists.emails[0]?.value;
    v.phone ??= lists.phones[0]?.value;
    const more = [...lists.emails.slice(1), ...lists.phones.slice(1)].map((x) => x.value);
    if (more.length) v.notes = [v.notes, `More contact details: ${more.join(', ')}`].filter(Boolean).join('\n\n');
  }
  if (entity === 'tasks') {
    map('status', BITRIX_TASK_STATUS, ['todo', 'in_progress', 'blocked', 'done'], 'todo');
    map('priority', BITRIX_TASK_PRIORITY, ['low', 'normal', 'high', 'urgent'], 'normal');
    if (v.status === 'done' && v.closedAt) v.completedAt = v.closedAt;
    if (v.tags) v.description = [v.description, `Tags: ${v.tags}`].filter(Boolean).join('\n\n');
  }
  if (entity === 'contacts') {
    if (v.middleName && v.firstName) v.firstName = `${v.firstName} ${v.middleName}`;
    if (v.address) v.notes = [v.notes, `Address: ${v.address}`].filter(Boolean).join('\n\n');
  }
  if (entity === 'companies') {
    const lists = RecordBuilder.lists(v as RowValues);
    v.phone ??= lists.phones[0]?.value;
    v.email ??= lists.emails[0]?.value;
  }
  const mc = v.amountCurrency as { amount: number; currency: string | null } | undefined;
  if (mc) {
    v.amount ??= mc.amount;
    v.currency ??= mc.currency ?? undefined;
  }
  if (typeof v.currency === 'string') v.currency = v.currency.toUpperCase();
}

/**
 * A reference by the source's ID ("12", "#12", "C_12") when it is one we imported,
 * else the name as it is. An ID we never saw (its file was not part of this
 * migration) is left empty rather than taken for a name.
 */
function linkById(run: Run, kind: keyof Run['ids'], value: unknown, entity: BitrixEntity, row: number): string | undefined {
  const raw = str(value);
  if (!raw) return undefined;
  const id = raw.replace(/^#|^(CO|C|D|L)_/i, '');
  if (!/^\d+$/.test(id)) return raw;
  const ours = run.ids[kind].get(id);
  if (!ours) run.report.warnings.push(`${entity} row ${row}: the ${kind} with Bitrix24 ID ${id} was not in this migration; left empty`);
  return ours;
}

async function importRows(run: Run, entity: BitrixEntity, table: Table): Promise<void> {
  const { ctx, report, problems } = run;
  const { columns, unused } = matchBitrixColumns(entity, table.header);
  if (unused.length) report.warnings.push(`${entity}: columns not imported: ${unused.join(', ')}`);
  const counts = (report.counts[entity] = { imported: 0, merged: 0, skipped: 0 });
  if (entity === 'deals') await ensureDefaultPipeline(ctx);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const builder = new RecordBuilder(ctx, trx, { lenient: true, warn: (m) => report.warnings.push(`${entity}: ${m}`) });
    const rows = table.rows.map((cells, i) => rowValues(run, entity, table, columns, cells, i + 1) as Record<string, unknown>);
    if (entity === 'deals') {
      const plan = planBitrixPipelines(
        rows.map((v) => ({ pipeline: str(v.pipeline), stage: str(v.stage), status: str(v.dealStatus) })),
        await builder.pipelines(),
      );
      for (const p of plan.create) builder.addPipeline(p.name, p.stages);
      for (const v of rows) v.pipeline = plan.target.get(str(v.pipeline) ?? '');
    }
    for (const [i, v] of rows.entries()) {
      const row = i + 1;
      translate(run, entity, v, row);
      if (entity === 'contacts' || entity === 'deals') v.company = linkById(run, 'company', v.company, entity, row);
      if (entity === 'deals') v.contact = linkById(run, 'contact', v.contact, entity, row);
      if (entity === 'tasks' && Array.isArray(v.crmLinks)) v.links = await resolveLinks(run, builder, v.crmLinks as Typed, row);
      const sourceId = str(v.bitrixId);
      try {
        const merged = await mergeOrSkip(run, builder, entity, v as RowValues, row);
        if (merged) {
          if (merged.into && sourceId) run.ids[SINGULAR[entity]].set(sourceId, merged.into);
          continue;
        }
        const record = await builder.build(entity, v as RowValues);
        if (sourceId) run.ids[SINGULAR[entity]].set(sourceId, String(record.id));
        if (entity === 'deals' && str(v.notes)) builder.note('deal', String(record.id), str(v.notes)!, String(record.created_at));
        counts.imported++;
      } catch (err) {
        if (!(err instanceof RowProblems)) throw err;
        counts.skipped++;
        for (const p of err.problems) problems.add({ entity, row, column: p.field || null, message: `skipped: ${p.field} ${p.message}` });
      }
      if (builder.pendingCount() >= 500) await builder.flush();
    }
    await builder.flush();
    for (const [kind, n] of Object.entries(builder.created)) {
      const c = (report.counts[kind] ??= { imported: 0, merged: 0, skipped: 0 });
      c.imported += n;
    }
  });
}

/** A row that is already here: merged into the record (contacts, companies) or skipped (the rest). */
async function mergeOrSkip(run: Run, builder: RecordBuilder, entity: BitrixEntity, v: RowValues, row: number): Promise<{ into: string | null } | null> {
  const counts = run.report.counts[entity]!;
  const merged = (into: string, name: string, reason: string) => {
    counts.merged++;
    run.report.merges.push({ entity, row, into: name, reason });
    return { into };
  };
  const skipped = (reason: string) => {
    counts.skipped++;
    run.problems.add({ entity, row, column: null, message: `skipped: ${reason}` });
    return { into: null };
  };
  if (entity === 'companies' && str(v.name)) {
    const id = await builder.crm.companyId(str(v.name)!);
    if (id) return merged(id, str(v.name)!, 'a company with this name is already here');
  }
  if (entity === 'contacts') {
    const lists = RecordBuilder.lists(v);
    await builder.flush();
    const existing = await builder.crm.contactByEmails(lists.emails.map((e) => e.value));
    if (existing) {
      const emails = JSON.parse(existing.emails) as Typed;
      const phones = JSON.parse(existing.phones) as Typed;
      const add = <T extends { value: string }>(into: T[], more: T[]) => [
        ...into,
        ...more.filter((m) => !into.some((x) => x.value.toLowerCase() === m.value.toLowerCase())),
      ];
      await builder.crm.updateContactLists(existing.id, JSON.stringify(add(emails, lists.emails)), JSON.stringify(add(phones, lists.phones)), builder.at);
      return merged(
        existing.id,
        `${existing.first_name} ${existing.last_name}`.trim(),
        `same email as a contact already here; its phones and emails were added`,
      );
    }
  }
  if (entity === 'leads' && str(v.title) && (await builder.crm.leadExists(str(v.title)!, str(v.email))))
    return skipped('a lead with this name and email is already here (imported before?)');
  if (entity === 'deals' && str(v.title)) {
    await builder.flush();
    const contactId = str(v.contact) ? await builder.crm.contactId(str(v.contact)!) : null;
    const companyId = str(v.company) ? await builder.crm.companyId(str(v.company)!) : null;
    if (await builder.crm.dealExists(str(v.title)!, contactId, companyId))
      return skipped('a deal with this name, contact and company is already here (imported before?)');
  }
  if (entity === 'tasks' && str(v.title)) {
    await builder.flush();
    if (await builder.tasks.taskExists(str(v.title)!, str(v.dueAt))) return skipped('a task with this name and deadline is already here (imported before?)');
  }
  return null;
}

/** A task's CRM links, by the source's ID or by name; a link to nothing we know is reported and left out. */
async function resolveLinks(run: Run, builder: RecordBuilder, links: Typed, row: number): Promise<Typed> {
  await builder.flush();
  const out: Typed = [];
  for (const l of links) {
    const kind = l.type as 'contact' | 'company' | 'deal' | 'lead';
    const byId = l.value.startsWith('#') ? run.ids[kind]?.get(l.value.slice(1)) : undefined;
    const byName = async () =>
      kind === 'contact' ? builder.crm.contactId(l.value) : kind === 'company' ? builder.crm.companyId(l.value) : builder.crm.dealOrLeadId(kind, l.value);
    const id = byId ?? (l.value.startsWith('#') ? null : await byName());
    if (id) out.push({ type: kind, value: id });
    else run.report.warnings.push(`tasks row ${row}: the linked ${kind} "${l.value}" is not here; the link was left out`);
  }
  return out;
}

async function importCalendar(run: Run, upload: BitrixUpload): Promise<void> {
  const calendar = await ensureDefaultCalendar(run.ctx);
  const text = await fsp.readFile(upload.file, 'utf8');
  let res: Awaited<ReturnType<typeof importIcs>>;
  try {
    res = await importIcs(run.ctx, calendar.id, text);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'INVALID_FILE')) throw err;
    run.problems.add({ entity: 'events', row: null, column: null, message: `${upload.filename || 'calendar'}: ${err.message}` });
    return;
  }
  run.report.counts.events = { imported: res.imported, merged: res.updated, skipped: res.skipped };
  for (const w of res.warnings) run.report.warnings.push(`${upload.filename || 'calendar'}: ${w}`);
  for (const e of res.errors) run.problems.add({ entity: 'events', row: null, column: null, message: `skipped${e.uid ? ` ${e.uid}` : ''}: ${e.message}` });
}

export async function importBitrix24(ctx: PortalContext, row: PortalImportRow, uploads: BitrixUpload[]): Promise<ImportOut> {
  const settle = await startInlineImport(ctx, row);
  const run: Run = {
    ctx,
    report: emptyReport(),
    problems: new Problems(),
    ids: { company: new Map(), contact: new Map(), lead: new Map(), deal: new Map(), task: new Map() },
  };
  let error: string | null = null;
  try {
    for (const entity of ORDER) {
      const upload = uploads.find((u) => u.field === entity);
      if (!upload) continue;
      let table: Table;
      try {
        table = await readBitrixFile(upload.file);
        if (table.nulReplaced) run.report.warnings.push(nulReplacedWarning(upload.filename || entity, table.nulReplaced));
      } catch (err) {
        if (!(err instanceof BitrixFileError)) throw err;
        run.problems.add({ entity, row: null, column: null, message: `${upload.filename || entity}: ${err.message}` });
        continue;
      }
      await importRows(run, entity, table);
    }
    const ics = uploads.find((u) => u.field === 'calendar');
    if (ics) await importCalendar(run, ics);
  } catch (err) {
    ctx.deps.log.error({ err, portalId: ctx.portalId, importId: row.id }, 'portability: Bitrix24 import failed');
    error = 'The migration stopped on our side; the files imported before that are in';
  } finally {
    for (const u of uploads) await fsp.rm(u.file, { force: true });
  }
  run.report.problems = run.problems.list;
  run.report.problemCount = run.problems.count;
  await scopeOf(ctx)
    .updateTable('portal_imports', { status: error ? 'failed' : 'done', report: JSON.stringify(run.report), error, finished_at: nowIso(ctx) })
    .where('id', '=', row.id)
    .execute();
  const imported = Object.fromEntries(Object.entries(run.report.counts).map(([k, c]) => [k, c.imported]));
  await recordAudit(ctx, { action: 'portability.bitrix24_imported', targetType: 'import', targetId: row.id, details: { imported } });
  await settle();
  return getImport(ctx, row.id);
}
