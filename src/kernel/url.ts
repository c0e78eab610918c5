import { z } from 'zod';

/**
 * Web addresses people enter that the app later shows as links (a company's
 * website): only http: and https: with a host. `javascript:`, `data:`, `ftp:`,
 * `mailto:` and the like are refused, so a link can never run script. A bare
 * host ("example.com/about") is read as https://.
 */

export const HTTP_URL_MESSAGE = 'must be a web address starting with https:// or http://';

// eslint-disable-next-line no-control-regex -- control characters and spaces are what a link must not hide a scheme behind
const HIDDEN = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** A host name (URL gives international names in punycode) or an IP address; URL itself lets "&" or "!" through. */
const HOSTNAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?)$/i;

/** The address as stored (trimmed; https:// put before a bare host), or the reason it is refused. */
export function parseHttpUrl(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const raw = input.trim();
  // Browsers drop tabs and line breaks inside a URL ("java\nscript:" runs as javascript:): no such address is accepted.
  if (HIDDEN.test(raw)) return { ok: false, message: HTTP_URL_MESSAGE };
  const value = SCHEME.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: HTTP_URL_MESSAGE };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: HTTP_URL_MESSAGE };
  if (!HOSTNAME.test(url.hostname) || !/^https?:\/\/[^/]/i.test(value)) return { ok: false, message: HTTP_URL_MESSAGE };
  if (url.username || url.password) return { ok: false, message: 'must not contain a user name or password' };
  return { ok: true, value };
}

/** An optional web address of at most `max` characters; an empty string clears it (null). */
export function httpUrl(max = 2000) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((v, ctx) => {
      if (v === '') return null;
      const parsed = parseHttpUrl(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .nullable()
    .optional()
    .describe('A web address (http:// or https://; a bare host is read as https://). An empty string clears it.');
}
