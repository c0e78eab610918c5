/**
 * `@name` mentions in free text (task comments, CRM activities; PLT-10).
 *
 * The syntax: `@` followed by a person's full name (spaces as written, or any run of
 * whitespace), the local part of their email (before the `@`), or their whole email,
 * compared without regard to case. At each `@` the longest name that fits wins, so
 * `@Ann Lee` mentions Ann Lee, not Ann. A mention starts a word (`bob@example.com` is an
 * address, not a mention) and its name ends a word: the next character is not a letter,
 * digit or `_`, nor a `.` or `-` joining another word (`@ann.` and `@ann,` mention
 * ann, `@ann.lee` and `@annabel` do not). Two people with the same matching name are
 * both mentioned. Pure: the caller passes the portal's active users.
 */
export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
/** Where a mention may not end: inside a word, or before `.`/`-` joined to another word. */
const CONTINUES = /^(?:[\p{L}\p{N}\p{M}_]|[.-][\p{L}\p{N}])/u;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Handle {
  userId: string;
  pattern: RegExp;
}

/** Every way to write a user after `@`, as a sticky pattern. */
function handlesOf(users: Mentionable[]): Handle[] {
  const out: Handle[] = [];
  for (const u of users) {
    const email = u.email.trim();
    const local = email.split('@')[0] ?? '';
    const words = u.name.trim().split(/\s+/).filter(Boolean);
    const forms = [words.map(escapeRegExp).join('\\s+'), escapeRegExp(local), escapeRegExp(email)];
    for (const form of new Set(forms.filter((f) => f.length > 0))) out.push({ userId: u.id, pattern: new RegExp(form, 'iuy') });
  }
  return out;
}

/** The ids of the users mentioned in `text`, each once, in the order first mentioned. */
export function findMentions(text: string, users: Mentionable[]): string[] {
  if (!text.includes('@') || users.length === 0) return [];
  const handles = handlesOf(users);
  const found: string[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD.test(text[at - 1]!)) continue;
    const start = at + 1;
    let best = 0;
    let ids: string[] = [];
    for (const h of handles) {
      h.pattern.lastIndex = start;
      const m = h.pattern.exec(text);
      if (!m || CONTINUES.test(text.slice(start + m[0].length, start + m[0].length + 2))) continue;
      if (m[0].length > best) [best, ids] = [m[0].length, [h.userId]];
      else if (m[0].length === best) ids.push(h.userId);
    }
    for (const id of ids) if (!found.includes(id)) found.push(id);
  }
  return found;
}
