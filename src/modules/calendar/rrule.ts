import { Temporal } from 'temporal-polyfill';

/**
 * RFC 5545 RRULE values: parsed, checked and written back in one canonical
 * form. Only the rule parts a calendar needs: DAILY to YEARLY frequencies with
 * their BY* parts. Sub-daily frequencies are refused (they would need exact
 * rather than wall-clock arithmetic, and no calendar UI offers them).
 */

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** UNTIL as written: a UTC instant ("…Z"), a floating local date-time, or a date. */
export type Until =
  | { kind: 'utc'; epochMs: number; text: string }
  | { kind: 'local'; value: Temporal.PlainDateTime; text: string }
  | { kind: 'date'; value: Temporal.PlainDate; text: string };

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: Until;
  byDay?: string[];
  byMonth?: number[];
  byMonthDay?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  bySetPos?: number[];
  byHour?: number[];
  byMinute?: number[];
  bySecond?: number[];
  wkst?: Weekday;
}

export class RRuleError extends Error {}

export const MAX_COUNT = 5000;
const MAX_INTERVAL = 1000;

const KNOWN = [
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTH',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYSETPOS',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
  'WKST',
];

function integer(key: string, raw: string, min: number, max: number, allowNegative = false): number {
  if (!/^[+-]?\d{1,5}$/.test(raw)) throw new RRuleError(`${key} must be a whole number, not "${raw}"`);
  const n = Number(raw);
  const abs = Math.abs(n);
  if ((n < 0 && !allowNegative) || abs < min || abs > max) {
    throw new RRuleError(`${key}=${raw} is out of range (${allowNegative ? `±${min}…${max}` : `${min}…${max}`})`);
  }
  return n;
}

const list = (key: string, raw: string, min: number, max: number, allowNegative = false) =>
  raw.split(',').map((v) => integer(key, v.trim(), min, max, allowNegative));

