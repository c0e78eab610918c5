import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';
import { searchKey } from '../../kernel/text.js';

/**
 * Quick add (SCH-5): "30 min with Mia next Tuesday afternoon" → a duration,
 * the names after "with", a time window in the person's zone, and what is
 * left as the title. chrono-node reads the dates; durations, parts of the day
 * and weeks are read here, because chrono takes "30 min" for "in 30 minutes".
 */

export const PARTS_OF_DAY: Record<string, [number, number]> = {
  morning: [8 * 60, 12 * 60],
  noon: [12 * 60, 14 * 60],
  lunch: [12 * 60, 14 * 60],
  lunchtime: [12 * 60, 14 * 60],
  afternoon: [12 * 60, 17 * 60],
  evening: [17 * 60, 21 * 60],
  tonight: [18 * 60, 22 * 60],
};

export const DEFAULT_DURATION = 30;

export interface ParsedPhrase {
  title: string | null;
  durationMinutes: number;
  /** Names as written after "with" ("Anna", "Bob Smith"). */
  names: string[];
  /** Epoch milliseconds. */
  window: { from: number; to: number };
  /** The bits of text that were understood, for the UI to show. */
  understood: { duration: string | null; when: string | null };
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  ninety: 90,
};
const NUM = `(\\d+(?:[.,]\\d+)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const HOURS = '(?:h|hr|hrs|hour|hours)';
const MINUTES = '(?:m|min|mins|minute|minutes)';
const DURATION_PATTERNS: { re: RegExp; minutes: (m: RegExpExecArray) => number }[] = [
  { re: /\b(?:for\s+)?(?:a\s+)?quarter(?:\s+of\s+an)?\s+hour\b/i, minutes: () => 15 },
  { re: /\b(?:for\s+)?(?:an?\s+)?(?:hour\s+and\s+a\s+half|one\s+and\s+a\s+half\s+hours?)\b/i, minutes: () => 90 },
  { re: /\b(?:for\s+)?half\s+an?\s+hour\b|\b(?:for\s+)?half[-\s]hour\b/i, minutes: () => 30 },
  { re: new RegExp(`\\b(?:for\\s+)?(\\d+)\\s*h\\s*(\\d{1,2})\\b(?:\\s*${MINUTES}\\b)?`, 'i'), minutes: (m) => Number(m[1]) * 60 + Number(m[2]) },
  {
    re: new RegExp(`\\b(?:for\\s+)?${NUM}\\s*${HOURS}(?:\\s*(?:and\\s*)?(\\d+)\\s*${MINUTES})?\\b`, 'i'),
    minutes: (m) => Math.round(numberOf(m[1]!) * 60) + (m[2] ? Number(m[2]) : 0),
  },
  { re: new RegExp(`\\b(?:for\\s+)?${NUM}[\\s-]*${MINUTES}\\b`, 'i'), minutes: (m) => Math.round(numberOf(m[1]!)) },
];

function numberOf(word: string): number {
  const w = word.toLowerCase();
  return NUMBER_WORDS[w] ?? Number(w.replace(',', '.'));
}

function takeDuration(text: string): { minutes: number | null; match: string | null; rest: string } {
  for (const p of DURATION_PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const minutes = p.minutes(m);
    if (!(minutes > 0 && minutes <= 24 * 60)) continue;
    return { minutes, match: m[0].trim(), rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}` };
  }
  return { minutes: null, match: null, rest: text };
}

const WEEK = /\b(next|this|coming)\s+week\b/i;

interface When {
  from: Temporal.ZonedDateTime;
  to: Temporal.ZonedDateTime;
  text: string;
}

function partOfDay(text: string): [number, number] | null {
  const m = /\b(morning|noon|lunchtime|lunch|afternoon|evening|tonight)\b/i.exec(text);
  return m ? PARTS_OF_DAY[m[1]!.toLowerCase()]! : null;
}

