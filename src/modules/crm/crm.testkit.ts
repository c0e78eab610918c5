import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../../test/client.js';

/** Helpers for the CRM API tests: create through the API and insist it worked. */

export async function created<T = any>(res: Promise<TestResponse<T>>): Promise<T> {
  const r = await res;
  expect(r.status, r.text).toBe(201);
  return r.body;
}

export const newCompany = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/companies', body));
export const newContact = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/contacts', body));
export const newLead = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/leads', body));
export const newDeal = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/deals', body));
export const newPipeline = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/pipelines', body));
export const newActivity = (c: TestClient, body: Record<string, unknown>) => created(c.post('/api/crm/activities', body));

/** The portal's default pipeline (creating it on first use, as any CRM use does). */
export async function defaultPipeline(c: TestClient) {
  const res = await c.get('/api/crm/pipelines');
  expect(res.status, res.text).toBe(200);
  const p = res.body.items.find((x: { isDefault: boolean }) => x.isDefault);
  expect(p).toBeTruthy();
  return p as { id: string; name: string; stages: { id: string; name: string; kind: string; position: number }[] };
}

export const stageNamed = (p: { stages: { id: string; name: string }[] }, name: string) => p.stages.find((s) => s.name === name)!.id;

/** Every item of a list, following nextCursor `limit` at a time; fails on a page larger than the limit. */
export async function pageAll<T = any>(c: TestClient, path: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: TestResponse = await c.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
    if (pages > 100) throw new Error('paging does not end');
  } while (cursor);
  return { items, pages };
}

/** The field paths a 400 names. */
export const fieldsOf = (res: TestResponse) => (res.body.error?.details?.fields ?? []).map((f: { path: string }) => f.path);
