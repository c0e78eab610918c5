import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseHttpUrl } from '../../kernel/url.js';
import type { LocationKind } from '../../db/tables/scheduling.js';

/**
 * Where a booked meeting happens (issue 18 item 7): an address, a phone number, a
 * fixed video link (https), or a fresh Jitsi Meet room made for each booking. The
 * page says the kind (and the value, except for Jitsi); the booking keeps what it
 * got, so a page edited later does not move booked meetings.
 */

export const LOCATION_KINDS = ['address', 'phone', 'video_url', 'jitsi'] as const;

export interface Location {
  kind: LocationKind;
  /** The address, the phone number, or the URL (for jitsi: the booking's room; null on the page). */
  value: string | null;
}

const PHONE = /^\+?[0-9][0-9 ()./-]{2,38}[0-9]$/;

const issue = (ctx: z.RefinementCtx, message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });

/** The page's location as a request gives it; null (or absent) says nothing about where. */
export const locationInput = z
  .object({
    kind: z.enum(LOCATION_KINDS),
    value: z.string().max(2000).nullish().describe('The address, phone number or https:// link; not used for jitsi (each booking gets its own room)'),
  })
  .transform((input, ctx): Location => {
    const value = input.value?.trim() ?? '';
    if (input.kind === 'jitsi') return { kind: 'jitsi', value: null };
    if (value === '') {
      issue(ctx, 'is required');
      return z.NEVER;
    }
    if (input.kind === 'address') {
      if (value.length > 500) issue(ctx, 'must be at most 500 characters');
      return { kind: 'address', value };
    }
    if (input.kind === 'phone') {
      if (!PHONE.test(value)) issue(ctx, 'must be a phone number such as +49 30 1234567');
      return { kind: 'phone', value };
    }
    const parsed = parseHttpUrl(value);
    if (!parsed.ok) issue(ctx, parsed.message);
    else if (!parsed.value.toLowerCase().startsWith('https://')) issue(ctx, 'must be an https:// link');
    return { kind: 'video_url', value: parsed.ok ? parsed.value : value };
  })
  .nullable()
  .describe('Where meetings of the page happen: an address, a phone number, an https video link, or a Jitsi Meet room made per booking');

export const locationOut = z
  .object({ kind: z.enum(LOCATION_KINDS), value: z.string().nullable() })
  .nullable()
  .meta({ id: 'BookingLocation', description: 'Where the meeting happens; for a booking with jitsi, value is its room URL' });

export const locationOf = (row: { location_kind: LocationKind | null; location_value: string | null }): Location | null =>
  row.location_kind ? { kind: row.location_kind, value: row.location_value } : null;

export const locationColumns = (l: Location | null) => ({ location_kind: l?.kind ?? null, location_value: l?.value ?? null });

/** An unguessable Jitsi room name: 128 random bits, letters and digits only (Jitsi room names are case-insensitive paths). */
export const jitsiRoomName = () => `SchedulingKit-${randomBytes(16).toString('hex')}`;

/** What a booking gets from its page: the page's location, with a new room for jitsi. */
export function bookingLocation(page: Location | null, jitsiBaseUrl: string): Location | null {
  if (!page) return null;
  if (page.kind === 'jitsi') return { kind: 'jitsi', value: `${jitsiBaseUrl.replace(/\/+$/, '')}/${jitsiRoomName()}` };
  return page;
}

/** The link to join, for video meetings. */
export const joinUrl = (l: Location | null): string | null => (l && (l.kind === 'video_url' || l.kind === 'jitsi') ? l.value : null);

/** Where, in words, and the link to join (plain text: whoever renders it escapes it). */
export function wherePhrase(l: Location | null): { text: string; href: string | null } | null {
  if (!l || !l.value) return null;
  switch (l.kind) {
    case 'address':
      return { text: l.value, href: null };
    case 'phone':
      return { text: `Phone call: ${l.value}`, href: null };
    case 'video_url':
      return { text: 'Video call:', href: l.value };
    case 'jitsi':
      return { text: 'Video call (Jitsi Meet):', href: l.value };
  }
}

/** One line saying where, for text. */
export function whereLine(l: Location | null): string | null {
  const w = wherePhrase(l);
  return w ? (w.href ? `${w.text} ${w.href}` : w.text) : null;
}

/** The invitation's LOCATION: the address, the phone number, or the link. */
export const icsLocation = (l: Location | null): string | null => (l?.value ? (l.kind === 'phone' ? `Phone: ${l.value}` : l.value) : null);
