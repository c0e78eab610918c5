import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from './errors.js';
import { findNul, replaceNul, replaceNulDeep } from './input.js';
import { multipartField, multipartFilename } from './uploads.js';
import { httpUrl, parseHttpUrl } from './url.js';

describe('NUL characters (ADR 0011)', () => {
  it('finds the first string or key holding one, by its path', () => {
    expect(findNul({ name: 'ok', emails: [{ value: 'a' }, { value: 'b\u0000' }] })).toBe('emails.1.value');
    expect(findNul({ ['k\u0000']: 1 })).toBe('k\\0');
    expect(findNul('\u0000')).toBe('');
    expect(findNul({ a: 1, b: null, c: [true, 'fine'] })).toBeNull();
  });

  it('walks a body nested 100,000 levels deep without running out of stack (found by the fuzz test: a 500)', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { a: deep } : [deep];
    expect(findNul(deep)?.split('.')).toHaveLength(100_000);
    let clean: unknown = 'x';
    for (let i = 0; i < 100_000; i++) clean = { a: clean };
    expect(findNul(clean)).toBeNull();
  });

  it('finds a NUL wherever a JSON document can carry one', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(findNul(v) !== null).toBe(text.includes('\\u0000'));
      }),
    );
  });

  it('replaces each NUL of an imported text by U+FFFD and counts them', () => {
    expect(replaceNul('a\u0000b\u0000')).toEqual({ text: 'a\uFFFDb\uFFFD', count: 2 });
    expect(replaceNul('clean')).toEqual({ text: 'clean', count: 0 });
    expect(replaceNulDeep({ ['k\u0000']: ['x\u0000', 3] })).toEqual({ value: { ['k\uFFFD']: ['x\uFFFD', 3] }, count: 2 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !replaceNul(s).text.includes('\u0000') && replaceNul(s).text.length === s.length));
  });
});

describe('multipart file names', () => {
  it('undoes the %22, %0D and %0A browsers write for ", CR and LF, and nothing else', () => {
    expect(multipartFilename('Angebot %22final%22.txt')).toBe('Angebot "final".txt');
    expect(multipartFilename('a%0D%0Ab.txt')).toBe('a b.txt');
    expect(multipartFilename('a%0ab%0dc.txt')).toBe('a b c.txt');
    expect(multipartFilename('100%41 %25 %2522.txt')).toBe('100%41 %25 %2522.txt');
    expect(multipartFilename('Übersicht Q3 – Größe.pdf')).toBe('Übersicht Q3 – Größe.pdf');
    expect(multipartFilename(undefined)).toBeUndefined();
  });

  it('refuses a NUL in a file name or a field (400 INVALID_CHARACTER)', () => {
    const err = (() => {
      try {
        multipartFilename('a\u0000.txt');
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toMatchObject({ code: 'INVALID_CHARACTER', status: 400, message: 'body.file.filename must not contain the NUL character (U+0000)' });
    expect(() => multipartField('entity', 'contacts\u0000')).toThrow(/body\.entity/);
    expect(multipartField('entity', 'contacts')).toBe('contacts');
  });
});

describe('web addresses (httpUrl)', () => {
  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1) ',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\u0000script:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript&#58;alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://files.example.com/x',
    'mailto:a@example.com',
    'http:/example.com',
    'https://',
    'https://user:pass@example.com',
    'localhost:3000',
  ];
  it.each(refused)('refuses %j', (raw) => {
    expect(parseHttpUrl(raw).ok).toBe(false);
    expect(httpUrl().safeParse(raw).success).toBe(false);
  });

  it('keeps http and https addresses as typed, reads a bare host as https, and clears on ""', () => {
    expect(httpUrl().parse('https://mueller.test')).toBe('https://mueller.test');
    expect(httpUrl().parse(' HTTP://Example.com/a?b=1#c ')).toBe('HTTP://Example.com/a?b=1#c');
    expect(httpUrl().parse('www.example.com/about')).toBe('https://www.example.com/about');
    expect(httpUrl().parse('')).toBeNull();
    expect(httpUrl().parse(null)).toBeNull();
  });
});
