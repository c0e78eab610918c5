import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsPattern, phoneDigits, searchKey } from './text.js';

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
