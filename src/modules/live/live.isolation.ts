import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';
import { openStream } from './live.testkit.js';

/** The live stream: portal B's stream carries B's own changes and nothing of A's. */
export function liveIsolation(f: IsolationFixture): IsolationModule {
  return {
    probes: {
      'GET /api/stream': async () => {
        const stream = await openStream(f.b.owner);
        expect(stream.status).toBe(200);
        await stream.next((e) => e.event === 'ready');
        const secret = await f.a.owner.post('/api/crm/contacts', { firstName: 'Streamed', lastName: 'Secret-A' });
        f.mark(secret.body.id);
        const own = await f.b.owner.post('/api/crm/contacts', { firstName: 'Streamed', lastName: 'Own-B' });
        await stream.next((e) => e.event === 'change' && e.data.id === own.body.id);
        stream.close();
        for (const e of stream.events) f.expectNoLeak({ status: 200, body: e.data, headers: new Headers(), text: JSON.stringify(e) });
      },
    },
  };
}
