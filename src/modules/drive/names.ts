/**
 * File and folder names (pure). A name is 1–255 characters, has no "/" and no
 * control character (NUL included), is not "." or "..", and is compared
 * case-insensitively: the folder tree must unpack onto any disk as shown.
 */
export const MAX_NAME_LENGTH = 255;

// eslint-disable-next-line no-control-regex -- control characters are what file names must not hold
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_G = new RegExp(CONTROL.source, 'g');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, 'g');

/** What is wrong with a (normalized) name, or null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'is required';
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (name.includes('/')) return 'must not contain "/"';
  if (CONTROL.test(name)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(name)) return 'must be valid Unicode text';
  if (name === '.' || name === '..') return 'cannot be "." or ".."';
  return null;
}

/** Names are stored composed (NFC: macOS sends "é" decomposed) and without surrounding spaces. */
export const normalizeName = (name: string): string => name.normalize('NFC').trim();

/** The key names are compared by: unique among live siblings. */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

export function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  // ".bashrc" has no extension; "notes." neither.
  if (dot <= 0 || dot === name.length - 1) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = text.slice(0, Math.max(0, max));
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return out;
}

/** Fits stem + tail into the length limit by shortening the stem (the extension survives when it can). */
function fit(stem: string, tail: string): string {
  if (tail.length >= MAX_NAME_LENGTH) return cut(stem + tail, MAX_NAME_LENGTH);
  return cut(stem, MAX_NAME_LENGTH - tail.length).trimEnd() + tail;
}

/**
 * The name an uploaded file gets from the name the browser sent: no directory
 * part (old browsers send "C:\fakepath\x.pdf"), no control characters, within
 * the length limit with its extension kept, "Untitled" when nothing is left.
 */
export function uploadedName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).at(-1) ?? '';
  let name = normalizeName(base.replace(CONTROL_G, '').replace(LONE_SURROGATE_G, '\uFFFD'));
  if (name.length > MAX_NAME_LENGTH) {
    const { stem, ext } = splitExtension(name);
    name = ext.length <= 20 ? fit(stem, ext) : cut(name, MAX_NAME_LENGTH);
  }
  return nameProblem(name) ? 'Untitled' : name;
}

/** "report.pdf" → "report (2).pdf" (shortened to fit the limit, extension kept). */
export function numberedName(name: string, n: number): string {
  const { stem, ext } = splitExtension(name);
  return fit(stem, ` (${n})${ext}`);
}

/** `name` if its key is free among `taken`, else the first free numbered variant, from (2) on. */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(name))) return name;
  for (let n = 2; ; n++) {
    const candidate = numberedName(name, n);
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}
