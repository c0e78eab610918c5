/** Shapes returned by the SchedulingKit API (see server modules under src/). */

export type Role = 'owner' | 'admin' | 'member';
export type AssignableRole = Exclude<Role, 'owner'>;
export type UserStatus = 'active' | 'deactivated';

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: UserStatus;
  createdAt: string;
  lastActiveAt: string | null;
}

export interface Portal {
  id: string;
  slug: string;
  name: string;
}

/** Body of GET /api/me, and of login / signup / invite acceptance. */
export interface Session {
  user: User;
  role: Role;
  portal: Portal;
}

export interface ListResponse<T> {
  items: T[];
}

export interface PageResponse<T> {
  items: T[];
  nextCursor: string | null;
}

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invite {
  id: string;
  email: string;
  role: AssignableRole;
  status: InviteStatus;
  createdAt: string;
  expiresAt: string;
  invitedBy: { id: string; name: string } | null;
}

/** Public view of an invite, GET /api/invites/:token. */
export interface InvitePreview {
  portal: { slug: string; name: string };
  email: string;
  role: AssignableRole;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  action: string;
  /** Who acted: 'user', 'token', 'system'… */
  actorType: string;
  actor: { id: string; name: string | null; email: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'stored';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: OutboxStatus;
  createdAt: string;
  sentAt: string | null;
}
