import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, openSecret, sealSecret, sealedWithOldKey, SecretUnreadableError } from './secrets.js';

const key = () => randomBytes(32).toString('base64');
const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'skit-secrets-'));
const config = (over: Record<string, string | undefined> = {}) => ({
  CALENDAR_CREDENTIALS_KEY: undefined as string | undefined,
  CALENDAR_CREDENTIALS_PREVIOUS_KEYS: undefined as string | undefined,
  DATA_DIR: dir(),
  NODE_ENV: 'test' as string | undefined,
  ...over,
});

describe('calendar credentials at rest (AES-256-GCM)', () => {
  it('seals a password so that it opens only for its own connection', () => {
    const c = config({ CALENDAR_CREDENTIALS_KEY: key() });
    const sealed = sealSecret(c, 'conn-1', 'app-pässword 🔑');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('pässword');
    expect(openSecret(c, 'conn-1', sealed)).toBe('app-pässword 🔑');
    // Copied onto another connection's row, it does not open.
    expect(() => openSecret(c, 'conn-2', sealed)).toThrow(SecretUnreadableError);
    // Two seals of the same password differ (fresh IV).
    expect(sealSecret(c, 'conn-1', 'same')).not.toBe(sealSecret(c, 'conn-1', 'same'));
  });

  it('opens values sealed with an earlier key listed in CALENDAR_CREDENTIALS_PREVIOUS_KEYS, and says they need re-sealing', () => {
    const oldKey = key();
    const before = config({ CALENDAR_CREDENTIALS_KEY: oldKey });
    const sealed = sealSecret(before, 'conn-1', 'secret');
    const rotated = config({ CALENDAR_CREDENTIALS_KEY: key(), CALENDAR_CREDENTIALS_PREVIOUS_KEYS: oldKey });
    expect(openSecret(rotated, 'conn-1', sealed)).toBe('secret');
    expect(sealedWithOldKey(rotated, sealed)).toBe(true);
    expect(sealedWithOldKey(rotated, sealSecret(rotated, 'conn-1', 'secret'))).toBe(false);
    const forgotten = config({ CALENDAR_CREDENTIALS_KEY: key() });
    expect(() => openSecret(forgotten, 'conn-1', sealed)).toThrow(/not configured/);
  });

  it('without a key outside production, makes one key file in DATA_DIR and keeps using it', () => {
    const c = config();
    const sealed = sealSecret(c, 'conn-1', 'secret');
    const file = path.join(c.DATA_DIR, KEY_FILE);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(openSecret({ ...c }, 'conn-1', sealed)).toBe('secret');
  });

  it('refuses to store a password in production without CALENDAR_CREDENTIALS_KEY', () => {
    const c = config({ NODE_ENV: 'production' });
    expect(() => sealSecret(c, 'conn-1', 'secret')).toThrow(/CALENDAR_CREDENTIALS_KEY/);
    expect(fs.existsSync(path.join(c.DATA_DIR, KEY_FILE))).toBe(false);
  });
});
