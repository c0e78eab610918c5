import type { AppDeps, PortalContext } from '../../kernel/context.js';
import { hashSecret, newSecret } from '../accounts/index.js';
import { type ContactListQuery, listContacts } from '../crm/index.js';
import type { BookingMailFacts } from './booking.mail.js';
import { mailAddressOf } from '../calendar/index.js';
import { locationOf } from './location.js';
import type { BookingRow } from '../../db/tables/scheduling.js';

/** Pieces the public booking flow and the manage flow share. */

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Someone without an account acting on one portal: a guest booking, rescheduling or cancelling. */
export function guestContext(deps: AppDeps, portalId: string, meta: RequestMeta): PortalContext {
  return { deps, portalId, actor: { type: 'guest' }, ip: meta.ip, userAgent: meta.userAgent };
}

export const newManageToken = () => newSecret('bk_');
export const manageTokenHash = (token: string) => hashSecret(token);
export const manageUrl = (deps: AppDeps, token: string) => `${deps.config.BASE_URL}/booking/${token}`;

/** The CRM contact with exactly this email address, if there is one. */
export async function findContactByEmail(ctx: PortalContext, email: string): Promise<{ id: string } | null> {
  const wanted = email.trim().toLowerCase();
  const { items } = await listContacts(ctx, { q: wanted, limit: 50, sort: 'name' } as ContactListQuery);
  return items.find((c) => c.emails.some((e) => e.value.trim().toLowerCase() === wanted)) ?? null;
}

/** "Ada Lovelace" → first and last name for the CRM. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! };
}

export const hostIdsOf = (b: BookingRow): string[] => JSON.parse(b.host_ids) as string[];

export function mailFacts(
  ctx: PortalContext,
  b: Pick<BookingRow, 'id' | 'title' | 'guest_name' | 'guest_email' | 'notes' | 'sequence' | 'location_kind' | 'location_value'>,
  startMs: number,
  endMs: number,
  hosts: { name: string; email: string | null }[],
  portalName: string,
  url: string,
): BookingMailFacts {
  const config = ctx.deps.config;
  return {
    bookingId: b.id,
    title: b.title,
    portalName,
    hosts,
    guestName: b.guest_name,
    guestEmail: b.guest_email,
    startMs,
    endMs,
    notes: b.notes,
    manageUrl: url,
    location: locationOf(b),
    sequence: b.sequence,
    uidDomain: new URL(config.BASE_URL).hostname,
    sentBy: mailAddressOf(config.MAIL_FROM),
    stamp: ctx.deps.clock.now(ctx.portalId),
  };
}
