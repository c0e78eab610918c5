/**
 * The one place where user text becomes iCalendar (RFC 5545) syntax. Every
 * document the app writes — the feed, the export, an event attached to a mail,
 * CalDAV, invitations — puts names, titles, descriptions, locations, UIDs and
 * e-mail addresses through these functions (or through ical-generator, whose
 * TEXT escaping is the same, for the properties it writes itself). ADR 0028.
 */

// RFC 5545 §3.1 CONTROL: every C0 character but HTAB, and DEL. CR and LF are newlines, handled by the callers.
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const NEWLINE = /\r\n|\r|\n/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The text as an iCalendar document can carry it: control characters (which no
 * value may hold) dropped, a lone UTF-16 surrogate (not encodable in UTF-8)
 * replaced by U+FFFD. Newlines stay; each writer encodes them its own way.
 */
export function icsClean(value: string): string {
  return value.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '');
}

/**
 * What a reader gets back from a value written by icsText or icsParam: the
 * cleaned text with every newline (CRLF, CR, LF) as LF.
 */
export function icsReadBack(value: string): string {
  return icsClean(value).replace(NEWLINE, '\n');
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as `\n`. */
export function icsText(value: string): string {
  return icsClean(value)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(NEWLINE, '\\n');
}

/**
 * A parameter value (RFC 5545 §3.2): RFC 6868 caret encoding for what a
 * parameter cannot hold (`^` → `^^`, `"` → `^'`, newline → `^n`), and DQUOTEs
 * around it when it holds `:` `;` or `,` — or a backslash, which some readers take
 * for an escape before `:` outside quotes (RFC 5545 has none in parameters).
 */
export function icsParam(value: string): string {
  const encoded = icsClean(value).replace(/\r\n|\r|\n|\^|"/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'));
  return /[:;,\\]/.test(encoded) ? `"${encoded}"` : encoded;
}

// What may stand in a mailto: address as it is (RFC 6068 addr-spec characters and "@"); everything else is %-encoded.
const MAILTO_SAFE = /[A-Za-z0-9!#$&'*+\-./=?^_`{|}~@]/;

/**
 * A CAL-ADDRESS (a URI, so not TEXT-escaped) for an e-mail address:
 * `mailto:` and the address, any character a URI may not hold %-encoded
 * (`decodeURIComponent` of what follows `mailto:` gives the address back).
 */
export function icsCalAddress(email: string): string {
  let out = 'mailto:';
  for (const ch of icsClean(email).replace(NEWLINE, '')) out += MAILTO_SAFE.test(ch) ? ch : encodeURIComponent(ch);
  return out;
}

const NAME = /^[A-Za-z0-9-]+$/;

/**
 * One content line, unfolded and without its CRLF: the property name, each
 * parameter (its value put through icsParam; null, undefined and empty left out) and
 * the value, which the caller has already written for its type (icsText for
 * TEXT, icsCalAddress for CAL-ADDRESS, …).
 * Parameters holding a backslash are written first: ical.js (Thunderbird, Nextcloud)
 * reads a backslash in a parameter as an escape and, when that parameter is the last
 * one, starts the value at the wrong place.
 */
export function icsProperty(name: string, params: Record<string, string | null | undefined>, value: string): string {
  if (!NAME.test(name)) throw new Error(`Not an iCalendar property name: ${name}`);
  const written: string[] = [];
  for (const [key, v] of Object.entries(params)) {
    if (v === null || v === undefined || icsClean(v) === '') continue;
    if (!NAME.test(key)) throw new Error(`Not an iCalendar parameter name: ${key}`);
    written.push(`;${key.toUpperCase()}=${icsParam(v)}`);
  }
  if (/[\r\n]/.test(value)) throw new Error(`An iCalendar value must be escaped before it is written (${name})`);
  const backslashFirst = [...written.filter((p) => p.includes('\\')), ...written.filter((p) => !p.includes('\\'))];
  return `${name.toUpperCase()}${backslashFirst.join('')}:${value}`;
}

/** A TEXT property: icsProperty with the value put through icsText. */
export function icsTextProperty(name: string, value: string, params: Record<string, string | null | undefined> = {}): string {
  return icsProperty(name, params, icsText(value));
}

/**
 * RFC 5545 line folding: a line longer than 75 octets continues on the next
 * line after CRLF and a space, never inside a UTF-8 sequence (the same cuts
 * ical-generator makes). Lines of plain ASCII up to 74 characters, nearly all
 * of them, are left as they are.
 */
export function foldLines(text: string): string {
  const lines = text.split('\r\n');
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.length <= 74 && ASCII.test(line)) continue;
    let out = '';
    let octets = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      let ch = line[i]!;
      let size: number;
      if (code < 0x80) size = 1;
      else if (code < 0x800) size = 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
        ch += line[++i]!;
        size = 4;
      } else size = 3;
      octets += size;
      if (octets > 74) {
        out += '\r\n ';
        octets = size;
      }
      out += ch;
    }
    lines[l] = out;
  }
  return lines.join('\r\n');
}

// eslint-disable-next-line no-control-regex -- every ASCII character, control characters included
const ASCII = /^[\x00-\x7f]*$/;
