import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { getUsers } from '../accounts/index.js';
import { listBusyIntervals } from '../calendar/index.js';
import { busyMinutes, ZoneCache } from './engine.js';
import { DEFAULT_WEEKLY, hhmm, toWorkingHours, workingIntervals, type AvailabilityDoc } from './hours.js';
import { findAvailability, listAvailability, upsertAvailability } from './scheduling.repo.js';
import type { AvailabilityBody, AvailabilityOut } from './scheduling.schema.js';
import type { AvailabilityRow } from '../../db/tables/scheduling.js';
import { invalid, parseWindow } from './window.js';
import { newId } from '../../kernel/ids.js';

export const DEFAULT_NOTE = 'No working hours saved yet: Monday to Friday, 09:00–17:00 applies.';

export interface UserHours {
  userId: string;
  doc: AvailabilityDoc;
  isDefault: boolean;
}

function docOf(row: AvailabilityRow): AvailabilityDoc {
  return { timeZone: row.time_zone, weekly: JSON.parse(row.weekly), overrides: JSON.parse(row.overrides) };
}

export const defaultDoc = (timeZone: string): AvailabilityDoc => ({ timeZone, weekly: DEFAULT_WEEKLY, overrides: [] });

function toOut(userId: string, doc: AvailabilityDoc, row: AvailabilityRow | undefined): AvailabilityOut {
  return {
    userId,
    timeZone: doc.timeZone,
    weekly: doc.weekly,
    overrides: doc.overrides.map((o) => ({ date: o.date, ranges: o.ranges, unavailable: o.ranges.length === 0 })),
    isDefault: !row,
    note: row ? null : `${DEFAULT_NOTE.replace('applies', `applies in ${doc.timeZone}`)}`,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Working hours of these users (the default for those who saved none, in `fallbackZone`). */
export async function hoursOf(ctx: PortalContext, userIds: readonly string[], fallbackZone = 'UTC'): Promise<Map<string, UserHours>> {
  const rows = new Map((await listAvailability(scopeOf(ctx), userIds)).map((r) => [r.user_id, r]));
  return new Map(
    userIds.map((id) => {
      const row = rows.get(id);
      return [id, { userId: id, doc: row ? docOf(row) : defaultDoc(fallbackZone), isDefault: !row }];
    }),
  );
}

export async function getAvailability(ctx: PortalContext, userId: string, fallbackZone = 'UTC'): Promise<AvailabilityOut> {
  const row = await findAvailability(scopeOf(ctx), userId);
  return toOut(userId, row ? docOf(row) : defaultDoc(fallbackZone), row);
}

/** Sorted, non-overlapping ranges, or a 400 naming the entry at fault. */
function checkRanges(ranges: { start: string; end: string }[], path: (i: number) => string) {
  const sorted = ranges.map((r, i) => ({ ...r, i, s: hhmm(r.start), e: hhmm(r.end) })).sort((a, b) => a.s - b.s);
  for (const r of sorted) if (r.e <= r.s) throw invalid(`${path(r.i)}.end`, 'must be after start');
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.s < sorted[k - 1]!.e) throw invalid(`${path(sorted[k]!.i)}.start`, 'overlaps another range of the same day');
  }
  return sorted.map(({ start, end }) => ({ start, end }));
}

export function validateAvailability(input: AvailabilityBody): AvailabilityDoc {
  const weekly: AvailabilityDoc['weekly'] = [];
  for (let day = 1; day <= 7; day++) {
    const idx = input.weekly.map((w, i) => ({ w, i })).filter(({ w }) => w.day === day);
    const ranges = checkRanges(
      idx.map(({ w }) => w),
      (k) => `weekly.${idx[k]!.i}`,
    );
    for (const r of ranges) weekly.push({ day, ...r });
  }
  const seen = new Set<string>();
  const overrides = input.overrides.map((o, i) => {
    if (seen.has(o.date)) throw invalid(`overrides.${i}.date`, 'appears twice');
    seen.add(o.date);
    if (o.unavailable && o.ranges?.length) throw invalid(`overrides.${i}.ranges`, 'must be empty when the day is unavailable');
    if (!o.unavailable && !o.ranges?.length) throw invalid(`overrides.${i}.ranges`, 'must list the hours, or set unavailable: true');
    return { date: o.date, ranges: o.unavailable ? [] : checkRanges(o.ranges!, (k) => `overrides.${i}.ranges.${k}`) };
  });
  overrides.sort((a, b) => a.date.localeCompare(b.date));
  return { timeZone: input.timeZone, weekly, overrides };
}

export async function putAvailability(ctx: PortalContext, userId: string, input: AvailabilityBody): Promise<AvailabilityOut> {
  const doc = validateAvailability(input);
  const at = nowIso(ctx);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    const existing = await findAvailability(s, userId);
    await upsertAvailability(s, {
      id: existing?.id ?? newId(),
      user_id: userId,
      time_zone: doc.timeZone,
      weekly: JSON.stringify(doc.weekly),
      overrides: JSON.stringify(doc.overrides),
      created_at: existing?.created_at ?? at,
      updated_at: at,
    });
  });
  return getAvailability(ctx, userId);
}

/** An admin's view of a colleague's time: working hours and busy intervals, never what the events are. */
export async function freeBusy(ctx: PortalContext, userId: string, from: string, to: string) {
  const user = (await getUsers(ctx)).find((u) => u.id === userId);
  if (!user) throw notFound('User');
  const window = parseWindow(from, to, 92);
  const [hours] = (await hoursOf(ctx, [userId])).values();
  const zones = new ZoneCache(window.from, window.to);
  const working = workingIntervals(toWorkingHours(hours!.doc), zones.get(hours!.doc.timeZone), window.from, window.to);
  const busy = await listBusyIntervals(ctx, [userId], from, to);
  const pairs = (flat: number[]) => {
    const out: { start: string; end: string }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ start: new Date(flat[i]! * 60_000).toISOString(), end: new Date(flat[i + 1]! * 60_000).toISOString() });
    return out;
  };
  return {
    userId,
    timeZone: hours!.doc.timeZone,
    isDefaultHours: hours!.isDefault,
    workingHours: pairs(working),
    busy: pairs(busyMinutes(busy.map((b) => ({ startMs: Date.parse(b.start), endMs: Date.parse(b.end) })))),
  };
}

export function callerOrThrow(ctx: PortalContext): string {
  const id = actorUserId(ctx);
  if (!id) throw new AppError('UNAUTHENTICATED', 'Log in to continue');
  return id;
}
