/**
 * The fuzz test: for every operation of the OpenAPI document the server
 * produces, requests generated from its schemas with fast-check, sent as the
 * owner (session cookie and API token), as anonymous and, on the operator
 * console, as an operator. Whatever comes in, the answer is below 500, and every
 * error is `{ error: { code: UPPER_SNAKE, message } }` with no stack trace.
 *
 * The kinds of input (see `kinds` below):
 *   valid     well-typed values, real ids in path parameters and id fields;
 *   hostile   well-typed values with hostile content: NUL, lone surrogates,
 *             RTL and zero-width characters, ../, 1 MB strings, huge, negative
 *             and fractional numbers, -0, 1e308, 1e400;
 *   malformed a valid body with one place removed, of the wrong type, 10,000
 *             levels deep or 100,000 items long, or extra properties; bodies
 *             that are not JSON, or JSON under another Content-Type;
 *   params    hostile path and query parameters: percent-encoded NUL and lone
 *             surrogates, malformed percent-encoding, very long values;
 *   multipart for uploads: missing, empty or garbage files, hostile file
 *             names, no boundary, a body cut short.
 *
 * Reproducible: FUZZ_SEED (default below) seeds every operation's samples;
 * FUZZ_RUNS sets the samples per kind; FUZZ_OPS=createContact,listTasks runs
 * only those operations (the same requests as in the full run). See
 * docs/decisions/0015-fuzzing-the-openapi-document.md.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { errorCatalog } from '../kernel/errors.js';
import { freshWorld, fuzzWorld, type FuzzWorld } from '../test/fuzz.fixture.js';
import {
  HOSTILE_STRINGS,
  HOSTILE_URL_VALUES,
  REMOVE,
  RawJson,
  WRONG_TYPED,
  deepArray,
  deepObject,
  fromSchema,
  longArray,
  pct,
  placesIn,
  replaceAt,
  toJsonText,
  type Hints,
  type JsonSchema,
} from '../test/fuzz.arbitraries.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_117);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const ONLY = process.env.FUZZ_OPS?.split(',').filter(Boolean);

interface Operation {
  method: string;
  path: string;
  id: string;
}
type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, JsonSchema> } };

/**
 * Operations that end the caller's session or change the portal for good (sign-out,
 * password, plan changes, pause, deletion, ownership, the test clock) each get a
 * portal, an owner and an operator of their own, so the rest keeps its coverage.
 */
const OWN_WORLD = new Set([
  'POST /api/auth/logout',
  'POST /api/me/password',
  'POST /api/test-clock/advance',
  'POST /api/billing/subscription',
  'POST /api/billing/subscription/pause',
  'POST /api/billing/subscription/cancel',
  'POST /api/portal/delete',
  'POST /api/users/transfer-ownership',
  'POST /api/operator/auth/logout',
  'POST /api/operator/me/password',
  'POST /api/operator/auth/set-password',
  'POST /api/operator/portals/{id}/delete',
]);

/** Operations that hash or verify a password (argon2, deliberately slow): half the samples per kind. */
const HASHING = new Set([
  'login',
  'operatorLogin',
  'changeMyPassword',
  'changeOperatorPassword',
  'setOperatorPassword',
  'signup',
  'acceptInvite',
  'confirmPasswordReset',
]);

// The list of tests comes from the committed document (src/server/openapi.test.ts keeps it current);
// the schemas come from the live one.
const committed: Doc = JSON.parse(fs.readFileSync(new URL('../../web/src/api/openapi.json', import.meta.url), 'utf8'));
const order = (o: Operation) => (OWN_WORLD.has(`${o.method} ${o.path}`) ? 2 : o.method === 'DELETE' ? 1 : 0);
const operations: Operation[] = Object.entries(committed.paths)
  .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, id: op.operationId as string })))
  .filter((o) => !ONLY || ONLY.includes(o.id))
  .sort((a, b) => order(a) - order(b));

// --- Requests --------------------------------------------------------------------------------

