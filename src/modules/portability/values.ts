import * as chrono from 'chrono-node';

/**
 * Reading values people put in spreadsheets and other products' exports (pure):
 * amounts with either decimal mark, dates in the usual notations, lists in one
 * cell, and names of statuses in a few languages of habit.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** Column names compared loosely: "E-mail", "e_mail" and "EMAIL" are one. */
export const headerKey = (h: string): string =>
  h
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/**
 * An amount in major units ("1 234,50", "1,234.50", "€ 99", "15000") as minor units.
 * The last "." or "," followed by one or two digits is the decimal mark.
 */
export function parseMoney(raw: string): Parsed<number> {
  const s = raw.replace(/[\s\u00a0\u202f'’]/g, '').replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s)) return fail(`must be an amount such as 1500.00, not "${raw}"`);
  const m = s.match(/^(-?)([\d.,]*?)(?:[.,](\d{1,2}))?$/);
  if (!m) return fail(`must be an amount such as 1500.00, not "${raw}"`);
  const whole = (m[2] ?? '').replace(/[.,]/g, '');
  const cents = (m[3] ?? '').padEnd(2, '0');
  const value = Number(whole || '0') * 100 + Number(cents || '0');
  if (m[1] === '-') return fail('must not be negative');
  if (!Number.isSafeInteger(value)) return fail('is too large');
  return ok(value);
}

/** "Amount/Currency" cells such as "1 500.00 EUR", "$1,500" or "1500 €". */
export function parseMoneyWithCurrency(raw: string): Parsed<{ amount: number; currency: string | null }> {
  const symbols: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '₽': 'RUB', '¥': 'JPY', '₴': 'UAH', zł: 'PLN', '₸': 'KZT' };
  let currency: string | null = raw.match(/\b([A-Z]{3})\b/)?.[1] ?? null;
  if (!currency) for (const [sym, code] of Object.entries(symbols)) if (raw.includes(sym)) currency = code;
  const amount = parseMoney(raw.replace(/\b[A-Z]{3}\b/, ''));
  return amount.ok ? ok({ amount: amount.value, currency }) : amount;
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface ParsedDate {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS, or null for a date alone. */
  time: string | null;
}

/**
 * A date, with or without a time: ISO 8601 ("2024-05-31", "2024-05-31T14:00:00Z"),
 * day first with dots ("31.05.2024 14:00"), month first with slashes and am/pm as
 * English-language exports write them ("05/31/2024 02:00:00 pm"), or words chrono
 * understands ("May 31, 2024").
 */
export function parseDate(raw: string): Parsed<ParsedDate> {
  const s = raw.trim();
  const iso = s.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/);
  if (iso) {
    if (iso[7]) {
      const d = new Date(s.replace(' ', 'T'));
      if (Number.isNaN(d.getTime())) return fail(`is not a date: "${raw}"`);
      return ok({ date: d.toISOString().slice(0, 10), time: d.toISOString().slice(11, 19) });
    }
    return checked(+iso[1]!, +iso[2]!, +iso[3]!, iso[4] ? [+iso[4], +iso[5]!, +(iso[6] ?? 0)] : null, raw);
  }
  const dots = s.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  if (dots) return checked(+dots[3]!, +dots[2]!, +dots[1]!, dots[4] ? [+dots[4], +dots[5]!, +(dots[6] ?? 0)] : null, raw);
  const slashes = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i);
  if (slashes) {
    let h = slashes[4] ? +slashes[4] : null;
    const ampm = slashes[7]?.toLowerCase().replace(/\./g, '');
    if (h !== null && ampm === 'pm' && h < 12) h += 12;
    if (h !== null && ampm === 'am' && h === 12) h = 0;
    return checked(+slashes[3]!, +slashes[1]!, +slashes[2]!, h === null ? null : [h, +slashes[5]!, +(slashes[6] ?? 0)], raw);
  }
  const words = chrono.parse(s, new Date(Date.UTC(2000, 0, 1)), { forwardDate: false })[0];
  if (words && words.text.length >= s.length - 2) {
    const c = words.start;
    const time = c.isCertain('hour') ? [c.get('hour')!, c.get('minute') ?? 0, c.get('second') ?? 0] : null;
    return checked(c.get('year')!, c.get('month')!, c.get('day')!, time as [number, number, number] | null, raw);
  }
  return fail(`is not a date: "${raw}" (use 2024-05-31, 31.05.2024 or 05/31/2024)`);
}

function checked(y: number, m: number, d: number, t: [number, number, number] | null, raw: string): Parsed<ParsedDate> {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return fail(`is not a date: "${raw}"`);
  if (t && (t[0] > 23 || t[1] > 59 || t[2] > 59)) return fail(`has no such time of day: "${raw}"`);
  return ok({ date: `${y}-${pad(m)}-${pad(d)}`, time: t ? `${pad(t[0])}:${pad(t[1])}:${pad(t[2])}` : null });
}

/** A parsed date as a UTC instant (a date alone: its midnight UTC). */
export const toInstant = (d: ParsedDate): string => `${d.date}T${d.time ?? '00:00:00'}.000Z`;

/** Several values in one cell: separated by commas, semicolons or new lines, or a JSON array. */
export function splitList(raw: string): string[] {
  const s = raw.trim();
  if (s.startsWith('[')) {
    try {
      const v = JSON.parse(s) as unknown;
      if (Array.isArray(v))
        return v
          .map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x && 'value' in x ? String((x as { value: unknown }).value) : String(x)))
          .filter(Boolean);
    } catch {
      /* not JSON: split it */
    }
  }
  return s
    .split(/[,;\n\r]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Phone numbers in one cell: like splitList, but commas inside a number ("+49 30, 123") are rare, so only ; and new lines split. */
export function splitPhones(raw: string): string[] {
  return raw.includes(';') || raw.includes('\n')
    ? splitList(raw)
    : raw
        .split(/,\s+(?=[+\d(])/)
        .map((x) => x.trim())
        .filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (v: string) => EMAIL.test(v) && v.length <= 254;
export const isPhone = (v: string) => (v.match(/\d/g)?.length ?? 0) >= 3 && v.length <= 50;

/** One of `values`, by its own name or a synonym (compared loosely). */
export function parseEnum<T extends string>(raw: string, values: readonly T[], synonyms: Record<string, T> = {}): Parsed<T> {
  const key = headerKey(raw);
  for (const v of values) if (headerKey(v) === key) return ok(v);
  for (const [name, v] of Object.entries(synonyms)) if (headerKey(name) === key) return ok(v);
  return fail(`must be one of ${values.join(', ')}, not "${raw}"`);
}

/** Minutes from "90", "1:30", "01:30:00", "1.5h", "2 hours". */
export function parseMinutes(raw: string): Parsed<number> {
  const s = raw.trim().toLowerCase();
  const hms = s.match(/^(\d+):(\d{2})(?::(\d{2}))?$/);
  if (hms) return ok(+hms[1]! * 60 + +hms[2]! + Math.round(+(hms[3] ?? 0) / 60));
  const hours = s.match(/^(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours)$/);
  if (hours) return ok(Math.round(Number(hours[1]!.replace(',', '.')) * 60));
  const minutes = s.match(/^(\d+)\s*(m|min|mins|minutes)?$/);
  if (minutes) return ok(+minutes[1]!);
  return fail(`must be minutes (90) or hours and minutes (1:30), not "${raw}"`);
}

export const CURRENCY = /^[A-Z]{3}$/;
