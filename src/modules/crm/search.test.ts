import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullName, splitName } from './names.js';
import { recordSearchText, searchTerms } from './search.js';

const matches = (text: string, q: string) => searchTerms(q).some((t) => text.includes(t));

describe('CRM search text', () => {
  it('finds "Groß" by "gross", "Müller" by "muller", and a phone by its digits however typed', () => {
    const text = recordSearchText(['Jörg', 'Müller', 'Groß GmbH', 'J.Mueller@Example.test'], ['+49 (30) 1234-5678']);
    for (const q of ['muller', 'MÜLLER', 'gross', 'groß', 'j.mueller@example', '+49 30 1234', '4930 1234', '(030) 1234', '1234-5678']) {
      expect(matches(text, q), q).toBe(true);
    }
    for (const q of ['schmidt', '9999', '']) expect(matches(text, q), q).toBe(false);
  });

  it('searches digits only for queries that look like phone numbers', () => {
    expect(searchTerms('+49 30 1234')).toEqual(['+49 30 1234', '49301234']);
    expect(searchTerms('Room 12')).toEqual(['room 12']);
    expect(searchTerms('12')).toEqual(['12']);
    expect(searchTerms('(030) 1234')).toEqual(['(030) 1234', '0301234', '301234']);
    expect(searchTerms('0049 30 1234')).toEqual(['0049 30 1234', '0049301234', '49301234']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
  });

  it('finds any record by any part of any of its fields', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), fc.nat(), (fields, f, start, len) => {
        const field = fields[f % fields.length]!.trim();
        const from = start % Math.max(field.length, 1);
        const q = field.slice(from, from + 1 + (len % 5)).trim();
        // A part that is a whole "word" boundary-wise; partial NFKD expansions are not a search anyone types.
        fc.pre(q.length > 0 && q === q.normalize('NFKD') && /^[\p{L}\p{N} @.+-]+$/u.test(q));
        expect(matches(recordSearchText(fields), q)).toBe(true);
      }),
    );
  });
});

describe('contact names', () => {
  it('splits the last word off as the last name', () => {
    expect(splitName('Anna Maria Müller')).toEqual({ firstName: 'Anna Maria', lastName: 'Müller' });
    expect(splitName('  Cher ')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(fullName('Cher', '')).toBe('Cher');
  });

  it('gives back the name it split, with whitespace tidied', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-zÀ-ÿ'-]{1,10}$/), { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '  ', '\t'), (words, gap) => {
        const { firstName, lastName } = splitName(words.join(gap));
        expect(fullName(firstName, lastName)).toBe(words.join(' '));
      }),
    );
  });
});
