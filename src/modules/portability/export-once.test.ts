import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';

let server: TestServer;
let team: Team;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1' } });
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const pendingRows = () =>
  server.deps.db.selectFrom('portal_exports').select('id').where('portal_id', '=', team.portal.id).where('status', 'in', ['queued', 'running']).execute();

describe('"Export everything" makes one export, however often it is clicked (issue 14 item 7)', () => {
  it('answers ten concurrent requests with one export: 201 for the first, 200 with the same id for the others', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? team.admin : team.owner).post('/api/exports')));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, answers.map((a) => a.text).join('\n')).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.body.status === 'queued')).toBe(true);
    expect(await pendingRows()).toHaveLength(1);
    const jobs = await server.deps.db
      .selectFrom('jobs')
      .select('id')
      .where('portal_id', '=', team.portal.id)
      .where('kind', '=', 'portability.export')
      .execute();
    expect(jobs).toHaveLength(1);
  });

  it('starts a new export once the one under way is done', async () => {
    await server.runJobs();
    const list = (await team.owner.get('/api/exports')).body.items;
    expect(list.map((e: { status: string }) => e.status)).toEqual(['done']);
    const again = await team.owner.post('/api/exports');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(list[0].id);
    expect((await team.owner.post('/api/exports')).body.id).toBe(again.body.id);
  });

  it('does not let an export whose job was given up block the next one', async () => {
    const [pending] = await pendingRows();
    await server.deps.db
      .updateTable('jobs')
      .set({ status: 'failed' })
      .where('portal_id', '=', team.portal.id)
      .where('kind', '=', 'portability.export')
      .execute();
    const next = await team.owner.post('/api/exports');
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(pending!.id);
    expect((await team.owner.get(`/api/exports/${pending!.id}`)).body).toMatchObject({ status: 'failed', error: expect.stringMatching(/start a new one/) });
  });
});
