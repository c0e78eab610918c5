import { describe, expect, it } from 'vitest';
import { archivePath } from '../drive/index.js';
import { matchBitrixColumns } from './bitrix24/columns.js';
import { parseBitrixText } from './bitrix24/parse.js';
import { planBitrixPipelines, stageKind } from './bitrix24/pipelines.js';
import { parseCrmLinks } from './bitrix24/values.js';
import { matchColumns, parseField, CSV_FIELDS } from './csv-fields.js';
import { parseDate, parseMinutes, parseMoney, parseMoneyWithCurrency, splitList, splitPhones } from './values.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; message: string }) => (p.ok ? p.value : `ERR ${p.message}`);

describe('amounts', () => {
  it.each([
    ['1500', 150000],
    ['1,500.50', 150050],
    ['1.500,50', 150050],
    ['12 500.50', 1250050],
    ['€ 99', 9900],
    ['0.5', 50],
    ['1,5', 150],
  ])('reads %s as %d minor units', (raw, minor) => expect(value(parseMoney(raw))).toBe(minor));
  it('refuses what is not an amount, and negatives', () => {
    expect(parseMoney('lots').ok).toBe(false);
    expect(parseMoney('-5').ok).toBe(false);
  });
  it('reads "Amount/Currency" cells', () => {
    expect(value(parseMoneyWithCurrency('1 500.00 EUR'))).toEqual({ amount: 150000, currency: 'EUR' });
    expect(value(parseMoneyWithCurrency('$1,200'))).toEqual({ amount: 120000, currency: 'USD' });
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-31', { date: '2024-05-31', time: null }],
    ['2024-05-31T14:00:00Z', { date: '2024-05-31', time: '14:00:00' }],
    ['2024-05-31 14:05', { date: '2024-05-31', time: '14:05:00' }],
    ['31.05.2024', { date: '2024-05-31', time: null }],
    ['31.05.2024 14:30:00', { date: '2024-05-31', time: '14:30:00' }],
    ['05/31/2024 02:00:00 pm', { date: '2024-05-31', time: '14:00:00' }],
    ['05/31/2024 12:15:00 am', { date: '2024-05-31', time: '00:15:00' }],
    ['05/31/2024', { date: '2024-05-31', time: null }],
    ['May 31, 2024', { date: '2024-05-31', time: null }],
  ])('reads %s', (raw, expected) => expect(value(parseDate(raw))).toEqual(expected));
  it('refuses days that do not exist', () => {
    expect(parseDate('31.02.2024').ok).toBe(false);
    expect(parseDate('2024-13-01').ok).toBe(false);
    expect(parseDate('soon').ok).toBe(false);
  });
});

describe('durations and lists', () => {
  it('reads minutes, hh:mm(:ss) and hours', () => {
    expect([parseMinutes('90'), parseMinutes('1:30'), parseMinutes('01:30:00'), parseMinutes('1.5h'), parseMinutes('2 hours')].map(value)).toEqual([
      90, 90, 90, 90, 120,
    ]);
  });
  it('splits several values in one cell, or a JSON array', () => {
    expect(splitList('a@x.test, b@x.test;c@x.test')).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(splitList('[{"value":"a@x.test","type":"work"}]')).toEqual(['a@x.test']);
    expect(splitPhones('+49 30 1234567, +49 170 7654321')).toEqual(['+49 30 1234567', '+49 170 7654321']);
  });
});

describe('CSV column matching', () => {
  it('matches loosely by name, each single field once, lists many times', () => {
    const cols = matchColumns('contacts', ['First Name', 'E-Mail', 'email', 'Mobile', 'Unknown', 'first_name']);
    expect(cols.map((c) => c?.field ?? null)).toEqual(['firstName', 'emails', 'emails', 'mobilePhone', null, null]);
  });
  it("follows the caller's mapping first", () => {
    const cols = matchColumns('deals', ['Name', 'Betrag'], { Betrag: 'amount', Name: null });
    expect(cols.map((c) => c?.field ?? null)).toEqual([null, 'amount']);
  });
  it('reads enums by synonyms', () => {
    const status = CSV_FIELDS.tasks.find((f) => f.field === 'status')!;
    expect(value(parseField(status, 'Completed'))).toBe('done');
    expect(value(parseField(status, 'IN PROGRESS'))).toBe('in_progress');
  });
});

