/**
 * Portal slugs appear in URLs (`/p/acme`, `acme.<host>`), so they are short,
 * lowercase and cannot take words the product or a mail system needs.
 */
export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'assets',
  'auth',
  'billing',
  'blog',
  'book',
  'booking',
  'cdn',
  'dashboard',
  'demo',
  'dev',
  'docs',
  'download',
  'downloads',
  'email',
  'export',
  'exports',
  'feed',
  'feeds',
  'ftp',
  'help',
  'healthz',
  'imap',
  'import',
  'imports',
  'invite',
  'invites',
  'login',
  'logout',
  'mail',
  'metrics',
  'new',
  'operator',
  'operators',
  'p',
  'portal',
  'portals',
  'postmaster',
  'pricing',
  'public',
  'root',
  'schedulingkit',
  'security',
  'settings',
  'signup',
  'skit',
  'smtp',
  'staging',
  'static',
  'status',
  'support',
  'system',
  'test',
  'webmaster',
  'www',
]);

export type SlugProblem = 'format' | 'reserved' | null;

export function slugProblem(slug: string): SlugProblem {
  if (!SLUG_PATTERN.test(slug) || slug.includes('--')) return 'format';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return null;
}

/** A slug suggestion from a company name: "Groß & Söhne GmbH" → "gross-sohne-gmbh". */
export function suggestSlug(name: string): string {
  const base = name
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base.length >= 3 ? base : `${base || 'team'}-space`.slice(0, 40);
}
