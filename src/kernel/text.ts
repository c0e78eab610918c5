// Text helpers for modules. Search keys live with the database, whose search indexes are built on them.
export { containsPattern, matchesSearch, searchKey } from '../db/search-key.js';

/** Digits only, so "+49 (30) 123-45" is found by "4930 12345" and by "12345". */
export const phoneDigits = (phone: string): string => phone.replace(/\D+/g, '');

/** Text of a user (a title, a name) placed in HTML, such as a mail's HTML part. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