interface FuzzRequest {
  kind: string;
  /** Path and query, encoded as they go on the wire. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

type Caller = 'cookie' | 'token' | 'anonymous' | 'operator';

const hash = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);

/** The real value of each path parameter, from the world's records. */
function realParams(path: string, world: FuzzWorld): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const m of path.matchAll(/\{(\w+)\}/g)) out[m[1]!] = world.params[path.slice(0, m.index + m[0].length)];
  return out;
}

function asQueryValue(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return v.map(asQueryValue).join(',');
  return typeof v === 'object' && v !== null ? toJsonText(v) : String(v);
}

const jsonHeaders = { 'content-type': 'application/json' };

/** Bodies that are not what a JSON route reads: broken JSON, other types, other media types, over the limit. */
const RAW_BODIES: [contentType: string, body: string][] = [
  ['application/json', ''],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '"text"'],
  ['application/json', '42'],
  ['application/json', '{'],
  ['application/json', '{"a":'],
  ['application/json', '{"a":1}}'],
  ['application/json', '{"a":1} trailing'],
  ['application/json', "{'single':1}"],
  ['application/json', '\u0000'],
  ['application/json', '\ufeff{}'],
  ['application/json', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
  ['application/json', '{"a":"\\ud800","b":"\\u0000"}'],
  ['application/json', 'NaN'],
  ['application/json', '1e400'],
  ['application/json', '-0'],
  ['application/json', deepArray().text],
  ['application/json', deepObject().text],
  ['application/json', longArray().text],
  ['application/json', `"${'x'.repeat(6 * 1024 * 1024)}"`],
  ['application/json; charset=utf-16', '{}'],
  ['text/plain', '{}'],
  ['application/x-www-form-urlencoded', 'a=1&b[]=2&__proto__[x]=1'],
  ['application/xml', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
  ['multipart/form-data', '{}'],
];

const FILE_NAMES = [
  'data.csv',
  '../../../etc/passwd',
  'nul\u0000name.txt',
  'Angebot "final".txt',
  'Angebot %22final%22.txt',
  'line\r\nbreak.txt',
  'rtl\u202etxt.exe',
  `${'n'.repeat(1000)}.txt`,
  '',
  '.',
  '東京.ics',
];

function sampleFile(path: string): string {
  if (path.includes('/calendars/'))
    return 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:fuzz@example.test\r\nDTSTART:20260302T090000Z\r\nDTEND:20260302T100000Z\r\nSUMMARY:Fuzz\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  if (path.includes('/imports')) return 'Name,Email\nAcme,acme@example.test\n';
  return 'hello';
}

const FILE_CONTENTS = (path: string): fc.Arbitrary<Uint8Array<ArrayBuffer>> =>
  fc.oneof(
    fc.constant(new Uint8Array(Buffer.from(sampleFile(path)))),
    fc.constant(new Uint8Array(0)),
    fc.uint8Array({ maxLength: 600 }).map((a) => new Uint8Array(a)),
    fc
      .constantFrom(
        '"unclosed quote\nName\n',
        'BEGIN:VCALENDAR\r\n',
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:99999999T999999Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
        'PK\u0003\u0004garbage that is not a zip',
        '\u0000\u0000\u0000',
        `Name\n${'x,'.repeat(50_000)}\n`,
        HOSTILE_STRINGS.find((s) => s.length >= 1_000_000)!,
      )
      .map((s) => new Uint8Array(Buffer.from(s))),
  );

interface Part {
  name: string;
  filename?: string;
  content: Uint8Array;
}

function multipartBody(boundary: string, parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename === undefined ? '' : 'Content-Type: application/octet-stream\r\n'}\r\n`,
      ),
    );
    chunks.push(Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const BOUNDARY = 'fuzzBoundary7MA4YWxk';

/** A well-formed upload: valid fields, and the kind of file the route reads under a plain name. */
function validForm(doc: Doc, o: Operation, form: JsonSchema, hints: Hints) {
  const fields = Object.entries<JsonSchema>(form.properties ?? {});
  const name = o.path.includes('/calendars/') ? 'fuzz.ics' : o.path.includes('/imports') ? 'fuzz.csv' : 'fuzz.txt';
  return fc
    .tuple(
      ...fields.map(([field, s]) =>
        s.format === 'binary'
          ? fc.constant<Part>({ name: field, filename: name, content: Buffer.from(sampleFile(o.path)) })
          : fromSchema(doc, s, hints, false, field).map((v): Part => ({ name: field, content: Buffer.from(asQueryValue(v)) })),
      ),
    )
    .map((parts) => ({ headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: new Uint8Array(multipartBody(BOUNDARY, parts)) }));
}

/** Every kind of input for one operation, as fast-check arbitraries, with how many of each to send. */
function kinds(doc: Doc, o: Operation, world: FuzzWorld): [kind: string, arb: fc.Arbitrary<FuzzRequest>, runs: number][] {
  const op = doc.paths[o.path]![o.method.toLowerCase()];
  const hints = { ids: world.ids, byField: world.byField };
  const params: any[] = op.parameters ?? [];
  const takesBody = o.method !== 'GET' && o.method !== 'HEAD';
  const jsonSchema: JsonSchema | undefined = op.requestBody?.content?.['application/json']?.schema;
  const form: JsonSchema | undefined = op.requestBody?.content?.['multipart/form-data']?.schema;
  const real = realParams(o.path, world);

  const pathArb = (hostile: boolean): fc.Arbitrary<string> => {
    const names = Object.keys(real);
    const values = names.map((n) => {
      const known = fc.constant(pct(real[n] ?? '00000000-0000-4000-8000-000000000000'));
      return hostile ? fc.oneof(known, fc.uuid(), fc.constantFrom(...HOSTILE_URL_VALUES)) : known;
    });
    return fc.tuple(...values).map((vs) => o.path.replace(/\{(\w+)\}/g, (_, n: string) => vs[names.indexOf(n)]!));
  };
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const queryArb = (hostile: boolean): fc.Arbitrary<string> => {
    const entries = queryParams.map((p) =>
      // A valid request leaves out most optional parameters, and never makes up a cursor.
      (p.required
        ? fc.constant(true)
        : hostile
          ? fc.boolean()
          : p.name === 'cursor'
            ? fc.constant(false)
            : fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false)))
      ).chain((present) =>
        present
          ? fc
              .oneof(
                fromSchema(doc, p.schema, hints, hostile, p.name).map((v) => pct(asQueryValue(v))),
                ...(hostile ? [fc.constantFrom(...HOSTILE_URL_VALUES)] : []),
              )
              .map((v) => `${p.name}=${v}`)
          : fc.constant(''),
      ),
    );
    const extra = hostile
      ? fc.constantFrom(
          '',
          '',
          `${queryParams[0]?.name ?? 'limit'}=1&${queryParams[0]?.name ?? 'limit'}=2`,
          '__proto__[polluted]=1',
          'constructor=x',
          '%00=%00',
          `a[${'['.repeat(200)}=1`,
        )
      : fc.constant('');
    return fc.tuple(fc.tuple(...entries), extra).map(([es, x]) => {
      const q = [...es, x].filter(Boolean).join('&');
      return q ? `?${q}` : '';
    });
  };
  const headersArb = (hostile: boolean): fc.Arbitrary<Record<string, string>> =>
    fc
      .tuple(
        ...headerParams.map(() =>
          fc.oneof(fc.uuid(), ...(hostile ? [fc.constantFrom('', ' ', 'x'.repeat(8000), 'é\u00ff', '../../x', '%00')] : []), fc.constant(undefined)),
        ),
      )
      .map((vs) => Object.fromEntries(headerParams.flatMap((p, i) => (vs[i] === undefined ? [] : [[p.name, vs[i]!]]))));
  type Body = { headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer>; how?: string };
  const request = (kind: string, hostileUrl: boolean, body: fc.Arbitrary<Body>) =>
    fc.tuple(pathArb(hostileUrl), queryArb(hostileUrl), headersArb(hostileUrl), body).map(([path, query, headers, b]): FuzzRequest => ({
      kind: b.how ? `${kind}: ${b.how}` : kind,
      url: path + query,
      headers: { ...headers, ...b.headers },
      body: b.body,
    }));
  const json = (v: unknown) => ({ headers: jsonHeaders, body: toJsonText(v) });

  const valid = jsonSchema ? fromSchema(doc, jsonSchema, hints, false) : fc.constant(undefined);
  const out: [string, fc.Arbitrary<FuzzRequest>, number][] = [];
  const validBody: fc.Arbitrary<Body> = jsonSchema ? valid.map(json) : form ? validForm(doc, o, form, hints) : fc.constant<Body>({ headers: {} });
  out.push(['valid', request('valid', false, validBody), Math.max(2, Math.ceil(RUNS / 2))]);
  out.push(['params', request('params', true, validBody), RUNS]);
  if (jsonSchema) {
    out.push(['hostile', request('hostile', false, fromSchema(doc, jsonSchema, hints, true).map(json)), RUNS]);
    const mutated = valid.chain((v) => {
      const places = placesIn(v);
      return fc.oneof(
        fc.nat().map((i) => json(replaceAt(v, places[i % places.length]!, REMOVE) ?? {})),
        fc.tuple(fc.nat(), fc.constantFrom(...WRONG_TYPED)).map(([i, w]) => json(replaceAt(v, places[i % places.length]!, w))),
        fc
          .constantFrom<[string, unknown]>(
            ['unexpected', 'x'],
            ['id', '00000000-0000-4000-8000-000000000000'],
            ['portalId', world.portal.id],
            ['deep', deepObject()],
            ['role', 'owner'],
          )
          .map(([k, x]) => (v && typeof v === 'object' && !Array.isArray(v) ? json({ ...v, [k]: x }) : json(x))),
      );
    });
    out.push(['malformed', request('malformed', false, mutated), RUNS]);
  }
  if (takesBody && !form)
    out.push([
      'raw body',
      request(
        'raw body',
        false,
        fc.constantFrom(...RAW_BODIES).map(([type, body]) => ({ headers: { 'content-type': type }, body })),
      ),
      Math.min(RAW_BODIES.length, RUNS * 2),
    ]);
  if (form) {
    const fields = Object.entries<JsonSchema>(form.properties ?? {});
    const fileNames = fields.filter(([, s]) => s.format === 'binary').map(([n]) => n);
    const plain = fields.filter(([, s]) => s.format !== 'binary');
    const partsArb = fc.tuple(
      ...plain.map(([name, s]) =>
        fc.option(
          fromSchema(doc, s, hints, true).map((v): Part => ({ name, content: Buffer.from(asQueryValue(v)) })),
          { freq: 3 },
        ),
      ),
      ...fileNames.map((name) =>
        fc.option(
          fc.tuple(fc.constantFrom(...FILE_NAMES), FILE_CONTENTS(o.path)).map(([filename, content]): Part => ({ name, filename, content })),
          { freq: 5 },
        ),
      ),
    );
    const shape = fc.constantFrom('as is', 'as is', 'as is', 'no file', 'no boundary', 'cut short', 'other boundary', 'two files', 'empty body');
    const body = fc.tuple(partsArb, shape, fc.nat()).map(([maybeParts, how, cut]) => {
      const boundary = BOUNDARY;
      let parts = maybeParts.filter((p): p is Part => p !== null);
      if (how === 'no file') parts = parts.filter((p) => p.filename === undefined);
      if (how === 'two files') parts = [...parts, { name: fileNames[0]!, filename: 'second.txt', content: Buffer.from('second') }];
      const full = multipartBody(boundary, parts);
      const type = how === 'no boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${how === 'other boundary' ? 'notTheOne' : boundary}`;
      const sent = how === 'cut short' ? full.subarray(0, Math.max(1, cut % full.length)) : how === 'empty body' ? Buffer.alloc(0) : full;
      const files = parts.filter((p) => p.filename !== undefined);
      const what = files.map((f) => `${clip(f.filename!, 30)} of ${f.content.length} bytes`).join(', ') || 'no file';
      return { headers: { 'content-type': type }, body: new Uint8Array(sent), how: `${how}, ${what}` };
    });
    out.push(['multipart', request('multipart', false, body), RUNS * 2]);
    // An upload that also takes the file as the whole body (the calendar's text/calendar).
    for (const type of Object.keys(op.requestBody.content).filter((t) => t !== 'multipart/form-data'))
      out.push([
        `raw ${type}`,
        request(
          `raw ${type}`,
          false,
          FILE_CONTENTS(o.path).map((content) => ({ headers: { 'content-type': type }, body: new Uint8Array(content) })),
        ),
        RUNS,
      ]);
  }
  return out;
}

