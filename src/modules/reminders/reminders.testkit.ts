import { expect } from 'vitest';
import type { TestClient } from '../../test/client.js';

/** Helpers for this module's API tests. */

export interface InboxItem {
  kind: string;
  title: string;
  body: string;
  url: string;
}

/** The caller's notifications as the inbox shows them, oldest first. */
export async function inboxOf(c: TestClient): Promise<InboxItem[]> {
  const res = await c.get('/api/notifications?limit=100');
  expect(res.status, res.text).toBe(200);
  expect(res.body.nextCursor).toBeNull();
  return (res.body.items as InboxItem[]).reverse();
}
