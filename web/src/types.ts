/** Shapes returned by the SchedulingKit API, from the generated OpenAPI types (web/src/api/schema.d.ts). */
import type { Json, Schema } from './api/types';

export type User = Schema<'User'>;
export type Role = User['role'];
export type AssignableRole = Exclude<Role, 'owner'>;
export type UserStatus = User['status'];

export type Portal = Schema<'Portal'>;

/** Body of GET /api/me, and of login / signup / invite acceptance. */
export type Session = Schema<'Me'>;

export type Invite = Schema<'Invite'>;
export type InviteStatus = Invite['status'];

/** Public view of an invite, GET /api/invites/:token. */
export type InvitePreview = Json<'/api/invites/{token}'>;

export type ApiToken = Schema<'ApiToken'>;
export type CreatedApiToken = Json<'/api/tokens', 'post', 201>;

export type AuditEntry = Schema<'AuditEntry'>;

export type OutboxMail = Schema<'OutboxMail'>;
export type OutboxStatus = OutboxMail['status'];
