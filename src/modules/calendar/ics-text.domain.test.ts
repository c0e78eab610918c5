/* eslint-disable no-control-regex -- control characters are what these tests look for */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLines, icsCalAddress, icsParam, icsProperty, icsReadBack, icsText, icsTextProperty } from './ics-text.js';
import { childrenOf, hostileText, pythonIcsReaders, readsExactly, readWithAll, type IcsReading } from './ics.testkit.js';

/**
 * The escaping functions every iCalendar writer uses, held by three readers that
 * share no code with them: ical.js, python3-icalendar and python3-vobject.
 */

describe('icsText', () => {
  it('escapes backslash, semicolon and comma, and writes every newline as \\n', () => {
    expect(icsText('a\\b;c,d:e"f')).toBe('a\\\\b\\;c\\,d:e"f');
    expect(icsText('one\r\ntwo\rthree\nfour')).toBe('one\\ntwo\\nthree\\nfour');
    expect(icsText('tab\tstays, bell\u0007 and del\u007f go')).toBe('tab\tstays\\, bell and del go');
    expect(icsText('lone \ud800 surrogate, 😀 pair')).toBe('lone \ufffd surrogate\\, 😀 pair');
  });

  it('never leaves a CR or LF, nor a control character', () => {
    fc.assert(fc.property(hostileText(), (s) => !/[\x00-\x08\x0a-\x1f\x7f]/.test(icsText(s))));
  });
});

describe('icsParam', () => {
  it('caret-encodes ^, " and newlines (RFC 6868) and quotes values with : ; or ,', () => {
    expect(icsParam('Ana Núñez')).toBe('Ana Núñez');
    expect(icsParam('Dr. "Bob" ^ Smith')).toBe("Dr. ^'Bob^' ^^ Smith");
    expect(icsParam('Smith, Bob')).toBe('"Smith, Bob"');
    expect(icsParam('a:b;c')).toBe('"a:b;c"');
    expect(icsParam('two\r\nlines\rand\nmore')).toBe('two^nlines^nand^nmore');
  });

  it('is a paramtext or a quoted-string (RFC 5545 §3.1) for any text', () => {
    const paramtext = /^[^\x00-\x08\x0a-\x1f\x7f";:,]*$/;
    const quoted = /^"[^\x00-\x08\x0a-\x1f\x7f"]*"$/;
    fc.assert(fc.property(hostileText(), (s) => paramtext.test(icsParam(s)) || quoted.test(icsParam(s))));
  });
});

