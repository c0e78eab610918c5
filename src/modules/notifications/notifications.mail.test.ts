import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { decodeQp, startSmtpPeer } from '../../test/smtp.js';
import { systemContext } from '../../kernel/context.js';
import { notify, type NotificationDraft } from '../../kernel/notify.js';
import { nextDigestAt } from './digest-time.js';

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let team: Team;
beforeAll(async () => {
  smtp = await startSmtpPeer();
  server = await startTestServer({ env: { SMTP_URL: smtp.url } });
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const send = (drafts: NotificationDraft[]) => server.deps.db.transaction().execute((trx) => notify(systemContext(server.deps, team.portal.id), trx, drafts));
const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

describe('notification mail', () => {
  it('mails an instant kind at once, marked as automatic, with the deep link and the settings link, user text escaped in HTML', async () => {
    await send([{ userId: team.memberUser.id, kind: 'task.assigned', title: 'You got <b>"Fix & ship"</b>', body: 'It is yours now.', url: '/app/tasks/t-1' }]);
    await server.runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(team.memberUser.email) && m.raw.includes('Fix'));
    const raw = decodeQp(mail.raw);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(raw).toContain(`${server.url}/app/tasks/t-1`);
    expect(raw).toContain(`${server.url}/app/settings/notifications`);
    const html = raw.slice(raw.indexOf('Content-Type: text/html'));
    expect(html).toContain('You got &lt;b&gt;&quot;Fix &amp; ship&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>"Fix');
    // The plain text part says it as written.
    expect(raw.slice(0, raw.indexOf('Content-Type: text/html'))).toContain('You got <b>"Fix & ship"</b>');
  });

  it('keeps daily kinds for one digest at 08:00, sent exactly once, and mails nothing for a kind set to off', async () => {
    const before = mailsTo(team.adminUser.email).length;
    await team.admin.put('/api/me/notification-settings', { kinds: { 'task.overdue': { inApp: true, email: 'off' } } });
    await send([
      { userId: team.adminUser.id, kind: 'task.commented', title: 'First comment', body: 'Nice.', url: '/app/tasks/t-2' },
      { userId: team.adminUser.id, kind: 'record.assigned', title: 'A deal for you', body: 'Yours.', url: '/app/crm/deals/d-1' },
      { userId: team.adminUser.id, kind: 'task.overdue', title: 'Overdue task', body: 'Late.', url: '/app/tasks/t-3' },
    ]);
    await server.runJobs();
    expect(mailsTo(team.adminUser.email).length).toBe(before);

    const runPortalJobs = () => server.runner.runDue({ portalId: team.portal.id });
    const now = server.clock.now(team.portal.id);
    const eight = nextDigestAt(now, 'UTC');
    server.clock.advance(eight.getTime() - now.getTime() - 60_000, team.portal.id);
    await runPortalJobs();
    expect(mailsTo(team.adminUser.email).length).toBe(before);

    server.clock.advance(60_000, team.portal.id);
    expect(await runPortalJobs()).toBeGreaterThan(0);
    const digest = await smtp.waitFor((m) => m.to.includes(team.adminUser.email) && m.raw.includes('daily summary'));
    const raw = decodeQp(digest.raw);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(raw).toContain('First comment');
    expect(raw).toContain(`${server.url}/app/crm/deals/d-1`);
    expect(raw).not.toContain('Overdue task');

    // A day later nothing is left to send: the digest went once.
    server.clock.advance(24 * 3_600_000, team.portal.id);
    await runPortalJobs();
    await new Promise((r) => setTimeout(r, 200));
    expect(mailsTo(team.adminUser.email).filter((m) => m.raw.includes('daily summary'))).toHaveLength(1);
    const pending = await server.deps.db
      .selectFrom('notifications')
      .select('title')
      .where('user_id', '=', team.adminUser.id)
      .where('email_state', '=', 'daily')
      .execute();
    expect(pending).toEqual([]);
    // The overdue task is still in the inbox.
    expect((await team.admin.get('/api/notifications')).body.items.map((n: { title: string }) => n.title)).toContain('Overdue task');
  });
});
