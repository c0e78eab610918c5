import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { searchKey } from '../../kernel/text.js';
import { newTask } from './tasks.testkit.js';

let server: TestServer;
let team: Team;
const tasks: any[] = [];

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
// Seven without a due date, and some due dates shared, so ties must be broken the same way on every page.
const DUE = [null, '2026-03-01T09:00:00.000Z', '2026-02-01T09:00:00.000Z', null, '2026-03-01T09:00:00.000Z', '2027-01-01T00:00:00.000Z', null];
const TITLES = ['Report', 'report', 'Äpfel kaufen', 'apples', 'Zebra crossing', 'Öl wechseln', 'oil change', 'Budget', 'büro', 'Café'];

beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  for (let i = 0; i < 25; i++) {
    // Most tasks a second apart; every fifth in the same instant as the one before (a createdAt tie).
    if (i % 5 !== 0) server.clock.advance(1000, team.portal.id);
    tasks.push(
      await newTask(team.owner, {
        title: `${TITLES[i % TITLES.length]} ${i % 3}`,
        priority: PRIORITIES[(i * 7) % 4],
        dueAt: DUE[i % DUE.length],
        position: (i * 37) % 11,
      }),
    );
  }
  // Touch tasks in a shuffled order so that updatedAt differs from createdAt order.
  for (const i of [17, 3, 22, 9, 0, 14, 5]) {
    server.clock.advance(1000, team.portal.id);
    const res = await team.owner.patch(`/api/tasks/${tasks[i].id}`, { description: `touched ${i}` });
    tasks[i] = res.body;
  }
});
afterAll(async () => {
  await server?.close();
});

const sortKeys: Record<string, (t: any) => string | number> = {
  dueAt: (t) => t.dueAt ?? '9999-12-31T23:59:59.999Z',
  priority: (t) => PRIORITIES.indexOf(t.priority),
  createdAt: (t) => t.createdAt,
  updatedAt: (t) => t.updatedAt,
  title: (t) => searchKey(t.title),
  position: (t) => t.position,
};

function expectedOrder(sort: string, desc: boolean): string[] {
  const key = sortKeys[sort]!;
  const cmp = (a: any, b: any) => {
    const [ka, kb] = [key(a), key(b)];
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    return byKey !== 0 ? byKey : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return [...tasks].sort((a, b) => (desc ? -cmp(a, b) : cmp(a, b))).map((t) => t.id);
}

describe('paging through 25 tasks, 7 at a time (keyset)', () => {
  for (const sort of Object.keys(sortKeys)) {
    for (const desc of [false, true]) {
      const param = `${desc ? '-' : ''}${sort}`;
      it(`sort=${param}: four pages, every task exactly once, in order`, async () => {
        const seen: string[] = [];
        const sizes: number[] = [];
        let cursor: string | null = null;
        do {
          const res: any = await team.owner.get(`/api/tasks?sort=${param}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status, res.text).toBe(200);
          sizes.push(res.body.items.length);
          seen.push(...res.body.items.map((t: { id: string }) => t.id));
          cursor = res.body.nextCursor;
        } while (cursor && sizes.length < 10);
        expect(sizes).toEqual([7, 7, 7, 4]);
        expect(seen).toEqual(expectedOrder(sort, desc));
      });
    }
  }

  it('puts tasks without a due date last by default (sort=dueAt), first with -dueAt', async () => {
    const asc = (await team.owner.get('/api/tasks?limit=25')).body.items;
    expect(asc.slice(-10).every((t: { dueAt: string | null }) => t.dueAt === null)).toBe(true);
    expect(asc[0].dueAt).toBe('2026-02-01T09:00:00.000Z');
    const desc = (await team.owner.get('/api/tasks?limit=25&sort=-dueAt')).body.items;
    expect(desc.slice(0, 10).every((t: { dueAt: string | null }) => t.dueAt === null)).toBe(true);
  });
});
