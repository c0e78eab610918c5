import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../../test/client.js';

/** Helpers for this module's API tests. */

export async function newTask(client: TestClient, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/tasks', { title: 'A task', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; title: string; [k: string]: any };
}

export async function newProject(client: TestClient, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/projects', { name: 'A project', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; [k: string]: any };
}

/** Every item of a list, following nextCursor; fails if a page repeats an item. */
export async function allPages(client: TestClient, path: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: TestResponse = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('paging did not end');
}

export const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
export const titlesOf = (items: { title: string }[]) => items.map((i) => i.title);

export function expectFieldError(res: { status: number; body: any; text: string }, code: string, path: string) {
  expect(res.status, res.text).toBe(400);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
}
