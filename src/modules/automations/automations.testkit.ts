import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { TestClient, TestResponse } from '../../test/client.js';
import { signupPortal } from '../../test/factories.js';
import { CARD, choosePlan, saveCard, writePlansFile } from '../billing/billing.testkit.js';

/** Helpers for the automations API tests. */

/** Test clock on, a plan catalog whose Team plan has automations, webhooks allowed to reach 127.0.0.1. */
export function startAutomationsServer(env: Record<string, string> = {}) {
  return startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile(), WEBHOOK_ALLOW_LOOPBACK: '1', WEBHOOK_TIMEOUT_MS: '400', ...env } });
}

/**
 * A portal on the Team plan (which has automations), its owner calling with a
 * personal token: token calls keep working when tests move the portal's clock by weeks.
 */
export async function paidPortal(server: TestServer) {
  const p = await signupPortal(server);
  await saveCard(p.client, CARD.ok);
  await choosePlan(p.client, 'team');
  const token = await p.client.post('/api/tokens', { name: 'automations tests' });
  expect(token.status, token.text).toBe(201);
  return { ...p, session: p.client, client: p.client.withToken(token.body.token) };
}

export async function ok<T = any>(res: Promise<TestResponse<T>>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

export const newRule = (c: TestClient, body: Record<string, unknown>) => ok(c.post('/api/automations', { name: 'A rule', ...body }), 201);

export async function runsOf(c: TestClient, ruleId: string) {
  const body = await ok(c.get(`/api/automations/${ruleId}/runs?limit=200`));
  return body.items as {
    id: string;
    status: string;
    reason: string | null;
    startedAt: string;
    event: { type: string; entity: string | null; recordId: string | null; recordLabel: string | null; depth: number; changes: any; data: any };
    actions: { type: string; status: string; detail: string | null; attempts: number }[];
  }[];
}

/** The tasks of the portal with this exact title. */
export async function tasksTitled(c: TestClient, title: string) {
  const body = await ok(c.get(`/api/tasks?q=${encodeURIComponent(title)}&limit=200`));
  return (body.items as { id: string; title: string; [k: string]: any }[]).filter((t) => t.title === title);
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  signatureValid: boolean;
}

/**
 * A webhook receiver on 127.0.0.1 that checks each delivery's signature with the
 * secret it is given, and answers with the statuses queued (200 once they run out).
 */
export async function startReceiver() {
  const received: ReceivedHook[] = [];
  const replies: (number | 'hang')[] = [];
  let secret = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const got = Buffer.from(String(req.headers['x-schedulingkit-signature'] ?? ''));
      received.push({
        headers: req.headers,
        body,
        json: JSON.parse(body || 'null'),
        signatureValid: got.length === expected.length && timingSafeEqual(got, expected),
      });
      const reply = replies.shift() ?? 200;
      if (reply === 'hang') return; // never answers: the sender must time out
      res.statusCode = reply;
      res.end(reply >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/erp`,
    port,
    received,
    reply: (...statuses: (number | 'hang')[]) => replies.push(...statuses),
    useSecret: (s: string) => (secret = s),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
