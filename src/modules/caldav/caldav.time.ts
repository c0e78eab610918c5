/** A CalDAV time-range (RFC 4791 §9.9): UTC date-times "YYYYMMDDTHHMMSSZ"; a missing bound is open. */

const UTC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The earliest and latest instants we consider: open bounds become these. */
export const EARLIEST_MS = Date.UTC(1900, 0, 1);
export const LATEST_MS = Date.UTC(2200, 0, 1);

export function parseUtc(value: string): number | null {
  const m = UTC.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return null;
  return Math.min(LATEST_MS, Math.max(EARLIEST_MS, ms));
}

export function parseTimeRange(start: string | undefined, end: string | undefined): { fromMs: number; toMs: number } | null {
  if (start === undefined && end === undefined) return null;
  const fromMs = start === undefined ? EARLIEST_MS : parseUtc(start);
  const toMs = end === undefined ? LATEST_MS : parseUtc(end);
  if (fromMs === null || toMs === null || toMs <= fromMs) return null;
  return { fromMs, toMs };
}
