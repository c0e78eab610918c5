import fc from 'fast-check';

/**
 * fast-check arbitraries built from the OpenAPI document's JSON schemas, for
 * src/server/fuzz.test.ts: values of the right type with hostile content, and
 * values of the wrong type, shape or encoding.
 */

export type JsonSchema = Record<string, any>;

/** A JSON fragment sent as is, for what JSON.stringify cannot write: -0, 1e400, 10,000 levels of nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0002${raws.push(v.text) - 1}\u0002` : v));
  return text === undefined ? '' : text.replace(/"\\u0002(\d+)\\u0002"/g, (_, i: string) => raws[Number(i)]!);
}

const MB = 1_000_000;
export const DEEP = 10_000;
const huge = {
  ascii: 'A'.repeat(MB),
  nul: '\u0000'.repeat(MB / 10),
  emoji: '🚀'.repeat(MB / 4),
};

/** Strings that are well-formed JSON strings but hostile to what stores, compares or prints them. */
export const HOSTILE_STRINGS: string[] = [
  'nul\u0000byte',
  '\u0000',
  'lone \ud800 high surrogate',
  '\udfff',
  'rtl \u202e gnp.exe',
  'zero\u200bwidth\ufeffjoiner\u200d',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  "' OR '1'='1' --",
  '"; drop table portals; --',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  'javascript:alert(1)',
  'line\r\nSet-Cookie: injected=1',
  '\t \n',
  '',
  ' ',
  'Ω≈ç√∫˜µ≤≥÷ 東京 مرحبا',
  '=cmd|" /C calc"!A0',
  huge.ascii,
  huge.nul,
  huge.emoji,
];

/** Numbers at the edges: JSON can carry them, the database and Number may not. */
export const HOSTILE_NUMBERS: unknown[] = [
  0,
  -1,
  0.5,
  -0.000001,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  new RawJson('-0'),
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1.0000000000000000000000001'),
];

export const deepArray = (levels = DEEP) => new RawJson(`${'['.repeat(levels)}${']'.repeat(levels)}`);
export const deepObject = (levels = DEEP) => new RawJson(`${'{"a":'.repeat(levels)}null${'}'.repeat(levels)}`);
export const longArray = (n = 100_000) => new RawJson(`[${'0,'.repeat(n - 1)}0]`);

/** Values of every JSON type (and then some), to put where another type belongs. */
export const WRONG_TYPED: unknown[] = [
  null,
  true,
  'a string',
  '',
  '12',
  ...HOSTILE_NUMBERS.slice(0, 6),
  new RawJson('1e400'),
  [],
  ['x', 1, null],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  new RawJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  deepArray(),
  deepObject(),
  longArray(),
];

/** Hints for properties whose valid values the schema alone does not tell (a real id, a known zone or currency). */
export interface Hints {
  /** Real ids of the portal's records; string properties named *Id or id(s) get one of them often. */
  ids: string[];
  /** Real ids by the field that names them (`calendarId`, `stageId`, `assigneeId`…). */
  byField: Record<string, string[]>;
}

const byName: [RegExp, fc.Arbitrary<unknown>][] = [
  [/^timeZone$/, fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York', 'Asia/Kolkata')],
  [/^currency$/, fc.constantFrom('EUR', 'USD')],
  [/^planId$/, fc.constantFrom('free', 'team', 'business')],
  [/^rrule$/, fc.constantFrom('FREQ=WEEKLY;BYDAY=MO', 'FREQ=DAILY;COUNT=3', 'FREQ=MONTHLY;BYMONTHDAY=31')],
  [/^cardNumber$/, fc.constantFrom('4242424242424242', '4000000000000002')],
  [/^website$/, fc.constantFrom('https://example.test', 'http://example.test/path?q=1')],
  [/^(password|newPassword|currentPassword)$/, fc.constantFrom('correct horse battery', 'another long password')],
  [/^from$/, fc.constantFrom('2026-03-02T00:00:00.000Z', '2026-03-05T08:00:00Z')],
  [/^to$/, fc.constantFrom('2026-03-09T00:00:00.000Z', '2026-03-20T18:00:00Z')],
];

/** Local wall-clock times (a pattern without a format): a real one, so that start comes before end. */
const localTimes: [RegExp, fc.Arbitrary<string>][] = [
  [/^start$/, fc.constantFrom('2026-03-03T10:00', '2026-03-04T09:30:00')],
  [/^end$/, fc.constantFrom('2026-03-03T11:00', '2026-03-04T10:30:00')],
  [/^startDate$/, fc.constantFrom('2026-03-03')],
  [/^endDate$/, fc.constantFrom('2026-03-04', '2026-03-05')],
];

interface Ctx {
  doc: { components?: { schemas?: Record<string, JsonSchema> } };
  hints: Hints;
  hostile: boolean;
  depth: number;
  name?: string;
}

function resolve(schema: JsonSchema, ctx: Ctx): JsonSchema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = ctx.doc.components?.schemas?.[String(s.$ref).split('/').at(-1)!] ?? {};
  return s ?? {};
}

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });

