import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Thrown for an archive that is not a ZIP, or whose contents do not match its manifest. */
export class ArchiveError extends Error {}

export interface Expected {
  sha256: string;
  bytes: number;
}

/**
 * Random access to the entries of a ZIP on disk (yauzl): the central directory is
 * read once, then any entry can be streamed. With `expect`, an entry is checked
 * against its manifest line as it streams: a wrong size or checksum fails the read.
 */
export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(file: string): Promise<ZipReader> {
    let zip: yauzl.ZipFile;
    try {
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) =>
          err ? reject(err) : resolve(z!),
        ),
      );
    } catch (err) {
      throw new ArchiveError(`The file is not a ZIP archive (${(err as Error).message})`);
    }
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err) => reject(new ArchiveError(`The ZIP archive is damaged (${err.message})`)));
      zip.readEntry();
    });
    return new ZipReader(zip, entries);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  paths(): string[] {
    return [...this.entries.keys()];
  }

  async open(path: string, expect?: Expected): Promise<Readable> {
    const entry = this.entries.get(path);
    if (!entry) throw new ArchiveError(`The archive has no ${path}`);
    const raw = await new Promise<Readable>((resolve, reject) => this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))));
    if (!expect) return raw;
    const hash = createHash('sha256');
    let bytes = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
      flush(cb) {
        const sha = hash.digest('hex');
        if (bytes !== expect.bytes || sha !== expect.sha256)
          cb(new ArchiveError(`${path} does not match its checksum in manifest.json: the archive is damaged or was changed`));
        else cb();
      },
    });
    raw.on('error', (err) => check.destroy(err));
    // Whoever reads the stream hears of a mismatch; this keeps a late second report from going unhandled.
    check.on('error', () => {});
    return raw.pipe(check);
  }

  async readText(path: string, expect?: Expected): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.open(path, expect)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}
