import { splitExtension } from './names.js';

/** Media types by extension, for files uploaded without a useful one. */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  ics: 'text/calendar',
  vcf: 'text/vcard',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  rtf: 'application/rtf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
};

export const GENERIC_TYPE = 'application/octet-stream';
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function contentTypeFromName(name: string): string | null {
  const { ext } = splitExtension(name);
  return BY_EXTENSION[ext.slice(1).toLowerCase()] ?? null;
}

/**
 * The type a file is stored with: the one the uploader declared (its essence,
 * without parameters) when it is a well-formed specific type, else the one its
 * extension suggests, else application/octet-stream.
 */
export function storedContentType(declared: string | null | undefined, name: string): string {
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (MEDIA_TYPE.test(essence) && essence !== GENERIC_TYPE) return essence;
  return contentTypeFromName(name) ?? GENERIC_TYPE;
}

/** Types a browser may show inline: they cannot run script in our origin. SVG and HTML are not among them. */
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon', 'application/pdf']);

export const isInlineSafe = (contentType: string): boolean => INLINE_SAFE.has(contentType);
