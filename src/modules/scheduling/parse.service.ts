import type { PortalContext } from '../../kernel/context.js';
import { actorUserId } from '../../kernel/context.js';
import { getUsers } from '../accounts/index.js';
import { type ContactListQuery, listContacts } from '../crm/index.js';
import { hoursOf } from './availability.service.js';
import { matchNames, parsePhrase, type Person } from './parse.js';

/** Quick add (SCH-5): the phrase read in the caller's zone, names matched among users and CRM contacts. */
export async function parseQuickAdd(ctx: PortalContext, input: { text: string; timeZone?: string }) {
  const me = actorUserId(ctx);
  const mine = me ? (await hoursOf(ctx, [me])).get(me) : undefined;
  const zone = input.timeZone ?? (mine && !mine.isDefault ? mine.doc.timeZone : 'UTC');
  const phrase = parsePhrase(input.text, ctx.deps.clock.now(ctx.portalId).getTime(), zone);
  const people: Person[] = (await getUsers(ctx)).filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name, kind: 'user', email: u.email }));
  for (const name of phrase.names) {
    const { items } = await listContacts(ctx, { q: name, limit: 10, sort: 'name' } as ContactListQuery);
    for (const c of items) if (!people.some((p) => p.id === c.id)) people.push({ id: c.id, name: c.name, kind: 'contact', email: c.emails[0]?.value ?? null });
  }
  const matches = matchNames(phrase.names, people);
  const single = matches.filter((m) => m.matches.length === 1).map((m) => m.matches[0]!);
  const out = (p: Person) => ({ id: p.id, name: p.name, kind: p.kind, email: p.email ?? null });
  return {
    title: phrase.title,
    durationMinutes: phrase.durationMinutes,
    attendeeIds: [...new Set(single.filter((p) => p.kind === 'user').map((p) => p.id))],
    contacts: single.filter((p) => p.kind === 'contact').map(out),
    unmatchedNames: matches.filter((m) => m.matches.length === 0).map((m) => m.name),
    ambiguous: matches.filter((m) => m.matches.length > 1).map((m) => ({ name: m.name, candidates: m.matches.map(out) })),
    window: { from: new Date(phrase.window.from).toISOString(), to: new Date(phrase.window.to).toISOString() },
    timeZone: zone,
    understood: phrase.understood,
  };
}
