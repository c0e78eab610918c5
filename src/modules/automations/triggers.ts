import { CronExpressionParser } from 'cron-parser';
import type { Entity } from './fields.js';
import type { Trigger } from './automations.schema.js';

/** Which triggers fire for which event, and when a schedule runs next (pure). */

export interface EventFacts {
  type: string;
  entity: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  data: Record<string, unknown> | null;
}

/** The kind of record a trigger's conditions, templates and record actions work on. */
export function triggerEntity(t: Trigger): Entity | null {
  switch (t.type) {
    case 'record.created':
    case 'record.updated':
      return t.entity;
    case 'deal.stage_changed':
      return 'deal';
    case 'task.overdue':
      return 'task';
    case 'booking.created':
      return 'booking';
    case 'schedule':
      return null;
  }
}

export function triggerMatches(t: Trigger, ev: EventFacts): boolean {
  if (t.type !== ev.type) return false;
  switch (t.type) {
    case 'record.created':
      return ev.entity === t.entity;
    case 'record.updated':
      return ev.entity === t.entity && (!t.fields?.length || t.fields.some((f) => Object.hasOwn(ev.changes ?? {}, f)));
    case 'deal.stage_changed':
      return (!t.pipelineId || ev.data?.pipelineId === t.pipelineId) && (!t.stageId || ev.data?.toStageId === t.stageId);
    default:
      return true;
  }
}

/** Why a schedule cannot be used, naming the bad part, or null. */
export function scheduleProblem(cron: string, timeZone: string): { path: 'cron' | 'timeZone'; message: string } | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    return { path: 'timeZone', message: `"${timeZone}" is not an IANA time zone such as Europe/Berlin` };
  }
  const fields = cron.trim().split(/\s+/);
  if (!cron.trim().startsWith('@') && fields.length !== 5) {
    return { path: 'cron', message: 'must have five fields: minute hour day-of-month month day-of-week (e.g. "0 9 * * 1-5")' };
  }
  try {
    const expr = CronExpressionParser.parse(cron.trim(), { tz: timeZone, currentDate: new Date(0) });
    if (expr.fields.second.values.length > 1) return { path: 'cron', message: 'must not run more often than once a minute' };
    expr.next();
  } catch (err) {
    return { path: 'cron', message: `is not a valid cron expression: ${(err as Error).message}` };
  }
  return null;
}

/** The first time strictly after `after` the schedule fires, in its time zone (across DST as cron-parser does). */
export function nextRunAfter(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cron.trim(), { tz: timeZone, currentDate: after }).next().toDate();
}
