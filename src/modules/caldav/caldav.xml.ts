import { XMLParser } from 'fast-xml-parser';

/**
 * WebDAV XML (RFC 4918) in and out. Requests are read with fast-xml-parser into elements named
 * by namespace URI and local name (prefixes resolved, default namespaces included); answers are
 * written as text with every value escaped by `escapeXml`.
 */

export const DAV = 'DAV:';
export const CALDAV = 'urn:ietf:params:xml:ns:caldav';
export const CS = 'http://calendarserver.org/ns/';
export const APPLE = 'http://apple.com/ns/ical/';

export interface XmlElement {
  ns: string;
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(node: Raw, scope: Map<string, string>): XmlElement | null {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) return null;
  const rawAttrs = node[':@'] ?? {};
  const inner = new Map(scope);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') inner.set('', String(v));
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), String(v));
    else attrs[k.includes(':') ? k.slice(k.indexOf(':') + 1) : k] = String(v);
  }
  const colon = tag.indexOf(':');
  const prefix = colon >= 0 ? tag.slice(0, colon) : '';
  const ns = inner.get(prefix);
  if (ns === undefined && prefix) throw new XmlError(`The prefix "${prefix}" is not declared`);
  const el: XmlElement = { ns: ns ?? '', name: colon >= 0 ? tag.slice(colon + 1) : tag, attrs, children: [], text: '' };
  for (const child of (node[tag] as Raw[]) ?? []) {
    if ('#text' in child) el.text += String(child['#text']);
    else {
      const c = convert(child, inner);
      if (c) el.children.push(c);
    }
  }
  return el;
}

/** The root element of an XML body; an empty body is null. No DOCTYPE (entity expansion) is accepted. */
export function parseXml(body: string): XmlElement | null {
  if (!body.trim()) return null;
  if (/<!DOCTYPE/i.test(body)) throw new XmlError('DOCTYPE is not accepted');
  let raw: Raw[];
  try {
    raw = parser.parse(body) as Raw[];
  } catch (err) {
    throw new XmlError(`The body is not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const node of raw) {
    const el = convert(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    if (el) return el;
  }
  throw new XmlError('The body holds no XML element');
}

export const child = (el: XmlElement | null | undefined, ns: string, name: string) => el?.children.find((c) => c.ns === ns && c.name === name);
export const childrenOf = (el: XmlElement | null | undefined, ns: string, name: string) => el?.children.filter((c) => c.ns === ns && c.name === name) ?? [];
export const is = (el: XmlElement | null | undefined, ns: string, name: string) => !!el && el.ns === ns && el.name === name;

export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are replaced; the rest escaped.
  // eslint-disable-next-line no-control-regex -- exactly the control characters XML 1.0 forbids
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const PREFIXES: Record<string, string> = { [DAV]: 'd', [CALDAV]: 'cal', [CS]: 'cs', [APPLE]: 'ical' };

/** A property name in an answer: our prefixes for the known namespaces, a local declaration for any other. */
export function qname(ns: string, name: string): { open: string; close: string } {
  const p = PREFIXES[ns];
  if (p) return { open: `${p}:${name}`, close: `${p}:${name}` };
  if (!ns) return { open: name, close: name };
  return { open: `x:${name} xmlns:x="${escapeXml(ns)}"`, close: `x:${name}` };
}

/** An element with text or inner XML (already escaped). */
export function element(ns: string, name: string, inner = ''): string {
  const q = qname(ns, name);
  return inner ? `<${q.open}>${inner}</${q.close}>` : `<${q.open}/>`;
}

export const multistatusOpen = `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:cal="${CALDAV}" xmlns:cs="${CS}" xmlns:ical="${APPLE}">`;
export const multistatusClose = '</d:multistatus>';

export interface PropResult {
  ns: string;
  name: string;
  /** Escaped inner XML; null: the property is not here (404). */
  value: string | null;
}

/** One d:response: the found properties under 200, the others under 404. */
export function response(href: string, props: PropResult[]): string {
  const found = props.filter((p) => p.value !== null);
  const missing = props.filter((p) => p.value === null);
  let out = `<d:response><d:href>${escapeXml(href)}</d:href>`;
  if (found.length || !missing.length)
    out += `<d:propstat><d:prop>${found.map((p) => element(p.ns, p.name, p.value!)).join('')}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>`;
  if (missing.length)
    out += `<d:propstat><d:prop>${missing.map((p) => element(p.ns, p.name)).join('')}</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>`;
  return `${out}</d:response>`;
}

/** A d:response with a status and no properties (a member gone, or not found). */
export const statusResponse = (href: string, status: string) =>
  `<d:response><d:href>${escapeXml(href)}</d:href><d:status>HTTP/1.1 ${status}</d:status></d:response>`;

/** An error body naming the precondition that failed (RFC 4918 §16). */
export function errorBody(ns: string, condition: string, message?: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:cal="${CALDAV}">${element(ns, condition)}${message ? `<d:responsedescription>${escapeXml(message)}</d:responsedescription>` : ''}</d:error>`;
}
