import type { OperatorAuditEntry } from './operatorApi';

const labels: Record<string, string> = {
  'operator.created': 'Operator created',
  'operator.login': 'Logged in',
  'operator.login_failed': 'Failed log-in',
  'operator.logout': 'Logged out',
  'operator.password_set': 'Password set',
  'operator.password_changed': 'Password changed',
  'operator.password_link_issued': 'Password link issued',
  'operator.disabled': 'Operator disabled',
  'operator.enabled': 'Operator enabled',
  'operator.trial_extended': 'Trial extended',
  'operator.plan_granted': 'Plan granted for free',
  'operator.export_started': 'Export started',
  'operator.export_downloaded': 'Export downloaded',
  'operator.portal_deleted': 'Portal deleted',
  'operator.invoice_archive_listed': 'Invoice archive listed',
  'operator.archived_invoice_downloaded': 'Archived invoice opened',
  'instance.billing_enabled': 'Billing turned on',
  'instance.billing_disabled': 'Billing turned off (self-hosted)',
};

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** "Plan granted for free: business until 2099-01-01 (Conference sponsor)". */
export function auditSummary(e: OperatorAuditEntry): string {
  const label = labels[e.action] ?? e.action;
  const d = e.details ?? {};
  const until = text(d.until)?.slice(0, 10);
  const extra = [text(d.planId), text(d.number), until ? `until ${until}` : null, text(d.reference)].filter(Boolean).join(' ');
  const why = text(d.reason) ?? text(d.note);
  return `${label}${extra ? `: ${extra}` : ''}${why ? ` (${why})` : ''}`;
}
