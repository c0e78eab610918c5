import { AppError } from '../../kernel/errors.js';
import { ceilMinute, floorMinute } from './intervals.js';

/** A 400 naming the field, in the same shape as the schema validator's. */
export const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: 'body' }] });

/** [from, to) of a request as whole epoch minutes (inside: start rounded up, end down), checked for order and length. */
export function parseWindow(from: string, to: string, maxDays: number, where: 'body' | 'querystring' = 'body'): { from: number; to: number } {
  const f = Date.parse(from);
  const t = Date.parse(to);
  const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', `${path} ${message}`, { fields: [{ path, message, in: where }] });
  if (Number.isNaN(f)) throw bad('from', 'must be an ISO-8601 instant');
  if (Number.isNaN(t)) throw bad('to', 'must be an ISO-8601 instant');
  if (t <= f) throw bad('to', 'must be after from');
  if (t - f > maxDays * 86_400_000) throw bad('to', `must be at most ${maxDays} days after from`);
  return { from: ceilMinute(f), to: floorMinute(t) };
}

export const isoOfMinute = (m: number) => new Date(m * 60_000).toISOString();
