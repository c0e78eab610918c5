import { phoneDigits, searchKey } from '../../kernel/text.js';

/** What a phone-number query looks like: digits with the usual separators, and enough digits to mean something. */
const PHONE_LIKE = /^[\d\s+()./-]+$/;
const MIN_PHONE_DIGITS = 3;

/**
 * The `search_text` of a record: the search key of every searchable field, then the
 * digits of each phone number, so that "+49 30 1234" and "49301234" both find it.
 */
export function recordSearchText(fields: (string | null | undefined)[], phones: (string | null | undefined)[] = []): string {
  const digits = phones
    .filter((p): p is string => !!p)
    .map(phoneDigits)
    .filter((d) => d.length > 0);
  return searchKey(...fields, ...phones, ...digits);
}

/**
 * The patterns a query `q` matches by (any of them): its search key and, when it looks like
 * a phone number, its digits alone; a national trunk "0" or international "00" prefix is
 * dropped too, so that "(030) 1234" finds "+49 30 1234". Empty when there is nothing to search for.
 */
export function searchTerms(q: string | undefined): string[] {
  const key = searchKey(q);
  if (!q || !key) return [];
  const digits = phoneDigits(q);
  if (!PHONE_LIKE.test(q) || digits.length < MIN_PHONE_DIGITS) return [key];
  const withoutPrefix = digits.replace(/^00?/, '');
  const terms = [key, digits, ...(withoutPrefix.length >= MIN_PHONE_DIGITS ? [withoutPrefix] : [])];
  return [...new Set(terms)];
}