describe('icsCalAddress', () => {
  it('is mailto: and the address, %-encoding what a URI may not hold', () => {
    expect(icsCalAddress('ana@example.test')).toBe('mailto:ana@example.test');
    expect(icsCalAddress('a"b,c;d:e f@x.test')).toBe('mailto:a%22b%2Cc%3Bd%3Ae%20f@x.test');
    fc.assert(
      fc.property(hostileText(), (s) => {
        const address = icsCalAddress(s);
        return (
          /^mailto:[!-~]*$/.test(address) && !/[";,:\\]/.test(address.slice(7)) && decodeURIComponent(address.slice(7)) === icsReadBack(s).replace(/\n/g, '')
        );
      }),
    );
  });
});

describe('icsProperty', () => {
  it('refuses a value that was not escaped, and names that are not names', () => {
    expect(() => icsProperty('SUMMARY', {}, 'two\nlines')).toThrow();
    expect(() => icsProperty('SUMMARY;X=1', {}, 'x')).toThrow();
    expect(() => icsProperty('ATTENDEE', { 'CN:': 'x' }, 'mailto:a@b')).toThrow();
    expect(icsProperty('ATTENDEE', { ROLE: 'REQ-PARTICIPANT', CN: 'Smith, "Bob"', RSVP: undefined }, icsCalAddress('bob@example.test'))).toBe(
      `ATTENDEE;ROLE=REQ-PARTICIPANT;CN="Smith, ^'Bob^'":mailto:bob@example.test`,
    );
    expect(icsProperty('ATTENDEE', { ROLE: 'CHAIR', CN: 'back\\slash' }, 'mailto:a@b')).toBe('ATTENDEE;CN="back\\slash";ROLE=CHAIR:mailto:a@b');
  });
});

describe('foldLines', () => {
  it('never passes 75 octets, never splits a UTF-8 sequence, and unfolds to the same text', () => {
    fc.assert(
      fc.property(hostileText(400), (s) => {
        const line = icsTextProperty('DESCRIPTION', s);
        const folded = foldLines(line);
        for (const l of folded.split('\r\n')) {
          const bytes = Buffer.from(l, 'utf8');
          // A split UTF-8 sequence would not read back as the same text; the whole line is compared below.
          if (bytes.length > 75 || bytes.toString('utf8') !== l) return false;
        }
        return folded.replace(/\r\n /g, '') === line;
      }),
    );
  });
});

/** A document with the texts in every place a writer puts user text: calendar name, UID, TEXT properties, a parameter, an address. */
function documentWith(t: { name: string; uid: string; summary: string; description: string; location: string; cn: string; email: string }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SchedulingKit//Test//EN',
    icsTextProperty('NAME', t.name),
    icsTextProperty('X-WR-CALNAME', t.name),
    'BEGIN:VEVENT',
    icsTextProperty('UID', t.uid),
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260102T090000Z',
    icsTextProperty('SUMMARY', t.summary),
    icsTextProperty('DESCRIPTION', t.description),
    icsTextProperty('LOCATION', t.location),
    icsProperty('ATTENDEE', { ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', CN: t.cn }, icsCalAddress(t.email)),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return foldLines(`${lines.join('\r\n')}\r\n`);
}

/** What every reader must see: one calendar, one event, each text as written (newlines as LF). */
function expectReadBack(reading: IcsReading, t: Parameters<typeof documentWith>[0]) {
  const where = `${reading.parser} reading ${JSON.stringify(t)}`;
  expect(reading.error, where).toBeUndefined();
  expect(
    reading.components!.map((c) => c.name),
    where,
  ).toEqual(['VCALENDAR']);
  const cal = reading.components![0]!;
  expect(cal.props.map((p) => p.name).sort(), where).toEqual(['NAME', 'PRODID', 'VERSION', 'X-WR-CALNAME']);
  const events = childrenOf(cal, 'VEVENT');
  expect(cal.components.length, where).toBe(1);
  const ev = events[0]!;
  expect(ev.props.map((p) => p.name).sort(), where).toEqual(['ATTENDEE', 'DESCRIPTION', 'DTSTAMP', 'DTSTART', 'LOCATION', 'SUMMARY', 'UID']);
  const same = (actual: string | undefined, text: string) => {
    if (readsExactly(reading.parser, icsText(text))) expect(actual, where).toBe(icsReadBack(text));
  };
  same(cal.props.find((p) => p.name === 'NAME')!.value, t.name);
  same(cal.props.find((p) => p.name === 'X-WR-CALNAME')!.value, t.name);
  for (const key of ['uid', 'summary', 'description', 'location'] as const) same(ev.props.find((p) => p.name === key.toUpperCase())!.value, t[key]);
  const attendee = ev.props.find((p) => p.name === 'ATTENDEE')!;
  if (readsExactly(reading.parser, icsParam(t.cn), 'param')) expect(attendee.params['CN'] ?? '', where).toBe(icsReadBack(t.cn));
  expect(attendee.params['PARTSTAT'], where).toBe('NEEDS-ACTION');
  if (readsExactly(reading.parser, icsCalAddress(t.email))) expect(attendee.value.toLowerCase(), where).toBe(icsCalAddress(t.email).toLowerCase());
}

describe('what the readers see', () => {
  const texts = fc.record({
    name: hostileText(),
    uid: hostileText(60),
    summary: hostileText(),
    description: hostileText(400),
    location: hostileText(),
    cn: hostileText(),
    email: hostileText(40),
  });

  it('is one calendar with one event and every text as written, for any text (ical.js, python3-icalendar, python3-vobject)', () => {
    if (!pythonIcsReaders()) console.warn('python3-icalendar/python3-vobject missing: ical.js only (CI=true makes this an error)');
    const cases = fc.sample(texts, { numRuns: 400 });
    const readings = readWithAll(cases.map(documentWith));
    cases.forEach((t, i) => {
      for (const reading of readings[i]!) expectReadBack(reading, t);
    });
  });

  it('holds for the texts that broke documents before', () => {
    const nasty = {
      name: 'Team\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR',
      uid: 'uid\nBEGIN:VEVENT',
      summary: 'Lunch; with, "friends": \\ ^ 😀',
      description: 'one\r\ntwo\rthree\nfour\\nfive',
      location: 'Room "A"; floor 2, east: \\',
      cn: 'Smith, "Bob" ^ \n X-INJECTED:1',
      email: 'bob"@example.test',
    };
    for (const reading of readWithAll([documentWith(nasty)])[0]!) expectReadBack(reading, nasty);
  });
});
