import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contentDisposition, matchesNoneMatch, parseRange, planDownload } from './download.js';

describe('Range header', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=100-', { kind: 'partial', range: { start: 100, end: 999 } }],
    ['bytes=-100', { kind: 'partial', range: { start: 900, end: 999 } }],
    ['bytes=-5000', { kind: 'partial', range: { start: 0, end: 999 } }],
    ['bytes=990-5000', { kind: 'partial', range: { start: 990, end: 999 } }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-9,20-29', { kind: 'full' }],
    ['bytes=9-0', { kind: 'full' }],
    ['items=0-9', { kind: 'full' }],
    ['bytes=abc', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
  ])('%s of 1000 bytes → %j', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('finds nothing to serve in an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('property: a served range lies within the file', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.option(fc.nat(20_000)), fc.option(fc.nat(20_000)), (size, a, b) => {
        if (a === null && b === null) return;
        const r = parseRange(`bytes=${a ?? ''}-${b ?? ''}`, size);
        if (r.kind !== 'partial') return;
        expect(r.range.start).toBeGreaterThanOrEqual(0);
        expect(r.range.start).toBeLessThanOrEqual(r.range.end);
        expect(r.range.end).toBeLessThan(size);
      }),
    );
  });
});

describe('Content-Disposition', () => {
  it('quotes a plain ASCII name as it is', () => {
    expect(contentDisposition('attachment', 'report 2026.pdf')).toBe('attachment; filename="report 2026.pdf"');
  });

  it('adds filename* for names outside plain ASCII', () => {
    expect(contentDisposition('inline', 'Übersicht (1).pdf')).toBe(`inline; filename="_bersicht (1).pdf"; filename*=UTF-8''%C3%9Cbersicht%20%281%29.pdf`);
    expect(contentDisposition('attachment', 'say "hi".txt')).toBe(`attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`);
  });

  it('property: the header is printable ASCII and gives back the exact name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100, unit: 'grapheme' }), (name) => {
        const header = contentDisposition('attachment', name);
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        const ext = /filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
        const plain = /^attachment; filename="([^"\\]*)"$/.exec(header);
        expect(ext ? decodeURIComponent(ext[1]!) : plain?.[1]).toBe(name);
      }),
    );
  });
});

describe('download plan', () => {
  const file = { name: 'a.png', contentType: 'image/png', sizeBytes: 10, sha256: 'abc' };

  it('compares If-None-Match weakly and understands *', () => {
    expect(matchesNoneMatch('W/"abc", "x"', '"abc"')).toBe(true);
    expect(matchesNoneMatch('*', '"abc"')).toBe(true);
    expect(matchesNoneMatch('"x"', '"abc"')).toBe(false);
  });

  it('answers 304 without content headers when the client has this version', () => {
    const plan = planDownload(file, { ifNoneMatch: '"abc"', inline: false });
    expect(plan.status).toBe(304);
    expect(plan.body).toBeUndefined();
    expect(plan.headers['content-disposition']).toBeUndefined();
  });

  it('honours a range only while If-Range still matches', () => {
    expect(planDownload(file, { range: 'bytes=0-1', ifRange: '"abc"', inline: false }).status).toBe(206);
    expect(planDownload(file, { range: 'bytes=0-1', ifRange: '"old"', inline: false }).status).toBe(200);
  });

  it('sandboxes everything but PDFs when opened directly', () => {
    expect(planDownload(file, { inline: true }).headers['content-security-policy']).toContain('sandbox');
    expect(planDownload({ ...file, contentType: 'application/pdf' }, { inline: true }).headers['content-security-policy']).toBeUndefined();
  });
});
