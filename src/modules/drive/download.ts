import type { ByteRange } from './storage.js';
import { isInlineSafe } from './content-types.js';

/** How a download is answered (pure): status, headers, and which bytes to send. */

export type RangeRequest = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * A `Range` header against a representation of `size` bytes (RFC 9110 §14).
 * One range is served as 206; several ranges, other units and malformed
 * headers are ignored (the whole file, 200), as the RFC allows; a well-formed
 * range that starts past the end, or a zero-length suffix, is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'full' };
  const specs = m[1]!.split(',').filter((s) => s.trim() !== '');
  if (specs.length !== 1) return { kind: 'full' };
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0]!);
  if (!spec) return { kind: 'full' };
  const [, first, last] = spec;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'partial', range: { start, end } };
}

export const etagOf = (sha256: string): string => `"${sha256}"`;

/** If-None-Match (weak comparison): `*` or any listed tag equal to ours. */
export function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** RFC 8187 value characters: everything else is percent-encoded. */
const encodeExtValue = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment; filename="report.pdf"`; for names outside plain ASCII (or with
 * quotes or backslashes) an ASCII fallback plus `filename*=UTF-8''…` (RFC 6266 / 5987).
 */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/gu, '_');
  if (fallback === name) return `${disposition}; filename="${name}"`;
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(name)}`;
}

export interface DownloadableFile {
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface DownloadRequest {
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
  inline: boolean;
}

export interface DownloadPlan {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  /** The bytes to send; absent for 304 and 416. */
  body?: { range?: ByteRange };
}

export function planDownload(file: DownloadableFile, req: DownloadRequest): DownloadPlan {
  const etag = etagOf(file.sha256);
  const common: Record<string, string> = {
    etag,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  // Opened directly, a file still cannot run script or load anything in our origin (PDF viewers break under a sandbox).
  if (file.contentType !== 'application/pdf')
    common['content-security-policy'] = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
  if (matchesNoneMatch(req.ifNoneMatch, etag)) return { status: 304, headers: common };

  // A Range is honoured only while the client's copy is still this one.
  const rangeHeader = req.ifRange !== undefined && req.ifRange.trim() !== etag ? undefined : req.range;
  const range = parseRange(rangeHeader, file.sizeBytes);
  if (range.kind === 'unsatisfiable') return { status: 416, headers: { ...common, 'content-range': `bytes */${file.sizeBytes}` } };

  const disposition = req.inline && isInlineSafe(file.contentType) ? 'inline' : 'attachment';
  const headers = { ...common, 'content-type': file.contentType, 'content-disposition': contentDisposition(disposition, file.name) };
  if (range.kind === 'full') return { status: 200, headers: { ...headers, 'content-length': String(file.sizeBytes) }, body: {} };
  const { start, end } = range.range;
  return {
    status: 206,
    headers: { ...headers, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${file.sizeBytes}` },
    body: { range: range.range },
  };
}
