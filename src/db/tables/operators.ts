// Row types of the operators module's tables (see src/db/types.ts for the conventions).
// None is a tenant table: operators run the service and belong to no portal.

export type OperatorStatus = 'active' | 'disabled';

/** Someone who runs the service (LIF-7): created with `skit operator create`, separate from portal users. */
export interface OperatorRow {
  id: string;
  email: string;
  email_normalized: string;
  name: string;
  /** null until the operator sets a password through their link. */
  password_hash: string | null;
  status: OperatorStatus;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface OperatorSessionRow {
  /** SHA-256 of the cookie value. */
  id: string;
  operator_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A one-time link to set an operator's password (printed by the CLI, never mailed). */
export interface OperatorPasswordLinkRow {
  id: string;
  operator_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * The operators' own audit log: every console action, by whom, on which
 * portal. It names the portal by id and address (not `portal_id`), so that it
 * outlives a portal the operator deleted.
 */
export interface OperatorAuditRow {
  id: string;
  /** null: the CLI (`skit …`). */
  operator_id: string | null;
  operator_email: string | null;
  action: string;
  target_portal_id: string | null;
  portal_slug: string | null;
  /** JSON object or null. */
  details: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
}

/** Facts about the whole install, by key (e.g. `billing_mode`: the mode it last ran in). */
export interface InstanceSettingRow {
  key: string;
  value: string;
  updated_at: string;
}

export interface OperatorsTables {
  operators: OperatorRow;
  operator_sessions: OperatorSessionRow;
  operator_password_links: OperatorPasswordLinkRow;
  operator_audit: OperatorAuditRow;
  instance_settings: InstanceSettingRow;
}
