import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { nulReplacedWarning, replaceNul, replaceNulDeep } from '../../kernel/input.js';
import { importUsers, usersTable } from '../accounts/index.js';
import { clearImportedAutomations, hasAutomationRules, importAutomationsDocument } from '../automations/index.js';
import { crashPoint } from './crash-points.js';
import { CellError, parseCell } from './csv-cells.js';
import { CsvRowReader } from './csv-write.js';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { AUTOMATIONS, FORMAT_VERSION, MANIFEST, csvPath, exportTables, portableModules, type Manifest } from './entities.js';
import { derivedId } from './ids.js';
import { batches, type IdMapper, type PortableRecord, type PortableTable } from '../../kernel/portable.js';
import { ArchiveError, ZipReader, type Expected } from './zip-reader.js';
import { newId } from '../../kernel/ids.js';

/**
 * Restores an export archive into an empty portal (POR-4): every record of every
 * CSV, the drive's files, the automations; invoices and the audit log are kept as
 * history. Rows go in batches (short transactions keep the server responsive); when
 * anything fails, everything imported so far is removed again, so the portal is
 * either restored or left as it was. A process that dies in the middle leaves that
 * work to the next one (runImportJob, importInterruptedJob; ADR 0031).
 */

const BATCH = 1000;
/** How long one transaction of an import stays open at most (plus one batch). */
const TX_MS = 250;

const manifestSchema = z.object({
  formatVersion: z.number().int(),
  portal: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  createdAt: z.string(),
  counts: z.record(z.string(), z.number()),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number() })),
});

export interface ArchiveImportResult {
  counts: Record<string, number>;
  warnings: string[];
  source: Manifest['portal'];
}

/** True when the portal holds no records of its own (a fresh sign-up): the only portal an archive restores into. */
export async function portalIsEmpty(ctx: PortalContext): Promise<boolean> {
  for (const m of portableModules) if (!(await m.isEmpty(ctx))) return false;
  if (await hasAutomationRules(ctx)) return false;
  return (await usersTable.count(ctx)) <= 1;
}

export async function assertEmptyPortal(ctx: PortalContext): Promise<void> {
  if (!(await portalIsEmpty(ctx))) {
    throw new AppError('PORTAL_NOT_EMPTY', 'An export restores only into an empty portal: sign up a new portal and import it there');
  }
}

