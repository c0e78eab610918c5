import type { PortalContext } from '../../kernel/context.js';
import { actorUserId } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { getUsers } from '../accounts/index.js';
import { listBusyIntervals } from '../calendar/index.js';
import { hoursOf } from './availability.service.js';
import { busyMinutes, personFree, ZoneCache } from './engine.js';
import { toWorkingHours } from './hours.js';
import type { FindTimesBody } from './scheduling.schema.js';
import { rankSuggestions, type RankedPerson } from './scoring.js';
import { collectiveSlots } from './slots.js';
import { isoOfMinute, parseWindow } from './window.js';

export const MAX_FIND_DAYS = 92;
const DEFAULT_STEP = 30;

function unknownUser(path: string) {
  return new AppError('INVALID_REFERENCE', `${path} is not an active user of this portal`, {
    fields: [{ path, message: 'is not an active user of this portal' }],
  });
}

/**
 * Find a time (SCH-2): the slots inside every required attendee's working
 * hours and free of their busy time, ranked with reasons. Only free/busy is
 * read, so any member may ask about anyone.
 */
export async function findTimes(ctx: PortalContext, input: FindTimesBody) {
  const window = parseWindow(input.from, input.to, MAX_FIND_DAYS);
  const now = Math.ceil(ctx.deps.clock.now(ctx.portalId).getTime() / 60_000);
  const from = Math.max(window.from, now);
  const to = window.to;
  const users = new Map((await getUsers(ctx)).filter((u) => u.status === 'active').map((u) => [u.id, u]));
  input.attendeeIds.forEach((id, i) => {
    if (!users.has(id)) throw unknownUser(`attendeeIds.${i}`);
  });
  input.optionalAttendeeIds.forEach((id, i) => {
    if (!users.has(id)) throw unknownUser(`optionalAttendeeIds.${i}`);
  });
  const required = [...new Set(input.attendeeIds)];
  const optional = [...new Set(input.optionalAttendeeIds)].filter((id) => !required.includes(id));
  const everyone = [...required, ...optional];

  const callerZone = actorUserId(ctx) ? (await hoursOf(ctx, [actorUserId(ctx)!])).get(actorUserId(ctx)!) : undefined;
  const fallbackZone = input.timeZone ?? (callerZone && !callerZone.isDefault ? callerZone.doc.timeZone : 'UTC');
  const hours = await hoursOf(ctx, everyone, fallbackZone);
  const notes = everyone
    .filter((id) => hours.get(id)!.isDefault)
    .map((id) => `${users.get(id)!.name} has not saved working hours: Monday to Friday 09:00–17:00 (${fallbackZone}) assumed`);
  if (to - from < input.durationMinutes) return { suggestions: [], considered: 0, notes: [...notes, 'The range is over or shorter than the meeting'] };

  const busy = await listBusyIntervals(ctx, everyone, isoOfMinute(from), isoOfMinute(to));
  const zones = new ZoneCache(from, to);
  const people = new Map<string, RankedPerson>(
    everyone.map((id) => {
      const h = hours.get(id)!;
      const mine = busy.filter((b) => b.userId === id).map((b) => ({ startMs: Date.parse(b.start), endMs: Date.parse(b.end) }));
      const { free } = personFree(zones, { hours: toWorkingHours(h.doc), busy: busyMinutes(mine), from, to });
      return [id, { id, name: users.get(id)!.name, timeZone: h.doc.timeZone, zone: zones.get(h.doc.timeZone), free }];
    }),
  );
  const requiredPeople = required.map((id) => people.get(id)!);
  const alignZone = input.timeZone ?? requiredPeople[0]!.timeZone;
  const rules = { duration: input.durationMinutes, step: input.granularityMinutes ?? DEFAULT_STEP, from, to, align: zones.get(alignZone) };
  const starts = collectiveSlots(
    requiredPeople.map((p) => p.free),
    rules,
  );
  const ranked = rankSuggestions({
    starts,
    duration: input.durationMinutes,
    required: requiredPeople,
    optional: optional.map((id) => people.get(id)!),
    from,
    to,
    limit: input.limit,
  });
  if (starts.length === 0) notes.push('No time in the range is free for every required attendee within their working hours');
  return {
    suggestions: ranked.map((s) => ({ ...s, start: isoOfMinute(s.start), end: isoOfMinute(s.end) })),
    considered: starts.length,
    notes,
  };
}
