/** Money in the UI: amounts travel as integer minor units; formatting and parsing go through strings, never floats. */

export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'PLN', 'CZK', 'SEK', 'NOK', 'DKK', 'CAD', 'AUD', 'JPY'];

/** Digits after the decimal point in a currency (2 for EUR, 0 for JPY). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The decimal string of `minor` units: 123456 EUR → "1234.56". */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const s = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = digits ? s.slice(0, -digits) : s;
  return `${minor < 0 ? '-' : ''}${whole}${digits ? `.${s.slice(-digits)}` : ''}`;
}

export function formatMoney(minor: number, currency: string): string {
  const decimal = minorToDecimal(minor, currency);
  try {
    // Intl accepts decimal strings exactly (no binary rounding).
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/**
 * "1.234,5" or "1,234.50" or "1234" → minor units, or null when it is not an amount in
 * this currency (too many decimals, not a number). The last "," or "." is the decimal point
 * when fewer than 3 digits follow it.
 */
export function decimalToMinor(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const cleaned = text.replace(/[\s']/g, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return null;
  const lastSep = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  let whole = cleaned;
  let fraction = '';
  if (lastSep >= 0 && cleaned.length - lastSep - 1 < 3) {
    whole = cleaned.slice(0, lastSep);
    fraction = cleaned.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (fraction.length > digits || !/^\d*$/.test(whole + fraction)) return null;
  const minor = Number(`${whole || '0'}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Sum per currency, e.g. "€1,200.00 · $99.00". */
export function formatTotals(totals: { currency: string; amount: number }[]): string {
  return totals.length ? totals.map((t) => formatMoney(t.amount, t.currency)).join(' · ') : '—';
}
