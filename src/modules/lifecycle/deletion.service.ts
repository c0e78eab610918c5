import { PermanentJobError } from '../../kernel/jobs/runner.js';
import type { Executor } from '../../db/scope.js';
import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import {
  assertNotThrottled,
  clearFailures,
  closePortalForDeletion,
  findPortalById,
  findUser,
  passwordMatches,
  recordFailure,
  removePortalRecord,
} from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { archivePortalInvoices, INVOICE_ARCHIVE_TABLE } from '../billing/index.js';
import { getUsage } from '../drive/index.js';
import { queueMail } from '../mail/index.js';
import { compactSearchIndexes, countRows, eraseFiles, eraseTables, eraseTablesIn, tenantTables } from './erase.js';
import { deletionReceipt } from './lifecycle.mail.js';
import { newReference } from './lifecycle.repo.js';
import type { PortalDeletionRow } from '../../db/tables/lifecycle.js';
import { newId } from '../../kernel/ids.js';

/**
 * Portal deletion (LIF-5): the owner confirms with their password and the
 * portal's address; at once the portal stops answering and every session
 * ends; a job then erases every row and every stored file, surviving crashes
 * (it starts over where it stopped), and finally mails a receipt built from
 * the deletion record, which lives outside the portal.
 */

export const ERASE_JOB = 'lifecycle.erase_portal';

type Step = { step: string; at: string } & Record<string, unknown>;

/**
 * Every table the erase empties: each with a `portal_id`, read from the catalog, except
 * the invoice archive, which keeps an erased portal's invoices for the legal period
 * (ADR 0025) and is purged by the daily housekeeping instead.
 */
async function erasableTables(db: Executor, dialect: AppDeps['database']['dialect']): Promise<string[]> {
  return (await tenantTables(db, dialect)).filter((t) => t !== INVOICE_ARCHIVE_TABLE);
}

/** What deleting would erase, for the confirmation page. */
export async function deletionPreview(ctx: PortalContext) {
  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  if (!portal) throw new AppError('NOT_FOUND', 'Portal not found');
  let records = 0;
  for (const table of await erasableTables(ctx.deps.db, ctx.deps.database.dialect)) records += await countRows(ctx.deps.db, table, ctx.portalId);
  const usage = await getUsage(ctx);
  return { portal: { slug: portal.slug, name: portal.name }, records, storedBytes: usage.usedBytes, exportPage: '/app/settings/data' };
}

export async function requestPortalDeletion(ctx: PortalContext, input: { password: string; confirmSlug: string }) {
  const { deps } = ctx;
  const portal = await findPortalById(deps.db, ctx.portalId);
  const owner = ctx.actor.type === 'user' ? await findUser(deps.db, ctx.portalId, ctx.actor.userId) : undefined;
  if (!portal || !owner || owner.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the portal owner can delete the portal.');
  if (input.confirmSlug.trim() !== portal.slug) {
    throw new AppError('VALIDATION_FAILED', `confirmSlug must be the portal address, exactly: ${portal.slug}`, {
      fields: [{ path: 'confirmSlug', message: `type the portal address exactly: ${portal.slug}` }],
    });
  }
  // A throttle key that the deletion itself removes (it names the portal's address).
  const rules = [{ key: `login:${portal.slug}:delete-portal`, max: 5 }];
  await assertNotThrottled(deps, rules);
  if (!(await passwordMatches(deps, ctx.portalId, owner.id, input.password))) {
    await recordFailure(deps, rules);
    throw new AppError('INVALID_CREDENTIALS', 'The password is wrong', { fields: [{ path: 'password', message: 'is wrong' }] });
  }
  await clearFailures(deps, [rules[0]!.key]);
  return beginPortalDeletion(ctx, portal, owner.email);
}

/**
 * Closes the portal and queues its erase; the receipt goes to `receiptTo`.
 * The confirmation (owner's password and the typed address, or an operator's
 * own checks) is the caller's.
 */
export async function beginPortalDeletion(ctx: PortalContext, portal: { id: string; slug: string }, receiptTo: string) {
  const { deps } = ctx;
  const at = deps.clock.now(ctx.portalId).toISOString();
  const row: PortalDeletionRow = {
    id: newId(),
    reference: newReference('DEL'),
    target_portal_id: portal.id,
    portal_slug: portal.slug,
    owner_email: receiptTo,
    status: 'erasing',
    requested_at: at,
    completed_at: null,
    rows_erased: 0,
    files_erased: 0,
    steps: JSON.stringify([{ step: 'requested', at }]),
  };
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(ctx, { action: 'portal.deletion_requested', targetType: 'portal', targetId: portal.id, details: { reference: row.reference } }, trx);
    await closePortalForDeletion(deps, trx, portal.id);
    await trx.insertInto('portal_deletions').values(row).execute();
    // Not a job of the portal (no portal id): it must outlive the portal's rows, which include its jobs.
    await deps.jobs.enqueue(trx, ERASE_JOB, { deletionId: row.id }, { maxAttempts: 50 });
  });
  deps.log.info({ reference: row.reference, slug: portal.slug }, 'portal deletion requested');
  return { reference: row.reference, status: row.status, requestedAt: at };
}