function parseUntil(raw: string): Until {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(raw);
  if (!m) throw new RRuleError(`UNTIL must look like 20261231 or 20261231T235959Z, not "${raw}"`);
  try {
    const date = Temporal.PlainDate.from({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { overflow: 'reject' });
    if (m[4] === undefined) return { kind: 'date', value: date, text: raw };
    const value = date.toPlainDateTime({ hour: +m[4], minute: +m[5]!, second: +m[6]! });
    if (m[7]) return { kind: 'utc', epochMs: value.toZonedDateTime('UTC').epochMilliseconds, text: raw };
    return { kind: 'local', value, text: raw };
  } catch {
    throw new RRuleError(`UNTIL=${raw} is not a real date`);
  }
}

function parseByDay(raw: string, freq: Frequency): string[] {
  return raw.split(',').map((part) => {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(part.trim());
    if (!m) throw new RRuleError(`BYDAY=${part} is not a weekday such as MO or 2TU`);
    if (m[1] !== undefined) {
      if (freq !== 'MONTHLY' && freq !== 'YEARLY') throw new RRuleError(`BYDAY=${part}: numbered weekdays need FREQ=MONTHLY or YEARLY`);
      integer('BYDAY', m[1], 1, 53, true);
      return `${Number(m[1])}${m[2]}`;
    }
    return m[2]!;
  });
}

/** Parses an RRULE value ("FREQ=WEEKLY;BYDAY=MO", an "RRULE:" prefix is allowed); throws RRuleError naming the problem. */
export function parseRRule(value: string): RecurrenceRule {
  const text = value
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!text) throw new RRuleError('the rule is empty');
  if (text.length > 500) throw new RRuleError('the rule is too long');
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq) : part;
    const val = eq > 0 ? part.slice(eq + 1) : '';
    if (!KNOWN.includes(key)) throw new RRuleError(key.startsWith('RSCALE') || key === 'SKIP' ? `${key} is not supported` : `unknown rule part "${key}"`);
    if (!val) throw new RRuleError(`${key} has no value`);
    if (parts.has(key)) throw new RRuleError(`${key} appears twice`);
    parts.set(key, val);
  }
  const freqRaw = parts.get('FREQ');
  if (!freqRaw) throw new RRuleError('FREQ is required');
  if (!(FREQUENCIES as readonly string[]).includes(freqRaw)) {
    throw new RRuleError(`FREQ=${freqRaw} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY`);
  }
  const freq = freqRaw as Frequency;
  const rule: RecurrenceRule = { freq, interval: 1 };
  const get = (k: string) => parts.get(k);
  if (get('INTERVAL')) rule.interval = integer('INTERVAL', get('INTERVAL')!, 1, MAX_INTERVAL);
  if (get('COUNT')) rule.count = integer('COUNT', get('COUNT')!, 1, MAX_COUNT);
  if (get('UNTIL')) rule.until = parseUntil(get('UNTIL')!);
  if (rule.count !== undefined && rule.until) throw new RRuleError('COUNT and UNTIL cannot both be given');
  if (get('BYDAY')) rule.byDay = parseByDay(get('BYDAY')!, freq);
  if (get('BYMONTH')) rule.byMonth = list('BYMONTH', get('BYMONTH')!, 1, 12);
  if (get('BYMONTHDAY')) {
    if (freq === 'WEEKLY') throw new RRuleError('BYMONTHDAY cannot be used with FREQ=WEEKLY');
    rule.byMonthDay = list('BYMONTHDAY', get('BYMONTHDAY')!, 1, 31, true);
  }
  if (get('BYYEARDAY')) {
    if (freq !== 'YEARLY') throw new RRuleError('BYYEARDAY needs FREQ=YEARLY');
    rule.byYearDay = list('BYYEARDAY', get('BYYEARDAY')!, 1, 366, true);
  }
  if (get('BYWEEKNO')) {
    if (freq !== 'YEARLY') throw new RRuleError('BYWEEKNO needs FREQ=YEARLY');
    rule.byWeekNo = list('BYWEEKNO', get('BYWEEKNO')!, 1, 53, true);
  }
  if (get('BYSETPOS')) rule.bySetPos = list('BYSETPOS', get('BYSETPOS')!, 1, 366, true);
  if (get('BYHOUR')) rule.byHour = list('BYHOUR', get('BYHOUR')!, 0, 23);
  if (get('BYMINUTE')) rule.byMinute = list('BYMINUTE', get('BYMINUTE')!, 0, 59);
  if (get('BYSECOND')) rule.bySecond = list('BYSECOND', get('BYSECOND')!, 0, 59);
  if (get('WKST')) {
    const w = get('WKST')!;
    if (!(WEEKDAYS as readonly string[]).includes(w)) throw new RRuleError(`WKST=${w} is not a weekday`);
    rule.wkst = w as Weekday;
  }
  if (rule.bySetPos && !(rule.byDay || rule.byMonthDay || rule.byMonth || rule.byYearDay || rule.byWeekNo || rule.byHour || rule.byMinute)) {
    throw new RRuleError('BYSETPOS needs another BY… part to pick from');
  }
  return rule;
}

/** The canonical text of a rule: parts in a fixed order, UNTIL as it was written. */
export function formatRRule(rule: RecurrenceRule): string {
  const out = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) out.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) out.push(`COUNT=${rule.count}`);
  if (rule.until) out.push(`UNTIL=${rule.until.text}`);
  const lists: [string, (string | number)[] | undefined][] = [
    ['BYMONTH', rule.byMonth],
    ['BYWEEKNO', rule.byWeekNo],
    ['BYYEARDAY', rule.byYearDay],
    ['BYMONTHDAY', rule.byMonthDay],
    ['BYDAY', rule.byDay],
    ['BYHOUR', rule.byHour],
    ['BYMINUTE', rule.byMinute],
    ['BYSECOND', rule.bySecond],
    ['BYSETPOS', rule.bySetPos],
  ];
  for (const [key, values] of lists) if (values?.length) out.push(`${key}=${values.join(',')}`);
  if (rule.wkst) out.push(`WKST=${rule.wkst}`);
  return out.join(';');
}
