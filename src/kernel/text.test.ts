import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseHtml } from 'node-html-parser';
import { containsPattern, escapeHtml, phoneDigits, searchKey } from './text.js';

describe('search keys', () => {
  it('folds case, accents and ß', () => {
    expect(searchKey('Groß')).toBe(searchKey('groß'));
    expect(searchKey('GROSS')).toBe('gross');
    expect(searchKey('José Müller')).toBe('jose muller');
    expect(searchKey('  a \n b ', null, 'C')).toBe('a b c');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => searchKey(searchKey(s)) === searchKey(s)));
  });

  it('escapes LIKE wildcards', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('keeps only digits of phone numbers', () => {
    expect(phoneDigits('+49 (30) 123-45')).toBe('493012345');
  });
});

describe('escapeHtml', () => {
  it('writes any text so that an HTML parser reads back exactly that text, as content and as an attribute', () => {
    const markup = fc.constantFrom('<b>x</b>', '<script>alert(1)</script>', '"><img src=x>', "' onclick='x", '&amp;', '&lt;b&gt;', '</p><p>');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[<>&"' a-z;#=/]*$/),
      fc.array(fc.oneof(markup, fc.string())).map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        const doc = parseHtml(`<p title="${escapeHtml(s)}" data-x='${escapeHtml(s)}'>${escapeHtml(s)}</p><i>after</i>`);
        const p = doc.querySelector('p')!;
        expect(p.text).toBe(s);
        expect(p.getAttribute('title')).toBe(s);
        expect(p.getAttribute('data-x')).toBe(s);
        expect(doc.querySelectorAll('i').map((i) => i.text)).toEqual(['after']);
      }),
      { numRuns: 300 },
    );
  });
});
