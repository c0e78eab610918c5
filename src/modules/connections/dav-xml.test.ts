import { describe, expect, it } from 'vitest';
import { canonicalPath, normalizeColor } from './caldav-client.js';
import { DavXmlError, NS, escapeXml, key, multigetBody, parseDavXml, parseMultistatus, textOf } from './dav-xml.js';

const ok = 'HTTP/1.1 200 OK';

describe('WebDAV XML', () => {
  it('reads the same multistatus whatever prefixes the server chose', () => {
    const bodies = [
      // Radicale: DAV: as the default namespace
      `<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/a/</href><propstat><prop><getetag>"1"</getetag><C:calendar-data>X</C:calendar-data></prop><status>${ok}</status></propstat></response></multistatus>`,
      // SabreDAV / Nextcloud: d: and cal:
      `<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/a/</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><cal:calendar-data>X</cal:calendar-data></d:prop><d:status>${ok}</d:status></d:propstat></d:response></d:multistatus>`,
      // prefixes declared on inner elements, and a default namespace switched inside
      `<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a/</D:href><D:propstat><D:prop xmlns:x="DAV:"><x:getetag>"1"</x:getetag><calendar-data xmlns="urn:ietf:params:xml:ns:caldav">X</calendar-data></D:prop><D:status>${ok}</D:status></D:propstat></D:response></D:multistatus>`,
    ];
    for (const body of bodies) {
      const ms = parseMultistatus(body);
      expect(ms.responses).toHaveLength(1);
      const r = ms.responses[0]!;
      expect(r.href).toBe('/a/');
      expect(textOf(r.props.get(key(NS.dav, 'getetag')))).toBe('"1"');
      expect(r.props.get(key(NS.caldav, 'calendar-data'))?.text).toBe('X');
    }
  });

  it('does not take a prefix for a namespace: a "C:" bound to another URI is not CalDAV', () => {
    const body = `<D:multistatus xmlns:D="DAV:" xmlns:C="http://example.com/other"><D:response><D:href>/a/</D:href><D:propstat><D:prop><C:calendar-data>X</C:calendar-data></D:prop><D:status>${ok}</D:status></D:propstat></D:response></D:multistatus>`;
    const r = parseMultistatus(body).responses[0]!;
    expect(r.props.has(key(NS.caldav, 'calendar-data'))).toBe(false);
    expect(r.props.has(key('http://example.com/other', 'calendar-data'))).toBe(true);
  });

  it('keeps calendar data exactly: entities, CDATA, numbers that look like numbers', () => {
    const body = `<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/a/1.ics</d:href><d:propstat><d:prop><d:getetag>123</d:getetag><c:calendar-data>SUMMARY:Tom &amp; Jerry &lt;3&gt; &#233;</c:calendar-data></d:prop><d:status>${ok}</d:status></d:propstat></d:response><d:response><d:href>/a/2.ics</d:href><d:propstat><d:prop><c:calendar-data><![CDATA[SUMMARY:a < b &amp; c]]>&#13;&#x0A;</c:calendar-data></d:prop><d:status>${ok}</d:status></d:propstat></d:response></d:multistatus>`;
    const [one, two] = parseMultistatus(body).responses;
    expect(textOf(one!.props.get(key(NS.dav, 'getetag')))).toBe('123');
    expect(one!.props.get(key(NS.caldav, 'calendar-data'))!.text).toBe('SUMMARY:Tom & Jerry <3> é');
    expect(two!.props.get(key(NS.caldav, 'calendar-data'))!.text).toBe('SUMMARY:a < b &amp; c\r\n');
  });

  it('sorts properties by their propstat status and reads a response status', () => {
    const body = `<d:multistatus xmlns:d="DAV:"><d:response><d:href>/a/</d:href><d:propstat><d:prop><d:displayname>A</d:displayname></d:prop><d:status>${ok}</d:status></d:propstat><d:propstat><d:prop><d:getctag/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response><d:response><d:href>/a/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response><d:sync-token>tok-2</d:sync-token></d:multistatus>`;
    const ms = parseMultistatus(body);
    expect(ms.syncToken).toBe('tok-2');
    expect([...ms.responses[0]!.props.keys()]).toEqual([key(NS.dav, 'displayname')]);
    expect(ms.responses[0]!.missing.get(key(NS.dav, 'getctag'))).toBe(404);
    expect(ms.responses[1]!.status).toBe(404);
  });

  it('refuses a DOCTYPE (no entity expansion) and non-XML', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><d:multistatus xmlns:d="DAV:">&b;</d:multistatus>`;
    expect(() => parseDavXml(bomb)).toThrow(DavXmlError);
    expect(() => parseMultistatus('<html><body>Login</body></html>')).toThrow(DavXmlError);
    expect(() => parseMultistatus('')).toThrow(DavXmlError);
  });

  it('escapes hrefs and tokens written into a request', () => {
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
    const body = multigetBody(['/cal/a&b.ics', '/cal/<x>.ics'], [[NS.dav, 'getetag']]);
    const root = parseDavXml(body);
    const hrefs = root.children.filter((c) => c.name === 'href').map((h) => h.text);
    expect(hrefs).toEqual(['/cal/a&b.ics', '/cal/<x>.ics']);
  });

  it('spells each path one way, and reads Apple calendar colours', () => {
    expect(canonicalPath('/alice/work/a%40b.ics')).toBe(canonicalPath('/alice/work/a@b.ics'));
    expect(canonicalPath('/alice/w%6Frk/~x.ics')).toBe(canonicalPath('/alice/work/%7Ex.ics'));
    expect(canonicalPath('/a b/')).toBe('/a%20b/');
    expect(normalizeColor('#FF8800FF')).toBe('#ff8800');
    expect(normalizeColor('#ff8800')).toBe('#ff8800');
    expect(normalizeColor('red')).toBeNull();
    expect(normalizeColor(null)).toBeNull();
  });
});
