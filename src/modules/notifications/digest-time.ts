/** When the daily digest goes out: the next 08:00 in a time zone (pure, DST-aware). */

export const DIGEST_HOUR = 8;

/** Milliseconds the zone is ahead of UTC at `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date of `ms` in the zone, as a UTC midnight timestamp. */
function localDay(ms: number, timeZone: string): number {
  const local = ms + offsetMs(ms, timeZone);
  return Date.UTC(new Date(local).getUTCFullYear(), new Date(local).getUTCMonth(), new Date(local).getUTCDate());
}

/** The instant of `hour`:00 local time on the local day `day` (a UTC midnight timestamp). */
function atLocalHour(day: number, hour: number, timeZone: string): number {
  const wall = day + hour * 3_600_000;
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

/** The first 08:00 in `timeZone` strictly after `now`. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const today = localDay(now.getTime(), timeZone);
  for (let i = 0; i < 3; i++) {
    const at = atLocalHour(today + i * 86_400_000, DIGEST_HOUR, timeZone);
    if (at > now.getTime()) return new Date(at);
  }
  return new Date(atLocalHour(today + 3 * 86_400_000, DIGEST_HOUR, timeZone));
}
