import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

export interface ZipEntryInfo {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * A ZIP written as a stream (yazl): entries go in one at a time, each hashed
 * (SHA-256) and counted on its way in, so nothing is held whole in memory and the
 * manifest can list every entry's checksum at the end.
 */
export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly done: Promise<void>;
  readonly entries: ZipEntryInfo[] = [];

  constructor(
    out: Writable,
    private readonly mtime: Date,
  ) {
    const output = this.zip.outputStream as unknown as Readable;
    output.pipe(out);
    this.done = finished(out);
  }

  /**
   * Adds one entry from a stream and resolves once the ZIP has taken all of it.
   * `onBytes` hears of every chunk (progress).
   */
  async add(path: string, source: Readable, opts: { compress: boolean; onBytes?: (n: number) => void }): Promise<ZipEntryInfo> {
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer | string, _enc, cb) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buf);
        bytes += buf.length;
        opts.onBytes?.(buf.length);
        cb(null, buf);
      },
    });
    source.on('error', (err) => meter.destroy(err));
    source.pipe(meter);
    this.zip.addReadStream(meter, path, { mtime: this.mtime, compress: opts.compress, compressionLevel: opts.compress ? 1 : 0 });
    await finished(meter);
    const info = { path, sha256: hash.digest('hex'), bytes };
    this.entries.push(info);
    return info;
  }

  addDirectory(path: string): void {
    this.zip.addEmptyDirectory(path, { mtime: this.mtime });
  }

  /** Adds the last entry (not listed in `entries`), closes the ZIP and waits until it is all written. */
  async finish(lastPath: string, last: Buffer): Promise<void> {
    this.zip.addBuffer(last, lastPath, { mtime: this.mtime, compress: true });
    this.zip.end();
    await this.done;
  }
}
