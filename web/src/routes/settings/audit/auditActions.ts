/** Human labels for audit actions; unknown actions are shown as they are. */
const labels: Record<string, string> = {
  'portal.created': 'Created the portal',
  'portal.ownership_transferred': 'Transferred ownership',
  'auth.login': 'Logged in',
  'auth.login_failed': 'Failed to log in',
  'auth.logout': 'Logged out',
  'auth.password_reset_requested': 'Asked for a password reset',
  'auth.password_reset': 'Reset their password',
  'auth.password_changed': 'Changed their password',
  'user.invited': 'Invited someone',
  'user.invite_revoked': 'Revoked an invite',
  'user.joined': 'Joined the portal',
  'user.role_changed': 'Changed a role',
  'user.deactivated': 'Deactivated a user',
  'user.reactivated': 'Reactivated a user',
  'api_token.created': 'Created an API token',
  'api_token.revoked': 'Deleted an API token',
  'portability.export_requested': 'Started an export',
  'portability.export_downloaded': 'Downloaded an export',
  'operator.export_started': 'Started an export, with a reason',
};

export function auditActionLabel(action: string): string {
  if (labels[action]) return labels[action];
  const last = action.split('.').pop() ?? action;
  const words = last.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const actorTypeLabels: Record<string, string> = {
  system: 'System',
  operator: 'Server operator',
  guest: 'Not logged in',
  user: 'Unknown user',
};

/** Name shown in the "Who" column. */
export function auditActorName(entry: { actorType: string; actor: { name: string | null; email: string | null } | null }): string {
  if (entry.actor && entry.actorType === 'operator') return `${entry.actor.name ?? entry.actor.email ?? ''} (server operator)`.trim();
  if (entry.actor) return entry.actor.name ?? entry.actor.email ?? actorTypeLabels.user!;
  return actorTypeLabels[entry.actorType] ?? entry.actorType;
}
