import { weekdayOf } from './time';

/** The recurrence editor's state, and the RRULE it stands for (RFC 5545). */
export type RepeatFreq = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' | 'custom';
export type RepeatEnds = 'never' | 'on' | 'after';

export interface RepeatState {
  freq: RepeatFreq;
  interval: number;
  byDay: string[];
  ends: RepeatEnds;
  /** Last day ("YYYY-MM-DD") when ends = 'on'. */
  until: string;
  count: number;
  /** A rule this editor cannot show (BYSETPOS, BYMONTHDAY…): kept as it is. */
  raw: string | null;
}

export const WEEKDAYS = [
  { code: 'MO', short: 'Mon', long: 'Monday' },
  { code: 'TU', short: 'Tue', long: 'Tuesday' },
  { code: 'WE', short: 'Wed', long: 'Wednesday' },
  { code: 'TH', short: 'Thu', long: 'Thursday' },
  { code: 'FR', short: 'Fri', long: 'Friday' },
  { code: 'SA', short: 'Sat', long: 'Saturday' },
  { code: 'SU', short: 'Sun', long: 'Sunday' },
] as const;

export const noRepeat = (): RepeatState => ({ freq: 'none', interval: 1, byDay: [], ends: 'never', until: '', count: 10, raw: null });

/**
 * The weekly days after the first day moved from `from` to `to` ("YYYY-MM-DD"): while the
 * days are just the old first day's weekday (the default, untouched), they follow the new
 * one; days the person chose stay as chosen.
 */
export function followStartDay(s: RepeatState, from: string, to: string): RepeatState {
  if (from.slice(0, 10) === to.slice(0, 10) || !/^\d{4}-\d{2}-\d{2}/.test(to) || !/^\d{4}-\d{2}-\d{2}/.test(from)) return s;
  const before = weekdayOf(from);
  if (s.byDay.length !== 1 || s.byDay[0] !== before) return s;
  const after = weekdayOf(to);
  return after === before ? s : { ...s, byDay: [after] };
}

/** The RRULE value for the editor's state; null for "does not repeat". */
export function buildRRule(s: RepeatState, startDate: string): string | null {
  if (s.freq === 'none') return null;
  if (s.freq === 'custom') return s.raw;
  const parts = [`FREQ=${s.freq}`];
  if (s.interval > 1) parts.push(`INTERVAL=${Math.floor(s.interval)}`);
  if (s.ends === 'after') parts.push(`COUNT=${Math.max(1, Math.floor(s.count))}`);
  if (s.ends === 'on' && s.until) parts.push(`UNTIL=${s.until.replace(/-/g, '')}`);
  if (s.freq === 'WEEKLY') {
    const days = s.byDay.length ? s.byDay : [weekdayOf(startDate)];
    parts.push(
      `BYDAY=${WEEKDAYS.map((d) => d.code)
        .filter((c) => days.includes(c))
        .join(',')}`,
    );
  }
  return parts.join(';');
}

const SIMPLE_KEYS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST']);

/** The editor's state for a stored rule; rules with parts it cannot show stay as "custom". */
export function parseRRule(rule: string | null, startDate: string): RepeatState {
  if (!rule) return { ...noRepeat(), byDay: [weekdayOf(startDate)] };
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ') ?? '';
  const simple = [...parts.keys()].every((k) => SIMPLE_KEYS.has(k)) && ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq);
  const byDay = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
  if (!simple || (freq !== 'WEEKLY' && byDay.length) || byDay.some((d) => !/^[A-Z]{2}$/.test(d))) {
    return { ...noRepeat(), freq: 'custom', raw: rule };
  }
  const until = parts.get('UNTIL');
  return {
    freq: freq as RepeatFreq,
    interval: Number(parts.get('INTERVAL') ?? 1),
    byDay: byDay.length ? byDay : [weekdayOf(startDate)],
    ends: parts.has('COUNT') ? 'after' : until ? 'on' : 'never',
    until: until ? `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` : '',
    count: Number(parts.get('COUNT') ?? 10),
    raw: null,
  };
}

/** "Weekly on Mon, Wed", "Every 2 days, 5 times"… for the event dialog. */
export function describeRepeat(s: RepeatState): string {
  if (s.freq === 'none') return 'Does not repeat';
  if (s.freq === 'custom') return `Custom rule: ${s.raw}`;
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[s.freq];
  let text = s.interval > 1 ? `Every ${s.interval} ${unit}s` : { DAILY: 'Daily', WEEKLY: 'Weekly', MONTHLY: 'Monthly', YEARLY: 'Yearly' }[s.freq];
  if (s.freq === 'WEEKLY')
    text += ` on ${WEEKDAYS.filter((d) => s.byDay.includes(d.code))
      .map((d) => d.short)
      .join(', ')}`;
  if (s.ends === 'after') text += `, ${s.count} times`;
  if (s.ends === 'on' && s.until) text += `, until ${s.until}`;
  return text;
}
