import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ICAL from 'ical.js';

/**
 * Three independent readers of the iCalendar the app writes, for tests (ADR 0028):
 * ical.js, and the Debian packages python3-icalendar and python3-vobject run as
 * one subprocess for a whole batch of documents (fixtures/ics_read.py). Each
 * gives the same plain tree, so a test states once what every reader must see.
 */

export interface IcsProp {
  name: string;
  params: Record<string, string>;
  value: string;
}
export interface IcsComponent {
  name: string;
  props: IcsProp[];
  components: IcsComponent[];
}
export type IcsParser = 'ical.js' | 'icalendar' | 'vobject';
export interface IcsReading {
  parser: IcsParser;
  /** The top-level components, or the parser's refusal. */
  components?: IcsComponent[];
  error?: string;
}

// RFC 7986 NAME and the de-facto X-WR-CALNAME are TEXT; ical.js would otherwise hand them over undecoded.
const design = ICAL.design.icalendar.property as Record<string, { defaultType: string }>;
design['name'] ??= { defaultType: 'text' };
design['x-wr-calname'] ??= { defaultType: 'text' };

function fromIcalJs(c: ICAL.Component): IcsComponent {
  return {
    name: c.name.toUpperCase(),
    props: c.getAllProperties().map((p) => {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(p.toJSON()[1] as Record<string, unknown>)) params[k.toUpperCase()] = Array.isArray(v) ? v.join(',') : String(v);
      const values = p.getValues().map((v) => (typeof v === 'string' ? v : String(v)));
      return { name: p.name.toUpperCase(), params, value: values.join(',') };
    }),
    components: c.getAllSubcomponents().map(fromIcalJs),
  };
}

/** The document as ical.js reads it. */
export function readWithIcalJs(text: string): IcsReading {
  try {
    const parsed = ICAL.parse(text) as unknown[];
    const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as ConstructorParameters<typeof ICAL.Component>[0][];
    return { parser: 'ical.js', components: list.map((jcal) => fromIcalJs(new ICAL.Component(jcal))) };
  } catch (e) {
    return { parser: 'ical.js', error: String(e) };
  }
}

const SCRIPT = fileURLToPath(new URL('./fixtures/ics_read.py', import.meta.url));
let python: string | null | undefined;

/**
 * The Python that has python3-icalendar and python3-vobject (Debian's /usr/bin/python3,
 * whatever else is first on PATH), or null. Under CI=true a missing one is an error, not a skip.
 */
export function pythonIcsReaders(): string | null {
  if (python !== undefined) return python;
  python = null;
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import icalendar, vobject'], { stdio: 'ignore' });
    if (probe.status === 0) {
      python = candidate;
      break;
    }
  }
  if (!python && process.env.CI === 'true')
    throw new Error('CI needs the Debian packages python3-icalendar and python3-vobject (the second iCalendar parsers)');
  return python;
}

/** Every document as python3-icalendar and python3-vobject read it, in one subprocess. */
export function readWithPython(texts: string[]): IcsReading[][] {
  const bin = pythonIcsReaders();
  if (!bin) throw new Error('python3-icalendar and python3-vobject are not installed');
  const out = execFileSync(bin, [SCRIPT], { input: JSON.stringify(texts), maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  const answers = JSON.parse(out) as Record<'icalendar' | 'vobject', { components?: IcsComponent[]; error?: string }>[];
  return answers.map((a) => [
    { parser: 'icalendar', ...a.icalendar },
    { parser: 'vobject', ...a.vobject },
  ]);
}

/** Every document as every reader reads it: ical.js always, the Python two when they are installed (required under CI=true). */
export function readWithAll(texts: string[]): IcsReading[][] {
  const py = pythonIcsReaders() ? readWithPython(texts) : texts.map(() => []);
  return texts.map((t, i) => [readWithIcalJs(t), ...py[i]!]);
}

/**
 * Whether a reader gives back exactly the text written as `written` (the value or
 * parameter as it stands in the document, escaped), given the readers' known faults:
 * - python3-icalendar 4.0.3 (Debian bookworm) first turns `\\,` `\\:` `\\;` `\\\\` anywhere
 *   in a line into `%2C` `%3A` `%3B` `%5C` and back into `,` `:` `;` `\\` (a literal `%2C`
 *   too), then unescapes with chained replace() calls: a text that held a backslash or
 *   one of those %-codes does not come back as written (`a\\nb` comes back with a newline).
 * - ical.js reads a parameter value as TEXT, so a backslash before `\\` `;` `,` `n`
 *   or `N` in one is taken for an escape (RFC 5545 has no escapes in parameters).
 * Those texts are left to the other readers; the faulty reader's reading of
 * everything else (the structure, every other text) is still compared.
 */
export function readsExactly(parser: IcsParser, written: string, place: 'value' | 'param' = 'value'): boolean {
  if (parser === 'icalendar') return !(place === 'value' ? /\\\\/ : /\\/).test(written) && !/%(2C|3A|3B|5C)/.test(written);
  if (parser === 'ical.js' && place === 'param') return !/\\[\\;,nN]/.test(written);
  return true;
}

// --- Looking things up in a reading ------------------------------------------------------------

export const propsOf = (c: IcsComponent, name: string) => c.props.filter((p) => p.name === name);
export const textOf = (c: IcsComponent, name: string) => propsOf(c, name)[0]?.value;
export const childrenOf = (c: IcsComponent, name: string) => c.components.filter((s) => s.name === name);

// --- Texts that try to break a document -------------------------------------------------------

const PIECES = [
  '\r',
  '\n',
  '\r\n',
  ';',
  ',',
  '"',
  ':',
  '\\',
  '^',
  "^'",
  '^n',
  '\\n',
  '\\N',
  '\t',
  ' ',
  "'",
  '😀',
  '👩‍💻',
  'é',
  'e\u0301',
  '\u0308',
  '日本',
  'ß',
  '\u000b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ud800',
  'BEGIN:VEVENT',
  'END:VCALENDAR',
  'X-INJECTED:1',
  'mailto:',
  '=',
];

/** Names, titles and the like made of the pieces that break iCalendar writers, mixed with any Unicode text. */
export const hostileText = (maxLength = 120) =>
  fc.string({
    unit: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }),
    maxLength,
  });
