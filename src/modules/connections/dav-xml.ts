import { XMLParser } from 'fast-xml-parser';

/**
 * WebDAV XML as a CalDAV client reads and writes it. Servers choose their own
 * prefixes (`d:`, `D:`, a default namespace, one redeclared on an inner
 * element), so names are resolved to (namespace, local name) before anything
 * looks at them; a prefix is never compared.
 */

export const NS = {
  dav: 'DAV:',
  caldav: 'urn:ietf:params:xml:ns:caldav',
  calendarserver: 'http://calendarserver.org/ns/',
  apple: 'http://apple.com/ns/ical/',
} as const;

export interface XmlElement {
  ns: string;
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below, as XML defines them (the five named ones and
  // numeric references such as &#13;); CDATA is kept apart so it stays literal.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

export class DavXmlError extends Error {}

/** Parses a WebDAV response body into namespace-resolved elements; returns the root element. */
export function parseDavXml(body: string): XmlElement {
  // A DAV server has no use for a DTD; refusing it rules out entity expansion tricks.
  if (/<!DOCTYPE/i.test(body)) throw new DavXmlError('the server answered with a DOCTYPE, which a WebDAV response never needs');
  let nodes: Ordered[];
  try {
    nodes = parser.parse(body) as Ordered[];
  } catch (err) {
    throw new DavXmlError(`the server answered with XML that cannot be read: ${(err as Error).message}`);
  }
  const roots = convert(nodes, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  const root = roots[0];
  if (!root) throw new DavXmlError('the server answered without an XML document');
  return root;
}

function convert(nodes: Ordered[], scope: ReadonlyMap<string, string>): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const qname = Object.keys(node).find((k) => k !== ':@');
    if (!qname || qname === '#text' || qname === '#cdata' || qname.startsWith('?') || qname.startsWith('!')) continue;
    const rawAttrs = node[':@'] ?? {};
    const inner = new Map(scope);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns') inner.set('', String(v));
      else if (k.startsWith('xmlns:')) inner.set(k.slice(6), String(v));
      else attrs[k] = decodeXmlText(String(v));
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const name = colon === -1 ? qname : qname.slice(colon + 1);
    const ns = inner.get(prefix) ?? '';
    const kids = (node[qname] as Ordered[] | undefined) ?? [];
    let text = '';
    for (const kid of kids) {
      if ('#text' in kid) text += decodeXmlText(String(kid['#text']));
      else if ('#cdata' in kid) text += (kid['#cdata'] as Ordered[]).map((c) => String(c['#text'] ?? '')).join('');
    }
    out.push({ ns, name, attrs, text, children: convert(kids, inner) });
  }
  return out;
}

export const child = (el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined => el?.children.find((c) => c.ns === ns && c.name === name);

export const childrenOf = (el: XmlElement | undefined, ns: string, name: string): XmlElement[] =>
  el ? el.children.filter((c) => c.ns === ns && c.name === name) : [];

/** The text of an element with surrounding white space removed (hrefs, etags, tokens). */
export const textOf = (el: XmlElement | undefined): string | null => (el ? el.text.trim() : null);

export const hasChild = (el: XmlElement | undefined, ns: string, name: string): boolean => child(el, ns, name) !== undefined;

/** One `<response>` of a multistatus: its href, an overall status, and its properties by status. */
export interface DavResponse {
  href: string;
  /** The response's own `<status>` (sync-collection uses 404 for removed members), else null. */
  status: number | null;
  /** Properties that came back with 2xx, by `{ns}name`. */
  props: Map<string, XmlElement>;
  /** Properties the server answered with another status (404: it does not have them). */
  missing: Map<string, number>;
  /** A DAV:error inside the response, if any. */
  error: XmlElement | undefined;
}

export const key = (ns: string, name: string) => `{${ns}}${name}`;

export function statusCode(line: string | null): number | null {
  const m = line ? /^\S+\s+(\d{3})/.exec(line.trim()) : null;
  return m ? Number(m[1]) : null;
}

export interface Multistatus {
  responses: DavResponse[];
  /** RFC 6578: the token of the state the answer describes. */
  syncToken: string | null;
}

export function parseMultistatus(body: string): Multistatus {
  const root = parseDavXml(body);
  if (root.ns !== NS.dav || root.name !== 'multistatus') {
    throw new DavXmlError(`expected a DAV:multistatus, got {${root.ns}}${root.name}`);
  }
  const responses: DavResponse[] = [];
  for (const r of childrenOf(root, NS.dav, 'response')) {
    const href = textOf(child(r, NS.dav, 'href'));
    if (!href) continue;
    const props = new Map<string, XmlElement>();
    const missing = new Map<string, number>();
    for (const ps of childrenOf(r, NS.dav, 'propstat')) {
      const status = statusCode(textOf(child(ps, NS.dav, 'status'))) ?? 200;
      for (const p of child(ps, NS.dav, 'prop')?.children ?? []) {
        if (status >= 200 && status < 300) props.set(key(p.ns, p.name), p);
        else missing.set(key(p.ns, p.name), status);
      }
    }
    responses.push({ href, status: statusCode(textOf(child(r, NS.dav, 'status'))), props, missing, error: child(r, NS.dav, 'error') });
  }
  return { responses, syncToken: textOf(child(root, NS.dav, 'sync-token')) };
}

/** Escapes text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const prefixes: Record<string, string> = { [NS.dav]: 'd', [NS.caldav]: 'c', [NS.calendarserver]: 'cs', [NS.apple]: 'ic' };

/** A property name for a request body, e.g. prop(NS.caldav, 'calendar-data') → `<c:calendar-data/>`. */
export const propName = ([ns, name]: readonly [string, string]) => `<${prefixes[ns]}:${name}/>`;

export const XMLNS = Object.entries(prefixes)
  .map(([ns, p]) => `xmlns:${p}="${ns}"`)
  .join(' ');

export function propfindBody(props: ReadonlyArray<readonly [string, string]>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:propfind ${XMLNS}><d:prop>${props.map(propName).join('')}</d:prop></d:propfind>`;
}

export function syncCollectionBody(token: string | null, props: ReadonlyArray<readonly [string, string]>): string {
  const t = token ? `<d:sync-token>${escapeXml(token)}</d:sync-token>` : '<d:sync-token/>';
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:sync-collection ${XMLNS}>${t}<d:sync-level>1</d:sync-level><d:prop>${props.map(propName).join('')}</d:prop></d:sync-collection>`;
}

export function multigetBody(hrefs: readonly string[], props: ReadonlyArray<readonly [string, string]>): string {
  const hs = hrefs.map((h) => `<d:href>${escapeXml(h)}</d:href>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<c:calendar-multiget ${XMLNS}><d:prop>${props.map(propName).join('')}</d:prop>${hs}</c:calendar-multiget>`;
}
