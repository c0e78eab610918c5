import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { normalizeTimeZone } from './localtime.js';
import { WINDOWS_ZONES, windowsToIana } from './windows-zones.js';

/**
 * Turns the TZIDs found in .ics files into IANA zones: IANA names as Google
 * and Apple write them, Windows names as Outlook writes them, vendor-prefixed
 * paths ("/mozilla.org/…/Europe/Berlin"), X-LIC-LOCATION, and, for custom
 * names ("Customized Time Zone"), the IANA zone whose offsets match the
 * file's own VTIMEZONE through the year.
 */
export class ZoneResolver {
  private readonly vtimezones = new Map<string, ICAL.Component>();
  private readonly cache = new Map<string, string | null>();

  constructor(calendar: ICAL.Component) {
    for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = vtz.getFirstPropertyValue('tzid');
      if (typeof tzid === 'string') this.vtimezones.set(tzid, vtz);
    }
  }

  /** The IANA zone for a TZID, or null when neither its name nor a VTIMEZONE in the file tells. */
  resolve(tzid: string, year: number): string | null {
    const key = `${tzid}\u0000${year}`;
    if (!this.cache.has(key)) this.cache.set(key, this.lookup(tzid, year));
    return this.cache.get(key)!;
  }

  private lookup(tzid: string, year: number): string | null {
    const name = tzid.trim().replace(/^"|"$/g, '');
    const direct = byName(name);
    if (direct) return direct;
    const vtz = this.vtimezones.get(tzid) ?? this.vtimezones.get(name);
    if (!vtz) return null;
    const location = vtz.getFirstPropertyValue('x-lic-location');
    if (typeof location === 'string' && byName(location)) return byName(location);
    return matchOffsets(vtz, year);
  }
}

function byName(name: string): string | null {
  const windows = windowsToIana(name);
  if (windows) return normalizeTimeZone(windows);
  const iana = normalizeTimeZone(name);
  if (iana) return iana;
  // Vendor prefixes: "/mozilla.org/20050126_1/Europe/Berlin", "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin".
  const parts = name.split('/').filter(Boolean);
  for (const n of [3, 2]) {
    if (parts.length > n) {
      const tail = normalizeTimeZone(parts.slice(-n).join('/'));
      if (tail) return tail;
    }
  }
  return null;
}

/** Local noon on every Monday of the year and every day of the months zones usually switch in. */
function sampleDays(year: number): Temporal.PlainDateTime[] {
  const out: Temporal.PlainDateTime[] = [];
  let d = Temporal.PlainDate.from({ year, month: 1, day: 1 });
  while (d.year === year) {
    if (d.dayOfWeek === 1 || [3, 4, 9, 10, 11].includes(d.month)) out.push(d.toPlainDateTime({ hour: 12 }));
    d = d.add({ days: 1 });
  }
  return out;
}

function matchOffsets(vtz: ICAL.Component, year: number): string | null {
  let tz: ICAL.Timezone;
  try {
    tz = new ICAL.Timezone({ component: vtz });
  } catch {
    return null;
  }
  const samples = sampleDays(year);
  const expected = samples.map((s) => tz.utcOffset(ICAL.Time.fromData({ year: s.year, month: s.month, day: s.day, hour: 12, minute: 0, second: 0 })));
  const candidates = [...new Set([...Object.values(WINDOWS_ZONES), ...Intl.supportedValuesOf('timeZone')])].filter((z) => !z.startsWith('Etc/'));
  for (const zone of candidates) {
    try {
      if (samples.every((s, i) => s.toZonedDateTime(zone).offsetNanoseconds / 1e9 === expected[i])) return normalizeTimeZone(zone);
    } catch {
      /* a zone this runtime does not know */
    }
  }
  return null;
}
