import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../../test/client.js';

/** Helpers for the drive's API tests. */

export interface UploadOptions {
  folderId?: string;
  /** Send folderId as a multipart field before the file instead of in the query string. */
  folderField?: string;
  type?: string;
}

export function uploadRaw(client: TestClient, name: string, content: Uint8Array | string, opts: UploadOptions = {}): Promise<TestResponse> {
  const form = new FormData();
  if (opts.folderField !== undefined) form.append('folderId', opts.folderField);
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: opts.type ?? 'application/octet-stream' }), name);
  const query = opts.folderId ? `?folderId=${encodeURIComponent(opts.folderId)}` : '';
  return client.post(`/api/drive/files${query}`, form);
}

export async function upload(client: TestClient, name: string, content: Uint8Array | string = 'hello', opts: UploadOptions = {}) {
  const res = await uploadRaw(client, name, content, opts);
  expect(res.status, res.text).toBe(201);
  return res.body as DriveFile;
}

export async function newFolder(client: TestClient, name: string, parentId?: string | null) {
  const res = await client.post('/api/drive/folders', { name, ...(parentId !== undefined ? { parentId } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; parentId: string | null; trashedAt: string | null };
}

export interface DriveFile {
  id: string;
  name: string;
  folderId: string | null;
  sizeBytes: number;
  contentType: string;
  sha256: string;
  available: boolean;
  trashedAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** GET with the client's session, keeping the body as bytes (TestClient decodes text). */
export async function fetchBytes(client: TestClient, urlPath: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(client.baseUrl + urlPath, { method, headers: { ...headers, ...(client.cookie ? { cookie: client.cookie } : {}) } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes };
}

export const randomFile = (size: number): Uint8Array => new Uint8Array(randomBytes(size));

export const namesOf = (items: { name: string }[]) => items.map((i) => i.name);

/** Every regular file under DATA_DIR/files, as paths relative to it. */
export function filesOnDisk(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

export function expectError(res: TestResponse, status: number, code: string, field?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (field) expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
}