function validString(s: JsonSchema, ctx: Ctx): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, Math.max(min, 60));
  const named = ctx.name ? ctx.hints.byField[ctx.name] : undefined;
  if (named?.length) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...named) }, { weight: 1, arbitrary: fc.uuid() });
  const hint = ctx.name && byName.find(([re]) => re.test(ctx.name!))?.[1];
  if (hint) return hint as fc.Arbitrary<string>;
  if (s.format === 'email') return fc.constantFrom('person@example.test', 'o.brien+tag@mail.example.test');
  if (s.format === 'date-time') return isoDate.map((d) => d.toISOString());
  if (s.format === 'date') return isoDate.map((d) => d.toISOString().slice(0, 10));
  const local = !s.format && ctx.name && localTimes.find(([re]) => re.test(ctx.name!))?.[1];
  if (local) return local;
  if (s.example !== undefined) return fc.constant(String(s.example));
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
    } catch {
      /* a pattern JavaScript cannot read: fall through */
    }
  }
  if (ctx.name && /(^id$|Id$|Ids$)/.test(ctx.name) && ctx.hints.ids.length) return fc.oneof(fc.constantFrom(...ctx.hints.ids), fc.uuid());
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
}

/** A string of the right type whose content is hostile (sometimes still within the length limits, sometimes not). */
function hostileString(s: JsonSchema, ctx: Ctx): fc.Arbitrary<string> {
  const max = s.maxLength ?? 200;
  const fitted = fc.constantFrom(...HOSTILE_STRINGS.filter((x) => x.length <= 100)).map((x) => x.slice(0, max));
  return fc.oneof(
    { weight: 2, arbitrary: validString(s, ctx) },
    { weight: 3, arbitrary: fitted },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: validString(s, ctx).map((v) => `${v}\u0000`) },
    { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: Math.min(max, 40) }) },
  );
}

function numberArb(s: JsonSchema, ctx: Ctx, integer: boolean): fc.Arbitrary<unknown> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min + 1000, 1000));
  const valid = integer
    ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  if (!ctx.hostile) return valid;
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS, min - 1, max + 1, min + 0.5) });
}

/** A value for `schema`: well-typed, and with hostile content when `hostile`. */
export function fromSchema(doc: Ctx['doc'], schema: JsonSchema, hints: Hints, hostile: boolean, name?: string): fc.Arbitrary<unknown> {
  return build(schema, { doc, hints, hostile, depth: 0, name });
}

function build(schema: JsonSchema, ctx: Ctx): fc.Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  const deeper = { ...ctx, depth: ctx.depth + 1 };
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) {
    const values = fc.constantFrom(...(s.enum as unknown[]));
    return ctx.hostile ? fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)) }) : values;
  }
  const variants = s.anyOf ?? s.oneOf;
  if (Array.isArray(variants)) {
    const usable = ctx.depth > 6 ? variants.filter((v: JsonSchema) => resolve(v, ctx).type === 'null') : variants;
    return fc.oneof(...(usable.length ? usable : variants).map((v: JsonSchema) => build(v, { ...ctx, depth: ctx.depth + 1 })));
  }
  if (Array.isArray(s.allOf)) return build(Object.assign({}, ...s.allOf.map((x: JsonSchema) => resolve(x, ctx))), ctx);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t: string) => build({ ...s, type: t }, ctx)));
  switch (s.type) {
    case 'string':
      if (s.format === 'binary') return fc.constant('binary');
      return ctx.hostile ? hostileString(s, ctx) : validString(s, ctx);
    case 'integer':
      return numberArb(s, ctx, true);
    case 'number':
      return numberArb(s, ctx, false);
    case 'boolean':
      return ctx.hostile ? fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1, 0) }) : fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, ctx.depth > 4 ? minLength : 3));
      return fc.array(build(s.items ?? {}, { ...deeper, name: ctx.name?.replace(/s$/, '') }), { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const props: Record<string, JsonSchema> = s.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length) {
        if (s.type !== 'object') return fc.oneof(fc.constant(null), fc.string({ maxLength: 10 }), fc.integer());
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), build(s.additionalProperties, deeper), { maxKeys: 3 });
        return fc.constant({});
      }
      const model = Object.fromEntries(keys.map((k) => [k, build(props[k]!, { ...deeper, name: k })]));
      const requiredKeys: string[] = (s.required ?? []).filter((k: string) => k in props);
      return fc.record(model, { requiredKeys });
    }
    default:
      return fc.constant(null);
  }
}

/** Every place in a JSON value, as a path of keys (the root is []). */
export function placesIn(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (value && typeof value === 'object' && !(value instanceof RawJson) && out.length < 200)
    for (const [k, v] of Object.entries(value)) placesIn(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

/** A copy of `value` with the place at `path` replaced by `replacement` (or removed when it is `REMOVE`). */
export const REMOVE = Symbol('remove');
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement === REMOVE ? undefined : replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const next = replaceAt(copy[head!], rest, replacement);
  if (next === undefined && replacement === REMOVE && !rest.length) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else copy[head!] = next;
  return copy;
}

/** Percent-encodes the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as any client would send them). */
export const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

/** Path or query values as they go on the wire, already encoded: some malformed on purpose. */
export const HOSTILE_URL_VALUES: string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%',
  '%zz',
  '%E0%A4%A',
  pct('🚀\u202e\u200b'),
  '%0D%0ASet-Cookie:%20a=b',
  pct("' OR 1=1 --"),
  '-1',
  '0',
  '-0',
  '1e308',
  '1.5',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'true',
  'x'.repeat(300),
  'x'.repeat(301),
  'y'.repeat(8000),
  pct('é'.repeat(1500)),
];
