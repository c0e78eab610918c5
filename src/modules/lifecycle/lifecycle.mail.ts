import type { MailMessage } from '../mail/index.js';
import { type ArchiveSummary, type BillingTx, formatBytes, formatMoney, isoDay } from '../billing/index.js';
import type { DowngradeImpact } from './impact.js';

/** Lifecycle mail, to the portal's owner and admins (billing's mailAdmins), except the deletion receipt. */

type Msg = (portal: string) => Omit<MailMessage, 'to'>;

const billingLink = (tx: BillingTx) => `${tx.ctx.deps.config.BASE_URL}/app/settings/billing`;

/** The impact as lines a person reads in a mail: exactly what the review showed. */
export function impactLines(i: DowngradeImpact): string[] {
  const lines: string[] = [];
  if (i.featuresLost.length > 0) lines.push(`- Features that become read-only: ${i.featuresLost.map((f) => f.label).join(', ')}`);
  for (const [kind, n] of Object.entries(i.readOnly)) lines.push(`  - ${n} ${kind.replace(/_/g, ' ')} stay visible and exportable, read-only`);
  if (i.usersOverLimit.length > 0) {
    lines.push(
      `- ${i.usersOverLimit.length} user${i.usersOverLimit.length === 1 ? '' : 's'} over the ${i.seats.limit}-seat limit deactivated (not deleted): ${i.usersOverLimit.map((u) => `${u.name} <${u.email}>`).join(', ')}`,
    );
  }
  if (i.inaccessibleFiles.count > 0) {
    lines.push(
      `- ${i.inaccessibleFiles.count} file${i.inaccessibleFiles.count === 1 ? '' : 's'} (${formatBytes(i.inaccessibleFiles.bytes)}) over the ${formatBytes(i.storage.quotaBytes ?? 0)} quota stay listed but cannot be downloaded until you are under quota or upgrade`,
    );
  }
  for (const a of i.addonsEnded) lines.push(`- Add-on ended: ${a.description}`);
  if (i.refund.amount > 0) lines.push(`- Refund: ${formatMoney(i.refund.amount, i.refund.currency)} to your card`);
  if (lines.length === 0) lines.push('- Nothing else changes: every user, file and record stays as it is.');
  return lines;
}

export function cancelConfirmedMail(
  tx: BillingTx,
  c: { reference: string; fromName: string; toName: string; effectiveAt: Date; impact: DowngradeImpact },
): Msg {
  const day = isoDay(c.effectiveAt);
  return (portal) => ({
    subject: `${portal}: cancellation ${c.reference} confirmed — ${c.fromName} stays until ${day}`,
    text: [
      `Your ${c.fromName} plan for ${portal} stays active until ${day}. Then the portal moves to ${c.toName}.`,
      `Reference: ${c.reference}`,
      '',
      `On ${day}:`,
      ...impactLines(c.impact),
      '',
      'Nothing is deleted. Upgrading again later restores the users and files above exactly as they were.',
      `Changed your mind? Keep your plan in Settings → Billing until ${day}: ${billingLink(tx)}`,
    ].join('\n'),
  });
}

export function cancelWithdrawnMail(tx: BillingTx, c: { reference: string; planName: string; periodEnd: string | null }): Msg {
  return (portal) => ({
    subject: `${portal}: cancellation ${c.reference} withdrawn — ${c.planName} continues`,
    text: [
      `You kept your ${c.planName} plan for ${portal}; cancellation ${c.reference} is withdrawn.`,
      c.periodEnd ? `It renews on ${isoDay(new Date(c.periodEnd))} as before.` : '',
      '',
      billingLink(tx),
    ].join('\n'),
  });
}

export function downgradeDoneMail(tx: BillingTx, c: { fromName: string; impact: DowngradeImpact; reference: string | null }): Msg {
  return (portal) => ({
    subject: `${portal} is now on the ${c.impact.planName} plan`,
    text: [
      `${portal} moved from ${c.fromName} to ${c.impact.planName} on ${isoDay(tx.at)}${c.reference ? ` (cancellation ${c.reference})` : ''}. This is what changed, as previewed:`,
      ...impactLines(c.impact),
      '',
      'No data was deleted. Choose a plan again at any time and the users and files above are back exactly as they were.',
      billingLink(tx),
    ].join('\n'),
  });
}

export function pausedMail(tx: BillingTx, c: { planName: string; resumeAt: Date }): Msg {
  const day = isoDay(c.resumeAt);
  return (portal) => ({
    subject: `${portal} is paused until ${day}`,
    text: [
      `Your ${c.planName} plan for ${portal} is paused until ${day}: no invoices, and everything stays readable (changes are paused too).`,
      `It resumes by itself on ${day}; we will remind you a week before. The days left of your current period are kept for after the pause.`,
      `Resume earlier at any time in Settings → Billing: ${billingLink(tx)}`,
    ].join('\n'),
  });
}

export function pauseReminderMail(tx: BillingTx, c: { planName: string; resumeAt: Date }): Msg {
  const day = isoDay(c.resumeAt);
  return (portal) => ({
    subject: `${portal} resumes on ${day}`,
    text: [
      `The pause of ${portal} ends on ${day}: your ${c.planName} plan continues from there and billing resumes at the end of the period, as before the pause.`,
      `Nothing to do if that suits you. To cancel or downgrade instead, go to Settings → Billing: ${billingLink(tx)}`,
    ].join('\n'),
  });
}

export function resumedMail(tx: BillingTx, c: { planName: string; periodEnd: string | null; early: boolean }): Msg {
  return (portal) => ({
    subject: `${portal} is active again`,
    text: [
      `${c.early ? 'You ended the pause' : 'The pause ended'}: ${portal} is active again on the ${c.planName} plan.`,
      c.periodEnd ? `The current period now ends on ${isoDay(new Date(c.periodEnd))}; the plan renews then.` : '',
      '',
      billingLink(tx),
    ].join('\n'),
  });
}

/** The receipt of a portal deletion: built from the deletion record alone (no portal content). */
export function deletionReceipt(d: {
  reference: string;
  slug: string;
  requestedAt: string;
  completedAt: string;
  rows: number;
  files: number;
  /** The portal's invoices kept in the operator's archive (ADR 0025). */
  invoices: ArchiveSummary;
}): Omit<MailMessage, 'to'> {
  const kept = d.invoices.count > 0 && d.invoices.until;
  return {
    subject: `Portal "${d.slug}" deleted — receipt ${d.reference}`,
    text: [
      `As you asked on ${d.requestedAt}, the portal "${d.slug}" was deleted for good on ${d.completedAt}.`,
      '',
      `Receipt: ${d.reference}`,
      `Records erased: ${d.rows}`,
      `Stored files erased: ${d.files}`,
      `Invoices kept: ${kept ? d.invoices.count : 0}`,
      '',
      ...(kept
        ? [
            'Nothing of the portal remains — no users, records, files or logs — except its invoices.',
            `Accounting law requires the seller to keep every invoice it issued for ${d.invoices.years} years from the end of the year of issue, so the operator of this server keeps the portal's ${d.invoices.count} invoice${d.invoices.count === 1 ? '' : 's'} in an archive only operators can read, until ${isoDay(new Date(new Date(d.invoices.until as string).getTime() - 1))} at the latest; each is then deleted.`,
            'They hold only what was printed on them: number, dates, the billing details of seller and buyer, lines, amounts and tax.',
          ]
        : ['Nothing of the portal remains: no users, records, files, invoices or logs. This receipt is the only trace, and it holds none of its content.']),
      'The address can be used for a new portal.',
    ].join('\n'),
  };
}