describe('Bitrix24 files', () => {
  it('reads its CSV export: quoted cells, ";" and the trailing delimiter', () => {
    const t = parseBitrixText('\uFEFF"ID";"First Name";"Work Phone";\n"1";"Anna";"+49 30 1, +49 30 2";\n');
    expect(t).toEqual({ header: ['ID', 'First Name', 'Work Phone'], rows: [['1', 'Anna', '+49 30 1, +49 30 2']], format: 'csv', nulReplaced: 0 });
  });
  it('reads its "Excel" export, an HTML table, entities and line breaks included', () => {
    const t = parseBitrixText(
      '<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />\n<table border="1"><thead><tr><th>Task</th><th>Description</th></tr></thead><tbody><tr><td>A &amp; B</td><td>one<br>two</td></tr></tbody></table>',
    );
    expect(t).toEqual({ header: ['Task', 'Description'], rows: [['A & B', 'one\ntwo']], format: 'html', nulReplaced: 0 });
  });
  it('knows columns by their English UI names and their field codes', () => {
    const m = matchBitrixColumns('contacts', ['ID', 'NAME', 'Last Name', 'PHONE_MOBILE', 'Work E-mail', 'Birthday']);
    expect(m.columns.map((c) => c?.target ?? null)).toEqual(['bitrixId', 'firstName', 'lastName', 'mobilePhone', 'workEmail', null]);
    expect(m.unused).toEqual(['Birthday']);
  });
  it("reads a task's CRM column, as names or as codes", () => {
    expect(parseCrmLinks('Contact: Anna Müller, Bob Smith;Deal: Big deal;')).toEqual([
      { type: 'contact', value: 'Anna Müller' },
      { type: 'contact', value: 'Bob Smith' },
      { type: 'deal', value: 'Big deal' },
    ]);
    expect(parseCrmLinks('C_12, CO_5, D_3')).toEqual([
      { type: 'contact', value: '#12' },
      { type: 'company', value: '#5' },
      { type: 'deal', value: '#3' },
    ]);
  });
  it('makes pipelines for the stages a deals file names, open stages first', () => {
    const plan = planBitrixPipelines(
      [
        { pipeline: 'Sales', stage: 'Deal won', status: 'Won' },
        { pipeline: 'Sales', stage: 'Invoice', status: null },
        { pipeline: 'Sales', stage: 'New', status: null },
        { pipeline: null, stage: 'New', status: null },
      ],
      [{ name: 'Sales', isDefault: true, stages: [{ name: 'New' }, { name: 'Won' }] }],
    );
    expect(plan.create).toEqual([
      {
        name: 'Sales (Bitrix24)',
        stages: [
          { name: 'New', kind: 'open' },
          { name: 'Invoice', kind: 'open' },
          { name: 'Deal won', kind: 'won' },
        ],
      },
    ]);
    expect(Object.fromEntries(plan.target)).toEqual({ Sales: 'Sales (Bitrix24)', '': 'Sales' });
    expect(stageKind('Analyze failure', null)).toBe('lost');
  });
});

describe('drive paths in the archive', () => {
  const folders = new Map([
    ['f1', { id: 'f1', parent_id: null, name: 'Reports', trashed_at: null }],
    ['f2', { id: 'f2', parent_id: 'f1', name: 'Old', trashed_at: '2024-01-01T00:00:00.000Z' }],
  ]);
  it('puts live items under files/ and trashed ones under trash/<id of the trashed item>/', () => {
    expect(archivePath({ id: 'a', parent_id: 'f1', name: 'x.pdf', trashed_at: null }, folders)).toBe('files/Reports/x.pdf');
    expect(archivePath({ id: 'b', parent_id: 'f2', name: 'y.pdf', trashed_at: null }, folders)).toBe('trash/f2/Old/y.pdf');
    expect(archivePath({ id: 'c', parent_id: 'f1', name: 'z.pdf', trashed_at: '2024-02-01T00:00:00.000Z' }, folders)).toBe('trash/c/z.pdf');
  });
});
