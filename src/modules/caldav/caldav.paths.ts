/**
 * The CalDAV namespace under /dav/ (ADR 0026):
 *   /dav/                                   the root (discovery starts here; /.well-known/caldav redirects to it)
 *   /dav/principals/                        the principals collection
 *   /dav/principals/<user id>/              the signed-in user
 *   /dav/calendars/<user id>/               their calendar home: every calendar they see
 *   /dav/calendars/<user id>/<calendar id>/ one calendar
 *   /dav/calendars/<user id>/<calendar id>/<name>  one event (a series with its exceptions)
 * Another user's id in a path is "not found", as is anything of another portal.
 */

export type DavPath =
  | { kind: 'root' }
  | { kind: 'principals' }
  | { kind: 'principal'; userId: string }
  | { kind: 'home'; userId: string }
  | { kind: 'calendar'; userId: string; calendarId: string }
  | { kind: 'object'; userId: string; calendarId: string; name: string };

const seg = (s: string) => encodeURIComponent(s);

export function davPaths(userId: string) {
  return {
    root: '/dav/',
    principals: '/dav/principals/',
    principal: `/dav/principals/${seg(userId)}/`,
    home: `/dav/calendars/${seg(userId)}/`,
    calendar: (calendarId: string) => `/dav/calendars/${seg(userId)}/${seg(calendarId)}/`,
    object: (calendarId: string, name: string) => `/dav/calendars/${seg(userId)}/${seg(calendarId)}/${seg(name)}`,
  };
}

/** Reads a request path (percent-encoded, query string allowed); null when it names nothing of ours. */
export function parseDavPath(rawPath: string): DavPath | null {
  const path = rawPath.split('?')[0]!;
  if (!path.startsWith('/dav')) return null;
  let parts: string[];
  try {
    parts = path
      .slice(4)
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
  if (parts.some((p) => p.includes('\0') || p.length > 300)) return null;
  const [area, userId, calendarId, name, ...rest] = parts;
  if (rest.length) return null;
  if (!area) return { kind: 'root' };
  if (area === 'principals') {
    if (calendarId !== undefined) return null;
    return userId ? { kind: 'principal', userId } : { kind: 'principals' };
  }
  if (area !== 'calendars' || !userId) return null;
  if (!calendarId) return { kind: 'home', userId };
  if (!name) return { kind: 'calendar', userId, calendarId };
  return { kind: 'object', userId, calendarId, name };
}
