import { expect } from 'vitest';
import { PASSWORD } from '../../test/factories.js';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/**
 * Cross-portal probes for every lifecycle route (walked by src/test/isolation.test.ts).
 * Portal A is on Business (billing's setup); nothing B does may cancel, pause or delete it.
 */
export function lifecycleIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const aSubscription = async () => (await a.owner.get('/api/billing/subscription')).body;
  /** Runs `act` as B and checks that A's subscription is as it was and A's people still get in. */
  const aIntactAfter = async (act: () => Promise<void>) => {
    const before = await aSubscription();
    await act();
    expect(await aSubscription()).toEqual(before);
    expect((await a.member.get('/api/me')).status).toBe(200);
  };
  const noLeak = (path: string) => async () => {
    const res = await b.owner.get(path);
    expect(res.status, res.text).toBeLessThan(500);
    f.expectNoLeak(res);
  };
  return {
    probes: {
      'GET /api/billing/downgrade-impact': async () => {
        // B never sees A's plan, users or files, and cannot name A's users.
        await noLeak('/api/billing/downgrade-impact?planId=free')();
        await noLeak(`/api/billing/downgrade-impact?planId=free&keepUserIds=${a.memberUser.id}`)();
      },
      'GET /api/billing/lifecycle': noLeak('/api/billing/lifecycle'),
      'POST /api/billing/subscription/cancel': () =>
        aIntactAfter(async () => {
          const res = await b.owner.post(
            '/api/billing/subscription/cancel',
            { mode: 'cancel', keepUserIds: [a.memberUser.id] },
            { 'idempotency-key': 'a-shared-key' },
          );
          expect(res.status).not.toBe(200);
          f.expectNoLeak(res);
        }),
      'POST /api/billing/subscription/resume': () => aIntactAfter(async () => f.expectNoLeak(await b.owner.post('/api/billing/subscription/resume'))),
      'POST /api/billing/subscription/pause': async () => {
        // Whatever B's plan, pausing B pauses B only.
        try {
          await aIntactAfter(async () => f.expectNoLeak(await b.owner.post('/api/billing/subscription/pause', { months: 1 })));
          expect((await a.owner.post('/api/crm/companies', { name: 'Written while B is paused' })).status).toBe(201);
        } finally {
          await b.owner.post('/api/billing/subscription/resume');
        }
        expect((await b.owner.get('/api/billing/subscription')).body.status).not.toBe('paused');
      },
      'GET /api/portal/deletion-preview': noLeak('/api/portal/deletion-preview'),
      'POST /api/portal/delete': async () => {
        // B's owner names A's address: refused (it must be B's own), and A stays whole.
        await aIntactAfter(async () => {
          const res = await b.owner.post('/api/portal/delete', { password: PASSWORD, confirmSlug: a.portal.slug });
          expect(res.status, res.text).toBe(400);
          f.expectNoLeak(res);
        });
        expect((await b.owner.get('/api/me')).status).toBe(200);
      },
    },
  };
}
