import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/types.js';
import type { JobQueue } from './jobs/queue.js';
import type { JobRunner } from './jobs/runner.js';
import type { MailTransport } from './mail-transport.js';
import type { Role } from '../db/tables/accounts.js';
import { portalScope, type Executor } from '../db/scope.js';

/** What the whole process shares: built once at start, handed to every service. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  jobs: JobQueue;
  mail: MailTransport;
  /** The process's job runner, once started (the test clock runs a portal's due jobs through it). */
  jobRunner?: JobRunner;
}

export type Actor =
  | { type: 'user'; userId: string; role: Role }
  | { type: 'system' }
  /** Someone who runs the service (operator console, LIF-7): acts on a portal, never reads its records. */
  | { type: 'operator'; operatorId: string; email: string; name: string }
  | { type: 'guest' };

/**
 * The portal a use case runs in, and who runs it. Built by the HTTP edge from the
 * session or API token (never from the request body), or by a job from its row.
 */
export interface PortalContext {
  deps: AppDeps;
  portalId: string;
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}

export function systemContext(deps: AppDeps, portalId: string): PortalContext {
  return { deps, portalId, actor: { type: 'system' }, ip: null, userAgent: null };
}

/** Portal-scoped query builders for this context, optionally inside a transaction. */
export function scopeOf(ctx: PortalContext, executor: Executor = ctx.deps.db) {
  return portalScope(executor, ctx.portalId);
}

export function actorUserId(ctx: PortalContext): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.userId : null;
}

export const nowIso = (ctx: { deps: AppDeps; portalId?: string | null }): string => ctx.deps.clock.now(ctx.portalId).toISOString();