const atMinute = (date: Temporal.PlainDate, minutes: number, zone: string) =>
  minutes >= 1440
    ? date.add({ days: 1 }).toZonedDateTime({ timeZone: zone })
    : date.toPlainDateTime({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toZonedDateTime(zone, { disambiguation: 'compatible' });

/** The window a date phrase means in `zone`, relative to `now`. */
function readWhen(text: string, now: Temporal.ZonedDateTime, durationMinutes: number): { when: When | null; rest: string } {
  const zone = now.timeZoneId;
  const week = WEEK.exec(text);
  if (week) {
    const monday = now.toPlainDate().subtract({ days: now.dayOfWeek - 1 });
    const start = week[1]!.toLowerCase() === 'this' ? monday : monday.add({ weeks: 1 });
    const from = start.toZonedDateTime({ timeZone: zone });
    return { when: { from, to: start.add({ weeks: 1 }).toZonedDateTime({ timeZone: zone }), text: week[0] }, rest: text.replace(week[0], ' ') };
  }
  const results = chrono.parse(text, { instant: new Date(now.epochMilliseconds), timezone: now.offsetNanoseconds / 60e9 }, { forwardDate: true });
  if (results.length === 0) {
    const part = partOfDay(text);
    if (!part) return { when: null, rest: text };
    // "afternoon" alone: today's, or tomorrow's once it is over.
    let date = now.toPlainDate();
    if (atMinute(date, part[1], zone).epochMilliseconds <= now.epochMilliseconds) date = date.add({ days: 1 });
    return {
      when: {
        from: atMinute(date, part[0], zone),
        to: atMinute(date, part[1], zone),
        text: /\b(morning|noon|lunchtime|lunch|afternoon|evening|tonight)\b/i.exec(text)![0],
      },
      rest: text.replace(/\b(morning|noon|lunchtime|lunch|afternoon|evening|tonight)\b/i, ' '),
    };
  }
  // chrono may split one phrase ("next Tuesday … at 3pm"): the date from one result, the time from another.
  const dated = results.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday')) ?? results[0]!;
  const timed = results.find((r) => r.start.isCertain('hour'));
  const date = Temporal.PlainDate.from({ year: dated.start.get('year')!, month: dated.start.get('month')!, day: dated.start.get('day')! });
  let rest = text;
  for (const r of results) rest = rest.replace(r.text, ' ');
  const words = results.map((r) => r.text).join(' ');
  if (timed) {
    const t = timed.start;
    const start = date.toPlainDateTime({ hour: t.get('hour')!, minute: t.get('minute') ?? 0 }).toZonedDateTime(zone, { disambiguation: 'compatible' });
    const endComponents = timed.end;
    const end = endComponents?.isCertain('hour')
      ? date
          .toPlainDateTime({ hour: endComponents.get('hour')!, minute: endComponents.get('minute') ?? 0 })
          .toZonedDateTime(zone, { disambiguation: 'compatible' })
      : start.add({ minutes: durationMinutes });
    return { when: { from: start, to: end, text: words }, rest };
  }
  const part = partOfDay(words) ?? partOfDay(text);
  if (part && !partOfDay(words)) rest = rest.replace(/\b(morning|noon|lunchtime|lunch|afternoon|evening|tonight)\b/i, ' ');
  const [a, b] = part ?? [0, 1440];
  return { when: { from: atMinute(date, a, zone), to: atMinute(date, b, zone), text: words }, rest };
}

const FILLER = new Set(['a', 'an', 'the', 'for', 'on', 'at', 'in', 'by', 'to', 'and', 'please']);
const LEADING = /^(?:please\s+)?(?:schedule|book|set\s+up|plan|find\s+(?:a\s+)?time\s+for|add)\s+/i;

function takeNames(text: string): { names: string[]; rest: string } {
  const m = /\b(?:with|w\/)\s+(.+)$/i.exec(text);
  if (!m) return { names: [], rest: text };
  const names = m[1]!
    .split(/\s*(?:,|&|\band\b|\+)\s*/i)
    .map((n) =>
      n
        .replace(/[^\p{L}\p{M}\s'.-]/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((n) => n && !FILLER.has(n.toLowerCase()));
  return { names, rest: text.slice(0, m.index) };
}

function titleOf(rest: string): string | null {
  const words = rest
    .trim()
    .replace(LEADING, '')
    .replace(/[^\p{L}\p{M}\p{N}\s'&/-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  while (words.length && FILLER.has(words[0]!.toLowerCase())) words.shift();
  while (words.length && FILLER.has(words.at(-1)!.toLowerCase())) words.pop();
  if (words.length === 0) return null;
  const title = words.join(' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** Reads a quick-add phrase relative to `nowMs`, in `timeZone`. */
export function parsePhrase(text: string, nowMs: number, timeZone: string): ParsedPhrase {
  const now = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone);
  const duration = takeDuration(text);
  const durationMinutes = duration.minutes ?? DEFAULT_DURATION;
  const read = readWhen(duration.rest, now, durationMinutes);
  const { names, rest } = takeNames(read.rest);
  let from = read.when ? read.when.from.epochMilliseconds : nowMs;
  const to = read.when ? read.when.to.epochMilliseconds : now.add({ days: 7 }).epochMilliseconds;
  from = Math.max(from, nowMs);
  return {
    title: titleOf(rest),
    durationMinutes,
    names,
    window: { from, to: Math.max(to, from) },
    understood: { duration: duration.match, when: read.when?.text ?? null },
  };
}

// --- Matching names to people --------------------------------------------------------------------

export interface Person {
  id: string;
  name: string;
  kind: 'user' | 'contact';
  email?: string | null;
}

export interface NameMatch {
  name: string;
  /** The people the name fits best (users before contacts); more than one means it is ambiguous. */
  matches: Person[];
}

/** Full name, then first name, then last name, then a prefix of the full name; users win over contacts at the same level. */
export function matchName(name: string, people: readonly Person[]): Person[] {
  const key = searchKey(name);
  if (!key) return [];
  const levels: ((p: Person) => boolean)[] = [
    (p) => searchKey(p.name) === key,
    (p) => searchKey(p.name).split(' ')[0] === key,
    (p) => searchKey(p.name).split(' ').slice(1).join(' ') === key,
    (p) => searchKey(p.name).startsWith(`${key}`),
  ];
  for (const level of levels) {
    const found = people.filter(level);
    if (found.length === 0) continue;
    const users = found.filter((p) => p.kind === 'user');
    return users.length ? users : found;
  }
  return [];
}

export function matchNames(names: readonly string[], people: readonly Person[]): NameMatch[] {
  return names.map((name) => ({ name, matches: matchName(name, people) }));
}
