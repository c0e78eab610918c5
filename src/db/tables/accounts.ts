export type Role = 'owner' | 'admin' | 'member';
export type UserStatus = 'active' | 'deactivated';

export interface PortalRow {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'deleting';
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  portal_id: string;
  email: string;
  email_normalized: string;
  name: string;
  password_hash: string;
  role: Role;
  status: UserStatus;
  created_at: string;
  updated_at: string;
  last_active_at: string | null;
  deactivated_at: string | null;
}

export interface SessionRow {
  /** SHA-256 of the cookie value: a database leak does not leak sessions. */
  id: string;
  portal_id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenRow {
  id: string;
  portal_id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** 'api': a personal API token (Bearer, /api). 'dav': an app password (HTTP Basic, /dav/ only). */
  scope: 'api' | 'dav';
}

export interface InviteRow {
  id: string;
  portal_id: string;
  email: string;
  email_normalized: string;
  role: 'admin' | 'member';
  token_hash: string;
  invited_by: string | null;
  status: 'pending' | 'accepted' | 'revoked';
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_user_id: string | null;
}

export interface PasswordResetRow {
  id: string;
  portal_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Failed sign-in attempts, kept in the database so that throttling holds across app processes. */
export interface AuthThrottleRow {
  id: string;
  key: string;
  created_at: string;
}

/**
 * The first sign-up of a closed install (SIGNUP=closed) claims it by inserting the one
 * row named 'first_signup' in its transaction: the primary key lets exactly one of
 * several concurrent sign-ups in. Erased with that portal (the install is empty again).
 */
export interface InstallClaimRow {
  name: string;
  portal_id: string;
  claimed_at: string;
}

export interface AccountsTables {
  portals: PortalRow;
  users: UserRow;
  sessions: SessionRow;
  api_tokens: ApiTokenRow;
  invites: InviteRow;
  password_resets: PasswordResetRow;
  auth_throttle: AuthThrottleRow;
  install_claims: InstallClaimRow;
}
