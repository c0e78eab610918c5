/** Portal address rules, mirrored from the server so people see problems as they type. */
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;
const SLUG_RE = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

/** Turns "Acme & Sons, Ltd." into "acme-sons-ltd". */
export function slugify(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
}

/** Returns a human message when the slug breaks a rule, or null when it looks fine. */
export function slugProblem(slug: string): string | null {
  if (!slug) return 'Choose a portal address';
  if (slug.length < SLUG_MIN) return `Use at least ${SLUG_MIN} characters`;
  if (slug.length > SLUG_MAX) return `Use at most ${SLUG_MAX} characters`;
  if (!/^[a-z]/.test(slug)) return 'Start with a lowercase letter';
  if (/[^a-z0-9-]/.test(slug)) return 'Use only lowercase letters, digits and hyphens';
  if (!SLUG_RE.test(slug)) return 'Do not end with a hyphen';
  return null;
}

export const PASSWORD_MIN = 10;
