import { expect } from 'vitest';
import type { TestClient } from '../../test/client.js';
import { setNotificationSink, type NotificationDraft } from '../../kernel/notify.js';

// TEMPORARY until the notifications module is merged: a sink that keeps one notification per (user, dedupeKey).
const captured = new Map<string, NotificationDraft & { portalId: string }>();
setNotificationSink(async (ctx, _trx, drafts) => {
  for (const d of drafts) {
    const key = `${ctx.portalId}:${d.userId}:${d.dedupeKey ?? Math.random()}`;
    if (!captured.has(key)) captured.set(key, { ...d, portalId: ctx.portalId });
  }
});

export interface InboxItem {
  kind: string;
  title: string;
  body: string;
  url: string;
}

/** The caller's notifications. */
export async function inboxOf(c: TestClient): Promise<InboxItem[]> {
  const me = await c.get('/api/me');
  expect(me.status, me.text).toBe(200);
  const userId = me.body.user?.id ?? me.body.id;
  return [...captured.values()].filter((d) => d.userId === userId).map(({ kind, title, body, url }) => ({ kind, title, body, url }));
}
