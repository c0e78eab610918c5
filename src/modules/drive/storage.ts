import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../kernel/config.js';

export interface StoredObject {
  bytes: number;
  sha256: string;
}

/** Inclusive byte offsets, as in HTTP ranges. */
export interface ByteRange {
  start: number;
  end: number;
}

/** put() read more than maxBytes: nothing was kept. */
export class StoredObjectTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`More than ${maxBytes} bytes`);
  }
}

/** get() found no bytes under the key. */
export class StoredObjectMissing extends Error {
  constructor(readonly key: string) {
    super(`No stored object ${key}`);
  }
}

/**
 * Where file bytes live, by key (`<portalId>/<fileId>`), never by a user's file
 * name. LocalFileStore is the embedded default; an S3-compatible store can
 * implement the same operations.
 */
export interface FileStore {
  /** Streams `source` into the store; either the whole object is kept or nothing is. */
  put(key: string, source: Readable, opts?: { maxBytes?: number }): Promise<StoredObject>;
  /** The stored bytes, or only `range` of them; rejects with StoredObjectMissing. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and last write (the daily sweep's grace age), or null when there is no object. */
  stat(key: string): Promise<{ bytes: number; modifiedAt: Date } | null>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (for scans such as portal deletion). */
  list(prefix: string): AsyncIterable<string>;
  /** Removes the leftovers of writes that never finished (a process died mid-upload) last written before `before`; returns how many. */
  removeAbandonedWrites(before: Date): Promise<number>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export const fileKey = (portalId: string, fileId: string): string => `${portalId}/${fileId}`;

/** Files under `<root>/<portalId>/<fileId>`, written to a temp file beside the target, fsynced, then renamed into place. */
export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: Readable, opts: { maxBytes?: number } = {}): Promise<StoredObject> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await fsp.mkdir(dir, { recursive: true });
    // A dot name in the same directory: list() skips it, and rename() stays on one file system (atomic).
    const temp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.part`);
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) return done(new StoredObjectTooLarge(max));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(temp, { flags: 'wx' }));
      const handle = await fsp.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, target);
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
    await syncDirectory(dir);
    return { bytes, sha256: hash.digest('hex') };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredObjectMissing(key);
      throw err;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<{ bytes: number; modifiedAt: Date } | null> {
    try {
      const st = await fsp.stat(this.pathOf(key));
      return { bytes: st.size, modifiedAt: st.mtime };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    // Start at the deepest directory the prefix names, then filter by the rest.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (dirPart && !KEY.test(dirPart)) return;
    yield* walk(path.join(this.root, ...(dirPart ? dirPart.split('/') : [])), dirPart, prefix);
  }

  async removeAbandonedWrites(before: Date): Promise<number> {
    return removeParts(this.root, before);
  }
}

/** Temp files of put() (`.<name>.<uuid>.part`) under `dir` last written before `before`. */
async function removeParts(dir: string, before: Date): Promise<number> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let n = 0;
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) n += await removeParts(full, before);
    else if (e.isFile() && e.name.startsWith('.') && e.name.endsWith('.part')) {
      const st = await fsp.stat(full).catch(() => null);
      if (st && st.mtime < before) {
        await fsp.rm(full, { force: true });
        n += 1;
      }
    }
  }
  return n;
}

async function* walk(dir: string, keyPrefix: string, wanted: string): AsyncIterable<string> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // uploads in progress
    const key = keyPrefix ? `${keyPrefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (key.startsWith(wanted) || wanted.startsWith(`${key}/`)) yield* walk(path.join(dir, e.name), key, wanted);
    } else if (e.isFile() && key.startsWith(wanted)) {
      yield key;
    }
  }
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the data itself is already synced.
  } finally {
    await handle?.close();
  }
}

export function createFileStore(config: Pick<Config, 'DATA_DIR'>): FileStore {
  return new LocalFileStore(path.join(config.DATA_DIR, 'files'));
}

const stores = new Map<string, FileStore>();

/** The drive's store for this process's DATA_DIR (one per directory: tests run several servers in one process). */
export function driveFileStore(config: Pick<Config, 'DATA_DIR'>): FileStore {
  let store = stores.get(config.DATA_DIR);
  if (!store) {
    store = createFileStore(config);
    stores.set(config.DATA_DIR, store);
  }
  return store;
}