const stepsOf = (d: PortalDeletionRow): Step[] => JSON.parse(d.steps) as Step[];

async function addStep(db: Executor, id: string, step: Step, counts: { rows?: number; files?: number } = {}): Promise<void> {
  const row = await db.selectFrom('portal_deletions').select(['steps', 'rows_erased', 'files_erased']).where('id', '=', id).executeTakeFirstOrThrow();
  await db
    .updateTable('portal_deletions')
    .set({
      steps: JSON.stringify([...(JSON.parse(row.steps) as Step[]), step]),
      rows_erased: Number(row.rows_erased) + (counts.rows ?? 0),
      files_erased: Number(row.files_erased) + (counts.files ?? 0),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The erase job: the invoices into the archive, rows table by table, then the files,
 * then (in one transaction) the rest, the portal itself and the receipt.
 */
export async function erasePortal(deps: AppDeps, deletionId: string): Promise<void> {
  const d = await deps.db.selectFrom('portal_deletions').selectAll().where('id', '=', deletionId).executeTakeFirst();
  if (!d) throw new PermanentJobError(`no portal deletion ${deletionId}`);
  if (d.status === 'completed' || !d.target_portal_id) return;
  const portalId = d.target_portal_id;
  await erase(deps, d, portalId);
  await compactSearchIndexes(deps.db, deps.database.dialect);
  deps.log.info({ reference: d.reference }, 'portal deleted');
}

async function erase(deps: AppDeps, d: PortalDeletionRow, portalId: string): Promise<void> {
  const now = () => deps.clock.now().toISOString();
  const dialect = deps.database.dialect;

  const portal = await findPortalById(deps.db, portalId);
  const buyer = { id: portalId, name: portal?.name ?? d.portal_slug, slug: d.portal_slug };
  // First, before any invoice is erased: a crash after this keeps the archive as it is, a rerun adds nothing twice.
  await deps.db.transaction().execute(async (trx) => {
    const kept = await archivePortalInvoices(deps, trx, buyer, d.reference);
    if (kept.count > 0 && !stepsOf(d).some((s) => s.step === 'invoices_archived')) {
      await addStep(trx, d.id, { step: 'invoices_archived', at: now(), invoices: kept.count, until: kept.until });
    }
  });

  const tables = await erasableTables(deps.db, dialect);
  await eraseTables(deps.db, tables, portalId, async (trx, table, rows) => {
    if (rows > 0) await addStep(trx, d.id, { step: 'rows_erased', at: now(), table, rows }, { rows });
  });
  await eraseFiles(deps.config.DATA_DIR, portalId, async (dir, files) => {
    await addStep(deps.db, d.id, { step: 'files_erased', at: now(), area: dir.split(/[\\/]/).at(-2) ?? '', files }, { files });
  });

  await deps.db.transaction().execute(async (trx) => {
    // An invoice issued since the first step (a renewal that was already running) is archived too.
    const invoices = await archivePortalInvoices(deps, trx, buyer, d.reference);
    const late = await eraseTablesIn(trx, await erasableTables(trx, dialect), portalId);
    await removePortalRecord(trx, { id: portalId, slug: d.portal_slug });
    const at = now();
    await addStep(trx, d.id, { step: 'completed', at, lateRows: late }, { rows: late });
    const done = await trx.selectFrom('portal_deletions').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    if (d.owner_email) {
      const receipt = deletionReceipt({
        reference: d.reference,
        slug: d.portal_slug,
        requestedAt: d.requested_at,
        completedAt: at,
        rows: Number(done.rows_erased),
        files: Number(done.files_erased),
        invoices,
      });
      await queueMail(deps, trx, null, { ...receipt, to: d.owner_email });
    }
    await trx
      .updateTable('portal_deletions')
      .set({ status: 'completed', completed_at: at, target_portal_id: null, owner_email: null })
      .where('id', '=', d.id)
      .execute();
  });
}

/** The operator's view of a deletion: status and counts, no portal content. */
export async function deletionStatus(deps: AppDeps, reference: string) {
  const d = await deps.db.selectFrom('portal_deletions').selectAll().where('reference', '=', reference).executeTakeFirst();
  if (!d) return null;
  return {
    reference: d.reference,
    slug: d.portal_slug,
    status: d.status,
    requestedAt: d.requested_at,
    completedAt: d.completed_at,
    rowsErased: Number(d.rows_erased),
    filesErased: Number(d.files_erased),
  };
}
