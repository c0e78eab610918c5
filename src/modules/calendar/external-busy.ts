import type { PortalContext } from '../../kernel/context.js';
import type { Executor } from '../../db/scope.js';

/**
 * Busy time kept outside the calendar module (connected calendars, issue 18):
 * a source answers, for some users and a window, the intervals in which they
 * are busy elsewhere. `busyOf` adds them to the users' own events, so that
 * availability, find-a-time, booking pages (and the booking transaction's
 * conflict check) and auto-scheduling see them without reading other
 * modules' tables. Sources are registered in src/server/compose.ts.
 */
export type ExternalBusySource = (
  ctx: PortalContext,
  userIds: readonly string[],
  fromMs: number,
  toMs: number,
  executor?: Executor,
) => Promise<{ userId: string; startMs: number; endMs: number }[]>;

const sources: ExternalBusySource[] = [];

/** Adds a source (idempotent: the same function is added once). */
export function registerExternalBusy(source: ExternalBusySource): void {
  if (!sources.includes(source)) sources.push(source);
}

export async function externalBusyOf(
  ctx: PortalContext,
  userIds: readonly string[],
  fromMs: number,
  toMs: number,
  executor?: Executor,
): Promise<{ userId: string; startMs: number; endMs: number }[]> {
  if (sources.length === 0 || userIds.length === 0) return [];
  const out: { userId: string; startMs: number; endMs: number }[] = [];
  for (const source of sources) out.push(...(await source(ctx, userIds, fromMs, toMs, executor)));
  return out;
}
