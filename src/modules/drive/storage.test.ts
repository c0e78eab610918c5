import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStore, StoredObjectMissing, StoredObjectTooLarge } from './storage.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-store-'));
const store = new LocalFileStore(root);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A source that yields `size` bytes in small chunks, as a network upload would. */
const chunked = (data: Buffer) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000);
    })(),
  );

const leftovers = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

describe('LocalFileStore', () => {
  it('streams an object in and reports its size and SHA-256', async () => {
    const data = randomBytes(50_000);
    const res = await store.put('p1/f1', chunked(data));
    expect(res).toEqual({ bytes: 50_000, sha256: createHash('sha256').update(data).digest('hex') });
    expect(fs.readFileSync(path.join(root, 'p1', 'f1')).equals(data)).toBe(true);
    expect(await store.stat('p1/f1')).toMatchObject({ bytes: 50_000 });
  });

  it('reads an object back whole or by inclusive range', async () => {
    await store.put('p1/abc', Readable.from([Buffer.from('0123456789')]));
    expect(await text(await store.get('p1/abc'))).toBe('0123456789');
    expect(await text(await store.get('p1/abc', { start: 2, end: 4 }))).toBe('234');
  });

  it('aborts over maxBytes and leaves nothing behind, not even the partial temp file', async () => {
    await expect(store.put('p2/big', chunked(randomBytes(10_000)), { maxBytes: 4096 })).rejects.toBeInstanceOf(StoredObjectTooLarge);
    expect(await store.stat('p2/big')).toBeNull();
    expect(leftovers(path.join(root, 'p2'))).toEqual([]);
  });

  it('removes the temp file when the source fails midway', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000);
        throw new Error('connection reset');
      })(),
    );
    await expect(store.put('p3/cut', failing)).rejects.toThrow('connection reset');
    expect(leftovers(path.join(root, 'p3'))).toEqual([]);
  });

  it('deletes idempotently and reports a missing object', async () => {
    await store.put('p4/x', Readable.from([Buffer.from('x')]));
    await store.delete('p4/x');
    await store.delete('p4/x');
    expect(await store.stat('p4/x')).toBeNull();
    await expect(store.get('p4/x')).rejects.toBeInstanceOf(StoredObjectMissing);
  });

  it('lists the keys under a prefix', async () => {
    for (const k of ['p5/a', 'p5/b', 'p50/c']) await store.put(k, Readable.from([Buffer.from(k)]));
    const keys = async (prefix: string) => {
      const out: string[] = [];
      for await (const k of store.list(prefix)) out.push(k);
      return out;
    };
    expect(await keys('p5/')).toEqual(['p5/a', 'p5/b']);
    expect(await keys('p5')).toEqual(['p5/a', 'p5/b', 'p50/c']);
    expect(await keys('nothing/')).toEqual([]);
  });

  it.each(['../etc/passwd', 'a/../../b', '/abs', 'a b', '', 'a//b'])('refuses the key %j', async (key) => {
    await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow('Not a storage key');
  });
});
