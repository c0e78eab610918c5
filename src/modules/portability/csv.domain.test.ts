import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvRowFormatter, emptyStringQuoted, formatCell, neutralise, nullForUnquotedEmpty, parseCell, restore } from './csv-cells.js';
import { CsvRowReader, csvRow } from './csv-write.js';
import { sniffDelimiter } from './csv-read.js';
import { derivedId } from './ids.js';
import { columns } from '../../kernel/portable.js';

const cellText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '=1+1',
    '+49 30',
    '-3',
    '@x',
    '\tx',
    '\rx',
    "'x",
    "''",
    "'",
    '＝1',
    '',
    ' ',
    '"',
    ',',
    '\r\n',
    'a\nb',
    '007',
    "'007",
    '1.50',
    '12345678901234567890',
    '42',
  ),
  fc.stringMatching(/^\d{1,20}(\.\d{1,3})?$/),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", '\uFF1D'), fc.string({ maxLength: 10 })).map(([a, b]) => a + b),
);

describe('formula neutralisation', () => {
  it('gives back every text exactly: restore(neutralise(text)) = text', () => {
    fc.assert(fc.property(cellText, (t) => restore(neutralise(t)) === t));
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    fc.assert(fc.property(cellText, (t) => !/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(neutralise(t))));
  });

  it('tells an apostrophe it added from one the text started with', () => {
    expect(neutralise('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(neutralise("'quoted")).toBe("''quoted");
    expect(restore("''quoted")).toBe("'quoted");
    expect(restore("'plain")).toBe("'plain");
    expect(neutralise('plain')).toBe('plain');
  });

  it('keeps text that a spreadsheet would turn into another number as text: leading zeros, trailing zeros, long numbers', () => {
    expect(neutralise('007')).toBe("'007");
    expect(neutralise('1.50')).toBe("'1.50");
    expect(neutralise('12345678901234567890')).toBe("'12345678901234567890");
    expect(neutralise('42')).toBe('42');
    expect(neutralise('0')).toBe('0');
    expect(restore("'007")).toBe('007');
    expect(restore("''007")).toBe("'007");
  });
});

describe('CSV rows', () => {
  const row = fc.array(fc.option(cellText, { nil: null }), { minLength: 1, maxLength: 8 });

  it('are what csv-stringify writes, ending in CRLF', () => {
    fc.assert(fc.property(row, (cells) => csvRow(cells) === stringify([cells], { cast: emptyStringQuoted }).replace(/\n$/, '\r\n')));
    expect(csvRow(['a\rb', 'c\nd', ''])).toBe('"a\rb","c\nd",""\r\n');
  });

  it('read back with csv-parse to the same cells, null and "" kept apart', () => {
    fc.assert(
      fc.property(row, (cells) => {
        const back = parse(csvRow(cells), { cast: nullForUnquotedEmpty as any })[0] as (string | null)[];
        // A row of one null cell is an empty line, which CSV cannot tell from no row.
        return (cells.length === 1 && cells[0] === null) || JSON.stringify(back) === JSON.stringify(cells);
      }),
    );
  });
});

describe("the export's row formatter", () => {
  const kinds = ['text', 'int', 'bool', 'json', 'id', 'ref', 'user'] as const;
  const valueOf = (kind: (typeof kinds)[number]) =>
    kind === 'int' ? fc.oneof(fc.integer(), fc.integer().map(String)) : kind === 'bool' ? fc.constantFrom(0, 1) : cellText;
  const table = fc
    .array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 8 })
    .chain((ks) => fc.tuple(fc.constant(ks), fc.array(fc.tuple(...ks.map((k) => fc.option(valueOf(k), { nil: null }))), { maxLength: 5 })));

  it('writes each row exactly as csvRow of formatCell would, cell by cell', () => {
    fc.assert(
      fc.property(table, ([ks, rows]) => {
        const cols = ks.map((kind, i) => ({ name: `c${i}`, kind, nullable: true }));
        const format = csvRowFormatter(cols);
        return rows.every((cells) => format(cells) === csvRow(cols.map((c, i) => formatCell(c.kind, cells[i] ?? null))));
      }),
    );
    const cols = columns('id:id', 'name', 'n:int', 'ok:bool', 'note?');
    expect(csvRowFormatter(cols)(['a1', '=HYPERLINK("x")', 7, 1, null])).toBe(`a1,"'=HYPERLINK(""x"")",7,true,\r\n`);
  });
});

describe('the archive CSV reader', () => {
  const rows = fc.array(fc.array(fc.option(cellText, { nil: null }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

  it('reads back every row the writer wrote, however the text is cut into chunks', () => {
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 6 }), (table, cuts) => {
        const kept = table.filter((r) => !(r.length === 1 && r[0] === null));
        const text = kept.map(csvRow).join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const reader = new CsvRowReader();
        const out: (string | null)[][] = [];
        let at = 0;
        for (const p of [...points, text.length]) {
          reader.push(text.slice(at, p), (r) => out.push(r));
          at = p;
        }
        reader.end((r) => out.push(r));
        return JSON.stringify(out) === JSON.stringify(kept);
      }),
    );
  });

  it('reads what csv-parse reads from the same file', () => {
    const text = 'id,name,notes\r\n1,"Müller, Jr.","a ""quote""\nand a line"\r\n2,,""\r\n';
    const mine: (string | null)[][] = [];
    const reader = new CsvRowReader();
    reader.push(text, (r) => mine.push(r));
    reader.end((r) => mine.push(r));
    expect(mine).toEqual(parse(text, { cast: nullForUnquotedEmpty as any }));
  });
});

describe('cells by column kind', () => {
  const [text, num, flag, json, ref] = columns('a', 'n:int?', 'b:bool', 'j:json', 'r:ref?');
  it('writes booleans as true/false and numbers as digits, neutralising only text', () => {
    expect(formatCell('bool', 1)).toBe('true');
    expect(formatCell('int', -5)).toBe('-5');
    expect(formatCell('text', '-5')).toBe("'-5");
    expect(formatCell('json', '[]')).toBe('[]');
    expect(formatCell('text', null)).toBeNull();
  });
  it('reads cells back by kind, naming what is wrong', () => {
    expect(parseCell(text!, null)).toBe('');
    expect(parseCell(num!, null)).toBeNull();
    expect(parseCell(num!, '42')).toBe(42);
    expect(() => parseCell(num!, '4.2')).toThrow('must be a whole number');
    expect(parseCell(flag!, 'true')).toBe(1);
    expect(() => parseCell(json!, '{oops')).toThrow('is not valid JSON');
    expect(parseCell(ref!, '')).toBeNull();
  });
});

describe('delimiter sniffing', () => {
  it('takes the delimiter that splits the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter('"ID";"Name, full";"Phone";\n"1";"a";"b";')).toBe(';');
    expect(sniffDelimiter('\uFEFFa,b,c\n1;2;3')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('imported ids', () => {
  it('are UUIDs, the same for the same old id, different across imports', () => {
    const a = derivedId('import-1', 'old');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId('import-1', 'old')).toBe(a);
    expect(derivedId('import-2', 'old')).not.toBe(a);
    fc.assert(fc.property(fc.uuid(), fc.uuid(), (x, y) => x === y || derivedId('s', x) !== derivedId('s', y)));
  });
});