async function readManifest(zip: ZipReader): Promise<Manifest> {
  if (!zip.has(MANIFEST)) throw new ArchiveError('The archive has no manifest.json: it is not a SchedulingKit export');
  let raw: unknown;
  try {
    raw = JSON.parse(await zip.readText(MANIFEST));
  } catch {
    throw new ArchiveError('manifest.json is not valid JSON');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ArchiveError('manifest.json is not a SchedulingKit manifest');
  const m = parsed.data;
  if (m.formatVersion > FORMAT_VERSION)
    throw new ArchiveError(`The archive has format version ${m.formatVersion}; this server reads up to ${FORMAT_VERSION}: update SchedulingKit first`);
  for (const f of m.files) if (!zip.has(f.path)) throw new ArchiveError(`The archive lacks ${f.path}, which its manifest lists`);
  return m;
}

/** Rows of one of the archive's CSV files, as they are read (see CsvRowReader). */
async function* archiveRows(source: Readable): AsyncGenerator<(string | null)[]> {
  const reader = new CsvRowReader();
  const decoder = new StringDecoder('utf8');
  let ready: (string | null)[][] = [];
  const emit = (row: (string | null)[]) => ready.push(row);
  for await (const chunk of source) {
    reader.push(decoder.write(chunk as Buffer), emit);
    yield* ready;
    ready = [];
  }
  reader.push(decoder.end(), emit);
  reader.end(emit);
  yield* ready;
}

/** NULs replaced per file of the archive. */
type NulCount = Map<string, number>;

/** The CSV of a table as records typed by its columns (a cell that does not fit fails the import, naming row and column). */
async function* tableRecords(zip: ZipReader, table: PortableTable, expect: Expected | undefined, nuls: NulCount): AsyncGenerator<PortableRecord> {
  const file = csvPath(table);
  let positions: number[] | null = null;
  let row = 0;
  for await (const raw of archiveRows(await zip.open(file, expect))) {
    // An export from SQLite may hold NULs, which PostgreSQL cannot store: each becomes U+FFFD, counted (ADR 0011).
    const cells = raw.map((cell) => {
      if (cell === null) return cell;
      const clean = replaceNul(cell);
      if (clean.count) nuls.set(file, (nuls.get(file) ?? 0) + clean.count);
      return clean.text;
    });
    if (!positions) {
      const header = cells.map((h) => (h ?? '').replace(/^\uFEFF/, '').trim());
      positions = table.columns.map((c) => header.indexOf(c.name));
      continue;
    }
    row++;
    const record: PortableRecord = {};
    for (let i = 0; i < table.columns.length; i++) {
      const column = table.columns[i]!;
      const at = positions[i]!;
      try {
        record[column.name] = parseCell(column, at >= 0 ? (cells[at] ?? null) : null);
      } catch (err) {
        if (err instanceof CellError) throw new ArchiveError(`${file}, row ${row}, column ${column.name}: ${err.message}`);
        throw err;
      }
    }
    yield record;
  }
}

/** Rewrites the id, ref and user columns of a record with the import's mapping. */
function mapIds(table: PortableTable, record: PortableRecord, ids: IdMapper): PortableRecord {
  const out: PortableRecord = { ...record };
  for (const c of table.columns) {
    const v = record[c.name];
    if (v === null || v === undefined) continue;
    if (c.kind === 'id' || c.kind === 'ref') out[c.name] = ids.id(String(v));
    else if (c.kind === 'user') out[c.name] = ids.user(String(v));
  }
  return out;
}

/**
 * Undoes a failed or interrupted import, in one transaction: the automations, every table
 * it writes (newest module first, with the drive's stored bytes), the archive rows and
 * the users it added (all but the actor, who ran it). What the portal made by itself
 * before (a default pipeline, default calendars) is made again on first use.
 */
export async function undoImport(ctx: PortalContext): Promise<void> {
  await ctx.deps.db.transaction().execute(async (trx) => {
    await clearImportedAutomations(ctx, trx);
    for (const m of [...portableModules].reverse()) for (const t of [...m.tables].reverse()) await t.clear(ctx, trx);
    await scopeOf(ctx, trx).deleteFrom('portability_archive').execute();
    // Never every user: without the actor to keep, the users stay (the import reports the failure).
    if (actorUserId(ctx)) await usersTable.clear(ctx, trx);
  });
}

export async function importArchive(
  ctx: PortalContext,
  file: string,
  progress: (done: number, total: number) => void = () => {},
): Promise<ArchiveImportResult> {
  const zip = await ZipReader.open(file);
  try {
    const manifest = await readManifest(zip);
    const expected = new Map(manifest.files.map((f) => [f.path, f]));
    const checked = new Set<string>();
    const expect = (path: string) => {
      checked.add(path);
      const e = expected.get(path);
      if (!e) throw new ArchiveError(`manifest.json does not list ${path}`);
      return e;
    };
    await assertEmptyPortal(ctx);

    const total = Object.values(manifest.counts).reduce((a, b) => a + b, 0) || 1;
    let done = 0;
    const tick = (n: number) => progress((done += n), total);

    const users = new Map<string, string>();
    let filesOpened = 0;
    const ids: IdMapper = {
      // Per portal, not per attempt: an import run again after a crash writes the same ids.
      id: (old) => derivedId(ctx.portalId, old),
      user: (old) => (old === null ? null : (users.get(old) ?? null)),
      openFile: (path) => {
        if (++filesOpened === 2) crashPoint(ctx.deps.config, 'import.files');
        return zip.open(path, expect(path));
      },
    };
    const counts: Record<string, number> = {};
    const warnings: string[] = [];
    const nuls: NulCount = new Map();
    try {
      await ctx.deps.db.transaction().execute(async (trx) => {
        for (const m of portableModules) await m.prepareImport?.(ctx, trx);
      });
      const userRecords: PortableRecord[] = [];
      for await (const r of tableRecords(zip, usersTable, expect(csvPath(usersTable)), nuls)) userRecords.push(r);
      await ctx.deps.db.transaction().execute(async (trx) => {
        for (const [oldId, newId] of await importUsers(ctx, trx, userRecords, ids)) users.set(oldId, newId);
      });
      counts.users = userRecords.length;
      tick(userRecords.length);

      for (const table of exportTables) {
        if (table === usersTable) continue;
        const path = csvPath(table);
        if (!expected.has(path)) {
          warnings.push(`The archive has no ${path}; nothing of it was imported`);
          continue;
        }
        let n = 0;
        const source = batches(tableRecords(zip, table, expect(path), nuls), BATCH)[Symbol.asyncIterator]();
        let next = await source.next();
        while (!next.done) {
          // Batches go in together until the transaction has been open for TX_MS: fewer commits
          // (each writes the touched index pages out again) without holding the database long.
          await ctx.deps.db.transaction().execute(async (trx) => {
            const opened = performance.now();
            do {
              const batch: PortableRecord[] = next.value;
              if (table.archived) await archive(ctx, trx, table.entity, batch, n);
              else
                await table.insert(
                  ctx,
                  trx,
                  batch.map((r) => mapIds(table, r, ids)),
                  ids,
                );
              n += batch.length;
              tick(batch.length);
              next = await source.next();
            } while (!next.done && performance.now() - opened < TX_MS);
          });
          // Committed: at least a batch of this table, and other tables (the drive at least) still to come.
          if (n >= BATCH) crashPoint(ctx.deps.config, 'import.rows');
        }
        counts[table.entity] = n;
      }

      if (expected.has(AUTOMATIONS)) {
        // A NUL in a JSON string is written as \u0000: it is replaced once parsed.
        const clean = replaceNulDeep(JSON.parse(await zip.readText(AUTOMATIONS, expect(AUTOMATIONS))) as unknown);
        if (clean.count) nuls.set(AUTOMATIONS, clean.count);
        const doc = clean.value;
        const res = await importAutomationsDocument(ctx, doc, { ruleId: ids.id });
        counts.automations = res.imported;
        for (const u of res.unresolved) warnings.push(`Automation "${u.rule}": ${u.what}`);
      }
      // Whatever the import did not need to read (the .ics copies) is still checked.
      for (const f of manifest.files) {
        if (checked.has(f.path)) continue;
        for await (const _ of await zip.open(f.path, expect(f.path))) void _;
      }
      crashPoint(ctx.deps.config, 'import.end');
    } catch (err) {
      await undoImport(ctx);
      throw err;
    }
    for (const [path, n] of nuls) warnings.push(nulReplacedWarning(path, n));
    return { counts, warnings, source: manifest.portal };
  } finally {
    zip.close();
  }
}

async function archive(ctx: PortalContext, trx: Parameters<PortableTable['insert']>[1], entity: string, records: PortableRecord[], from: number) {
  const at = nowIso(ctx);
  await scopeOf(ctx, trx)
    .insertInto(
      'portability_archive',
      records.map((r, i) => ({ id: newId(), entity, position: from + i, record: JSON.stringify(r), created_at: at })),
    )
    .execute();
}
