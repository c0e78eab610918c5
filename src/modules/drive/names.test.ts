import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freeName, MAX_NAME_LENGTH, nameKey, nameProblem, numberedName, splitExtension, uploadedName } from './names.js';
import { contentTypeFromName, isInlineSafe, storedContentType } from './content-types.js';

describe('names', () => {
  it('splits the extension at the last dot, but not a leading one', () => {
    expect(splitExtension('report.final.pdf')).toEqual({ stem: 'report.final', ext: '.pdf' });
    expect(splitExtension('.bashrc')).toEqual({ stem: '.bashrc', ext: '' });
    expect(splitExtension('README')).toEqual({ stem: 'README', ext: '' });
    expect(splitExtension('notes.')).toEqual({ stem: 'notes.', ext: '' });
  });

  it('numbers a name before its extension', () => {
    expect(numberedName('report.pdf', 2)).toBe('report (2).pdf');
    expect(numberedName('Budget', 3)).toBe('Budget (3)');
  });

  it('picks the first free number, comparing case-insensitively', () => {
    const taken = new Set(['report.pdf', 'report (2).pdf'].map(nameKey));
    expect(freeName('Report.PDF', taken)).toBe('Report (3).PDF');
    expect(freeName('other.pdf', taken)).toBe('other.pdf');
  });

  it('compares "é" composed and decomposed as the same name', () => {
    expect(nameKey('Cafe\u0301.txt')).toBe(nameKey('Café.txt'));
  });

  it('makes upload names safe: last path part, no control characters, "Untitled" when empty', () => {
    expect(uploadedName('C:\\fakepath\\plan.xlsx')).toBe('plan.xlsx');
    expect(uploadedName('../../etc/passwd')).toBe('passwd');
    expect(uploadedName('tab\there.txt')).toBe('tabhere.txt');
    expect(uploadedName('')).toBe('Untitled');
    expect(uploadedName('..')).toBe('Untitled');
    expect(uploadedName(undefined)).toBe('Untitled');
  });

  it('shortens a long upload name and keeps its extension', () => {
    const name = uploadedName(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(MAX_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('property: a numbered name is valid, within the limit, keeps the extension and differs from the original', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 255, unit: 'grapheme' }), fc.integer({ min: 2, max: 100_000 }), (raw, n) => {
        const name = uploadedName(raw);
        const numbered = numberedName(name, n);
        expect(nameProblem(numbered)).toBeNull();
        expect(numbered.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(nameKey(numbered)).not.toBe(nameKey(name));
        const { ext } = splitExtension(name);
        if (ext.length < 200) expect(numbered.endsWith(`(${n})${ext}`)).toBe(true);
      }),
    );
  });

  it('property: freeName never returns a taken name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.integer({ min: 0, max: 30 }), (raw, alreadyTaken) => {
        const name = uploadedName(raw);
        const taken = new Set([nameKey(name)]);
        for (let n = 2; n < alreadyTaken + 2; n++) taken.add(nameKey(numberedName(name, n)));
        const free = freeName(name, taken);
        expect(taken.has(nameKey(free))).toBe(false);
        expect(nameProblem(free)).toBeNull();
      }),
    );
  });

  it('property: every upload name is valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (raw) => {
        expect(nameProblem(uploadedName(raw))).toBeNull();
      }),
    );
  });
});

describe('content types', () => {
  it('keeps a specific declared type and falls back to the extension', () => {
    expect(storedContentType('image/PNG; charset=binary', 'x.bin')).toBe('image/png');
    expect(storedContentType('application/octet-stream', 'Table.CSV')).toBe('text/csv');
    expect(storedContentType(undefined, 'noext')).toBe('application/octet-stream');
    expect(storedContentType('not a type', 'a.pdf')).toBe('application/pdf');
    expect(contentTypeFromName('.svg')).toBeNull();
  });

  it('shows only images and PDFs inline, never HTML or SVG', () => {
    expect(isInlineSafe('image/jpeg')).toBe(true);
    expect(isInlineSafe('application/pdf')).toBe(true);
    expect(isInlineSafe('text/html')).toBe(false);
    expect(isInlineSafe('image/svg+xml')).toBe(false);
    expect(isInlineSafe('text/plain')).toBe(false);
  });
});
