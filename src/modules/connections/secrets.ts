import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../kernel/config.js';
import { AppError } from '../../kernel/errors.js';

/**
 * Passwords of connected calendars, encrypted at rest with AES-256-GCM
 * (docs/decisions/0027-connected-calendars.md). A sealed value is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), bound to its connection
 * (the connection's id is the additional authenticated data), so that a value
 * copied onto another row does not open. The key comes from
 * CALENDAR_CREDENTIALS_KEY; earlier keys in CALENDAR_CREDENTIALS_PREVIOUS_KEYS
 * still open old values (rotation). Without a key outside production, a key
 * file in DATA_DIR is made once and used from then on.
 */

export const KEY_FILE = 'calendar-credentials.key';

interface Keyring {
  current: { id: string; key: Buffer };
  all: Map<string, Buffer>;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);
const cache = new Map<string, Keyring>();

function fileKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // wx: two processes starting at once keep the first one's key.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

type KeyConfig = Pick<Config, 'CALENDAR_CREDENTIALS_KEY' | 'CALENDAR_CREDENTIALS_PREVIOUS_KEYS' | 'DATA_DIR' | 'NODE_ENV'>;

export function keyring(config: KeyConfig): Keyring {
  const cacheKey = `${config.CALENDAR_CREDENTIALS_KEY ?? ''}|${config.CALENDAR_CREDENTIALS_PREVIOUS_KEYS ?? ''}|${config.DATA_DIR}`;
  const known = cache.get(cacheKey);
  if (known) return known;
  let key: Buffer;
  if (config.CALENDAR_CREDENTIALS_KEY) key = Buffer.from(config.CALENDAR_CREDENTIALS_KEY, 'base64');
  else if (config.NODE_ENV === 'production') {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Calendar passwords cannot be stored: the operator has not set CALENDAR_CREDENTIALS_KEY (32 random bytes, base64)',
      { reason: 'CALENDAR_CREDENTIALS_KEY_MISSING' },
    );
  } else key = fileKey(config.DATA_DIR);
  const all = new Map<string, Buffer>([[keyId(key), key]]);
  for (const old of (config.CALENDAR_CREDENTIALS_PREVIOUS_KEYS ?? '').split(',')) {
    const k = Buffer.from(old.trim(), 'base64');
    if (k.length === 32 && !all.has(keyId(k))) all.set(keyId(k), k);
  }
  const ring = { current: { id: keyId(key), key }, all };
  cache.set(cacheKey, ring);
  return ring;
}

export function sealSecret(config: KeyConfig, connectionId: string, plain: string): string {
  const { id, key } = keyring(config).current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(connectionId, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export class SecretUnreadableError extends Error {}

export function openSecret(config: KeyConfig, connectionId: string, sealed: string): string {
  const [version, id, iv, tag, ct] = sealed.split('.');
  if (version !== 'v1' || !id || iv === undefined || tag === undefined || ct === undefined) throw new SecretUnreadableError('not a sealed secret');
  const key = keyring(config).all.get(id);
  if (!key) throw new SecretUnreadableError(`sealed with key ${id}, which is not configured (CALENDAR_CREDENTIALS_KEY / _PREVIOUS_KEYS)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(connectionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError('the sealed secret does not open with its key (changed or moved)');
  }
}

/** Whether a sealed value was made with an earlier key (re-seal it with the current one). */
export const sealedWithOldKey = (config: KeyConfig, sealed: string): boolean => sealed.split('.')[1] !== keyring(config).current.id;
