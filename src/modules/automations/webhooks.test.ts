import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { newDeal } from '../crm/crm.testkit.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from './deliveries.js';
import { postWebhook } from './webhook.js';
import { newRule, ok, paidPortal, runsOf, startAutomationsServer, startReceiver } from './automations.testkit.js';

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  server = await startAutomationsServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await receiver?.close();
});

/** A paid portal with a rule that calls the receiver when a deal is created; the receiver knows the portal's secret. */
async function portalCallingReceiver() {
  receiver = await startReceiver();
  const p = await paidPortal(server);
  receiver.useSecret((await ok(p.client.get('/api/automations/webhook-secret'))).secret);
  const rule = await newRule(p.client, {
    name: 'Tell the ERP',
    trigger: { type: 'record.created', entity: 'deal' },
    actions: [{ type: 'webhook', url: receiver.url }],
  });
  return { ...p, rule };
}

const later = async (ms: number) => {
  server.clock.advance(ms + 1000);
  await server.runJobs();
};

describe('webhooks', () => {
  it('POST the event and the record as JSON, signed with the portal secret (HMAC-SHA256)', async () => {
    const { client, rule, portal } = await portalCallingReceiver();
    const deal = await newDeal(client, { title: 'Forty chairs', amount: 120000, currency: 'EUR' });
    await server.runJobs();
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    expect(hook.signatureValid).toBe(true);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['x-schedulingkit-event']).toBe('record.created');
    expect(hook.json).toMatchObject({
      event: { type: 'record.created', entity: 'deal', recordId: deal.id },
      record: { id: deal.id, title: 'Forty chairs', amount: 120000, currency: 'EUR' },
      rule: { id: rule.id, name: 'Tell the ERP' },
      portal: { id: portal.id },
    });
    expect(hook.headers['x-schedulingkit-delivery']).toBe(hook.json.id);
    const [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      actions: [{ type: 'webhook', status: 'succeeded', attempts: 1, detail: expect.stringMatching(/^Attempt 1: delivered, HTTP 200 in \d+ ms$/) }],
    });
  });

  it('retry with backoff when the receiver fails, sending the same signed delivery, and log every attempt', async () => {
    const { client, rule } = await portalCallingReceiver();
    receiver.reply(500, 503);
    await newDeal(client, { title: 'Flaky ERP' });
    await server.runJobs();
    let [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({
      status: 'running',
      finishedAt: null,
      actions: [{ status: 'pending', attempts: 1, detail: 'Attempt 1: HTTP 500: receiver says no; retrying in 30 s' }],
    });
    await server.runJobs();
    expect(receiver.received).toHaveLength(1); // not before its time
    await later(RETRY_DELAYS_MS[0]!);
    await later(RETRY_DELAYS_MS[1]!);
    [run] = await runsOf(client, rule.id);
    expect(run!.status).toBe('succeeded');
    expect(run!.actions[0]!.detail!.split('\n')).toEqual([
      'Attempt 1: HTTP 500: receiver says no; retrying in 30 s',
      'Attempt 2: HTTP 503: receiver says no; retrying in 2 min',
      expect.stringMatching(/^Attempt 3: delivered, HTTP 200/),
    ]);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((h) => h.body)).size).toBe(1);
    expect(receiver.received.every((h) => h.signatureValid)).toBe(true);
    expect(receiver.received.map((h) => h.headers['x-schedulingkit-attempt'])).toEqual(['1', '2', '3']);
  });

  it('time out a receiver that does not answer, and retry it', async () => {
    const { client, rule } = await portalCallingReceiver();
    receiver.reply('hang');
    await newDeal(client, { title: 'Slow ERP' });
    await server.runJobs();
    let [run] = await runsOf(client, rule.id);
    expect(run!.actions[0]!.detail).toBe('Attempt 1: no answer within 400 ms (timed out); retrying in 30 s');
    await later(RETRY_DELAYS_MS[0]!);
    [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({ status: 'succeeded', actions: [{ attempts: 2 }] });
  });

  it(`give up after ${MAX_ATTEMPTS} attempts, and do not retry what a retry cannot fix`, async () => {
    const { client, rule } = await portalCallingReceiver();
    receiver.reply(...Array.from({ length: MAX_ATTEMPTS }, () => 502), 410);
    await newDeal(client, { title: 'ERP down' });
    await server.runJobs();
    for (const delay of RETRY_DELAYS_MS) await later(delay);
    let [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({ status: 'failed', actions: [{ status: 'failed', attempts: MAX_ATTEMPTS }] });
    expect(run!.actions[0]!.detail!.split('\n').at(-1)).toBe(`Attempt ${MAX_ATTEMPTS}: HTTP 502: receiver says no; gave up after ${MAX_ATTEMPTS} attempts`);

    await newDeal(client, { title: 'ERP says gone' });
    await server.runJobs();
    [run] = await runsOf(client, rule.id);
    expect(run).toMatchObject({ status: 'failed', actions: [{ status: 'failed', attempts: 1, detail: 'Attempt 1: HTTP 410: receiver says no; not retried' }] });
  });

  it('sign with the new secret once it is rotated', async () => {
    const { client } = await portalCallingReceiver();
    const rotated = await ok(client.post('/api/automations/webhook-secret/rotate'));
    await newDeal(client, { title: 'After rotation' });
    await server.runJobs();
    expect(receiver.received[0]!.signatureValid).toBe(false);
    receiver.useSecret(rotated.secret);
    await newDeal(client, { title: 'Checked with the new secret' });
    await server.runJobs();
    expect(receiver.received[1]!.signatureValid).toBe(true);
  });

  it('refuse to call a host that resolves to a loopback address unless the operator allows it', async () => {
    receiver = await startReceiver();
    const url = `http://localhost:${receiver.port}/hook`;
    const refused = await postWebhook(url, '{}', { timeoutMs: 1000, allowLoopback: false, headers: {} });
    expect(refused).toMatchObject({ ok: false, retryable: false, detail: expect.stringMatching(/^Refused to call localhost: .* is a loopback address$/) });
    expect(receiver.received).toHaveLength(0);
    expect(await postWebhook(url, '{}', { timeoutMs: 1000, allowLoopback: true, headers: {} })).toMatchObject({ ok: true, status: 200 });
  });
});
