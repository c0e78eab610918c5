import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMentions, type Mentionable } from './mentions.js';

const ann: Mentionable = { id: 'ann', name: 'Ann', email: 'ann@example.test' };
const annLee: Mentionable = { id: 'annlee', name: 'Ann Lee', email: 'a.lee@example.test' };
const bob: Mentionable = { id: 'bob', name: 'Bob Stone', email: 'bob.stone@example.test' };
const jose: Mentionable = { id: 'jose', name: 'José Müller', email: 'jm@example.test' };
const users = [ann, annLee, bob, jose];

describe('@name mentions', () => {
  it('finds full names with spaces, whatever their case', () => {
    expect(findMentions('Thanks @bob stone, and @JOSÉ MÜLLER too', users)).toEqual(['bob', 'jose']);
  });

  it('takes the longest name at each @', () => {
    expect(findMentions('@Ann Lee please', users)).toEqual(['annlee']);
    expect(findMentions('@Ann please', users)).toEqual(['ann']);
    expect(findMentions('@Ann  Lee (two spaces) and @ann\nLee (a new line)', users)).toEqual(['annlee']);
  });

  it('ends a name at punctuation, not inside a word', () => {
    expect(findMentions('Ask @ann.', users)).toEqual(['ann']);
    expect(findMentions('(@ann), @ann: @ann! @ann?', users)).toEqual(['ann']);
    expect(findMentions("@ann's draft", users)).toEqual(['ann']);
    expect(findMentions('@annabel and @ann_x and @ann2 and @ann-marie', users)).toEqual([]);
  });

  it('finds the local part of an email, and a whole email', () => {
    expect(findMentions('cc @bob.stone', users)).toEqual(['bob']);
    expect(findMentions('cc @a.lee.', users)).toEqual(['annlee']);
    expect(findMentions('cc @JM@Example.test', users)).toEqual(['jose']);
  });

  it('ignores unknown names, a lone @ and email addresses in the text', () => {
    expect(findMentions('@nobody here, @ alone, @', users)).toEqual([]);
    expect(findMentions('write to ann@example.test or bob.stone@example.test', users)).toEqual([]);
  });

  it('names each user once, in the order first mentioned', () => {
    expect(findMentions('@jm then @Ann Lee then @José Müller then @a.lee', users)).toEqual(['jose', 'annlee']);
  });

  it('mentions both people who share a name', () => {
    const twin = { id: 'twin', name: 'Ann', email: 'other@example.test' };
    expect(findMentions('@ann', [ann, twin]).sort()).toEqual(['ann', 'twin']);
  });

  it('takes names with regular-expression characters literally', () => {
    const odd = { id: 'odd', name: 'C.J. (Ops) Smith+', email: 'cj+ops@example.test' };
    expect(findMentions('@C.J. (Ops) Smith+ and @cj+ops', [odd, ann])).toEqual(['odd']);
    expect(findMentions('@CxJx (Ops) Smith', [odd])).toEqual([]);
  });

  it('finds a user written after @ anywhere in any text, and only users of the list', () => {
    const name = fc.stringMatching(/^[A-Za-z]{1,8}( [A-Za-z]{1,8})?$/);
    const filler = fc.stringMatching(/^[ ,;:!?()\n]{0,3}[a-z ]{0,12}[ ,;:!?()\n]?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 5, selector: (n) => n.toLowerCase() }),
        filler,
        filler,
        fc.nat(),
        (names, before, after, pick) => {
          const people = names.map((n, i) => ({ id: `u${i}`, name: n, email: `user${i}@example.test` }));
          const target = people[pick % people.length]!;
          const text = `${before} @${target.name.toUpperCase()}${after.replace(/^[a-z]/, ' $&')}`;
          const found = findMentions(text, people);
          // The target, or a longer name that starts with it: the longest match wins.
          expect(found.length).toBe(1);
          const winner = people.find((p) => p.id === found[0])!;
          expect(winner.name.toLowerCase().startsWith(target.name.toLowerCase())).toBe(true);
        },
      ),
    );
  });
});
