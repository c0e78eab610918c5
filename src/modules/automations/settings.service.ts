import type { Executor } from '../../db/scope.js';
import { nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './automations.repo.js';
import type { AutomationSettingsRow } from '../../db/tables/automations.js';
import { newWebhookSecret, SIGNATURE_ALGORITHM, SIGNATURE_HEADER } from './webhook.js';

/** The portal's automation settings row, created with a fresh webhook secret on first use. */
export async function ensureSettings(ctx: PortalContext, executor: Executor = ctx.deps.db): Promise<AutomationSettingsRow> {
  const s = scopeOf(ctx, executor);
  const existing = await repo.findSettings(s);
  if (existing) return existing;
  const at = nowIso(ctx);
  // Two first uses may race: the primary key lets one insert win, and both read the winner's.
  await s
    .insertInto('automation_settings', {
      webhook_secret: newWebhookSecret(),
      secret_rotated_at: at,
      overdue_next_scan_at: null,
      overdue_scanned_to: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('portal_id').doNothing())
    .execute();
  return (await repo.findSettings(s))!;
}

const secretOut = (row: AutomationSettingsRow) => ({
  secret: row.webhook_secret,
  rotatedAt: row.secret_rotated_at,
  header: SIGNATURE_HEADER,
  algorithm: SIGNATURE_ALGORITHM,
});

export async function getWebhookSecret(ctx: PortalContext) {
  return secretOut(await ensureSettings(ctx));
}

/** A new secret signs every delivery from now on, retries of earlier ones included. */
export async function rotateWebhookSecret(ctx: PortalContext) {
  return ctx.deps.db.transaction().execute(async (trx) => {
    await ensureSettings(ctx, trx);
    const at = nowIso(ctx);
    await scopeOf(ctx, trx).updateTable('automation_settings', { webhook_secret: newWebhookSecret(), secret_rotated_at: at, updated_at: at }).execute();
    await recordAudit(ctx, { action: 'automations.webhook_secret_rotated', targetType: 'portal', targetId: ctx.portalId }, trx);
    return secretOut((await repo.findSettings(scopeOf(ctx, trx)))!);
  });
}