// --- Sending and judging ------------------------------------------------------------------------

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

async function send(server: TestServer, world: FuzzWorld, caller: Caller, method: string, req: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...req.headers };
  if (caller === 'cookie') headers.cookie = world.cookie;
  if (caller === 'operator') headers.cookie = world.operatorCookie;
  if (caller === 'token') headers.authorization = `Bearer ${world.token}`;
  // A browser sends its own Origin on writes; without it a cookie write is refused before validation.
  if (method !== 'GET') headers.origin = server.url;
  try {
    const res = await fetch(server.url + req.url, { method, headers, body: req.body, redirect: 'manual' });
    // The live stream never ends: its status and headers are the answer.
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, text: '', json: undefined };
    }
    const text = await res.text();
    let json: unknown;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, text, json };
  } catch (e) {
    return { status: 0, text: `no answer: ${(e as Error).cause ?? (e as Error).message}`, json: undefined };
  }
}

/** Stack frames (`at fn (/path/file.ts:12:3)`), or the paths of our code or node_modules. */
const STACK = /\bat (?:async )?\S+ \((?:file:|node:|\/)|\n\s+at \S|node_modules\/|\/src\/\w+\/[\w./-]+\.ts\b/;

function verdict(a: Answer): string | null {
  if (a.status === 0) return a.text;
  if (a.status >= 500) {
    // 502 is an answer, not a crash, when it reports another server's failure with a code the
    // catalogue gives that status (a connected calendar that cannot be reached).
    const code = (a.json as { error?: { code?: string } } | undefined)?.error?.code;
    const upstream = a.status === 502 && code !== undefined && (errorCatalog as Record<string, number>)[code] === 502;
    if (!upstream) return `answered ${a.status}`;
  }
  if (a.status >= 400) {
    const error = (a.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (!error) return `answered ${a.status} without the JSON error body`;
    if (typeof error.code !== 'string' || !/^[A-Z_]+$/.test(error.code) || typeof error.message !== 'string')
      return `answered ${a.status} with an error body not shaped { error: { code, message } }`;
    if (STACK.test(a.text)) return `answered ${a.status} with a stack trace`;
  }
  return null;
}

const clip = (s: string, n = 240) => {
  const shown = JSON.stringify(s.length > n ? s.slice(0, n) : s);
  return s.length > n ? `${shown}… (${s.length} chars)` : shown;
};
const describeBody = (b: FuzzRequest['body']) => (b === undefined ? '' : typeof b === 'string' ? clip(b) : clip(Buffer.from(b).toString('latin1')));

// --- The test -----------------------------------------------------------------------------------

let server: TestServer;
let doc: Doc;
let world: FuzzWorld;
const counts = { requests: 0, byClass: {} as Record<string, number>, passed: new Set<string>(), only4xx: new Set<string>(), failed: new Set<string>() };
const started = Date.now();

beforeAll(async () => {
  // No per-token limit: after the first minute it would answer 429 to most token requests and hide the handlers
  // from the fuzzer (the limit itself is tested in ratelimit.test.ts).
  server = await startTestServer({ env: { TEST_CLOCK: '1', API_RATE_LIMIT: '0' } });
  doc = (await server.client().get('/api/openapi.json')).body;
  world = await fuzzWorld(server);
}, 120_000);

afterAll(async () => {
  const dialect = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  const classes = Object.entries(counts.byClass)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  console.log(
    [
      `fuzz (${dialect}): seed ${SEED}, ${RUNS} runs per kind, ${operations.length} operations, ${counts.requests} requests in ${Math.round((Date.now() - started) / 1000)} s`,
      `  by status: ${classes}`,
      `  operations with a 2xx: ${counts.passed.size}; with 4xx only: ${counts.only4xx.size}${counts.only4xx.size ? ` (${[...counts.only4xx].join(', ')})` : ''}`,
      `  operations with a failure: ${counts.failed.size}${counts.failed.size ? ` (${[...counts.failed].join(', ')})` : ''}`,
      `  reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_OPS=<operationId,…> npx vitest run --project server src/server/fuzz.test.ts`,
    ].join('\n'),
  );
  await server?.close();
});

describe(`fuzzing every operation of the OpenAPI document (seed ${SEED})`, () => {
  it('has the operations the server documents, and a real value for every path parameter', () => {
    const live = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    if (!ONLY) expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(live.sort());
    const missing = operations.flatMap((o) =>
      Object.entries(realParams(o.path, world))
        .filter(([, v]) => v === undefined)
        .map(([n]) => `${o.method} ${o.path}: {${n}}`),
    );
    expect(missing).toEqual([]);
  });

  for (const o of operations) {
    const name = `${o.method} ${o.path}`;
    it(`${name} (${o.id}): no 5xx, every error in the one shape`, async () => {
      const op = doc.paths[o.path]?.[o.method.toLowerCase()];
      expect(op, `${name} is not in the server's document`).toBeDefined();
      const w = OWN_WORLD.has(name) ? await freshWorld(server, { member: o.id === 'transferOwnership', operator: o.path.startsWith('/api/operator/') }) : world;
      const callers: Caller[] = o.path.startsWith('/api/operator/') ? ['operator', 'cookie', 'token', 'anonymous'] : ['cookie', 'token', 'anonymous'];
      const failures: string[] = [];
      let success = 0;
      for (const [index, [kind, arb, runs]] of kinds(doc, { ...o }, w).entries()) {
        const numRuns = HASHING.has(o.id) ? Math.ceil(runs / 2) : runs;
        const requests = fc.sample(arb, { seed: (SEED + hash(o.id) + index) | 0, numRuns });
        // The samples of one kind go out together: the database (PostgreSQL) works while Node waits.
        const answers = await Promise.all(
          requests.flatMap((req) => callers.map(async (caller) => ({ req, caller, a: await send(server, w, caller, o.method, req) }))),
        );
        for (const { req, caller, a } of answers) {
          counts.requests++;
          const cls = a.status === 0 ? 'none' : `${String(a.status)[0]}xx`;
          counts.byClass[cls] = (counts.byClass[cls] ?? 0) + 1;
          if (a.status >= 200 && a.status < 300) success++;
          else if (process.env.FUZZ_DEBUG && kind === 'valid' && caller !== 'anonymous')
            console.log(name, caller, a.status, a.text.slice(0, 300), req.url.slice(0, 200), describeBody(req.body));
          const problem = verdict(a);
          if (problem)
            failures.push(
              `${name} [${req.kind}, as ${caller}] ${problem}: ${clip(a.text, 300)}\n    request: ${o.method} ${clip(req.url, 200)} ${JSON.stringify(req.headers).slice(0, 200)} ${describeBody(req.body)}`,
            );
        }
      }
      (success ? counts.passed : counts.only4xx).add(o.id);
      if (failures.length) counts.failed.add(o.id);
      expect(failures.length, `${failures.length} bad answers:\n${failures.slice(0, 12).join('\n')}`).toBe(0);
    }, 180_000);
  }
});
