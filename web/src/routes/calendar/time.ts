import { Temporal } from 'temporal-polyfill';

/**
 * Wall-clock helpers for the calendar screens. Times travel as local
 * "YYYY-MM-DDTHH:mm" strings beside an IANA zone; conversions go through
 * Temporal so that they are right for any zone, not only the browser's.
 */

// Browsers list some zones under their old ICU names; people search for the current ones.
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Africa/Asmera': 'Africa/Asmara',
};
const current = (zone: string) => CURRENT_NAMES[zone] ?? zone;

export const browserZone = (): string => current(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

let zones: string[] | null = null;
/** Every IANA zone the browser knows, for the zone pickers. */
export function allZones(): string[] {
  if (!zones) {
    const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    zones = [...new Set(['UTC', browserZone(), ...supported.map(current)])].sort();
  }
  return zones;
}

/** The wall-clock time ("YYYY-MM-DDTHH:mm") of a UTC instant in a zone. */
export const wallIn = (iso: string, zone: string): string =>
  Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });

/** The UTC instant (ISO) of a wall-clock time in a zone. */
export const instantOf = (local: string, zone: string): string =>
  Temporal.PlainDateTime.from(local).toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant().toString();

/** "YYYY-MM-DDTHH:mm[:ss]" → "YYYY-MM-DDTHH:mm" (what datetime-local inputs take). */
export const toInputValue = (local: string): string => local.slice(0, 16);

/** The next full hour from now, as a wall-clock time in a zone. */
export function nextFullHour(zone: string): string {
  const now = Temporal.Now.zonedDateTimeISO(zone);
  return now.round({ smallestUnit: 'hour', roundingMode: 'ceil' }).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

export const addMinutes = (local: string, minutes: number): string => Temporal.PlainDateTime.from(local).add({ minutes }).toString({ smallestUnit: 'minute' });
export const addDays = (date: string, days: number): string => Temporal.PlainDate.from(date).add({ days }).toString();
export const minutesBetween = (a: string, b: string): number =>
  Temporal.PlainDateTime.from(a).until(Temporal.PlainDateTime.from(b), { largestUnit: 'minute' }).minutes;
export const daysBetween = (a: string, b: string): number => Temporal.PlainDate.from(a).until(Temporal.PlainDate.from(b)).days;

/** The two-letter RRULE weekday of a date ("MO"…"SU"). */
export const weekdayOf = (date: string): string => ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][Temporal.PlainDate.from(date.slice(0, 10)).dayOfWeek - 1]!;

export const isLocalDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v);
export const isLocalDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
