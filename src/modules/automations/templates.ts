/**
 * Text templates in action fields (pure): "Send the contract for {{deal.title}}".
 * A placeholder names a field of the triggering record, or one of the globals
 * (`rule.name`, `event.type`, `event.date`). Unknown names are refused when the
 * rule is saved; a field without a value renders as nothing.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** The placeholders of a text, in order, with whether each is well-formed. */
export function placeholders(text: string): { path: string; wellFormed: boolean }[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ path: m[1]!, wellFormed: PATH.test(m[1]!) }));
}

/** Renders a template; `lookup` gives the text for a path (undefined renders as nothing). */
export function renderTemplate(text: string, lookup: (path: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (whole, path: string) => (PATH.test(path) ? (lookup(path) ?? '') : whole));
}

export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units → "1,000.00 EUR" (without a currency: "1,000.00"). */
export function formatMoney(minor: number, currency: string | null): string {
  const digits = currency ? minorDigits(currency) : 2;
  const major = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
  return currency ? `${major} ${currency}` : major;
}

/** How a field value reads inside a text. */
export function textOf(value: unknown, kind?: string, currency?: string | null): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (kind === 'money' && typeof value === 'number') return formatMoney(value, currency ?? null);
  if (Array.isArray(value))
    return value
      .map((v) => textOf(v))
      .filter((v) => v !== undefined)
      .join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
