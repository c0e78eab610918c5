import type { PortalContext } from '../../kernel/context.js';
import { DAY, HOUR } from '../../kernel/clock.js';
import { getUsers } from '../../modules/accounts/index.js';
import { contactList, dealList, listContacts, listDeals } from '../../modules/crm/index.js';
import { addComment, createProject, createTask, type CreateTaskInput, getProjects, updateProject } from '../../modules/tasks/index.js';

type DemoTask = Partial<CreateTaskInput> & { title: string; dueInDays?: number; who?: number; subtasks?: DemoTask[]; comments?: [number, string][] };

/** Demo records for `skit demo`, created through this module's service. */
export async function seedTasksDemo(ctx: PortalContext): Promise<void> {
  if ((await getProjects(ctx, { limit: 1, sort: 'name' })).items.length > 0) return; // already seeded
  const users = (await getUsers(ctx)).filter((u) => u.status === 'active');
  const userAt = (i: number | undefined) => (i === undefined || users.length === 0 ? null : users[i % users.length]!.id);
  const as = (i: number): PortalContext =>
    users.length && ctx.actor.type === 'user' ? { ...ctx, actor: { ...ctx.actor, userId: users[i % users.length]!.id } } : ctx;
  const now = ctx.deps.clock.now(ctx.portalId).getTime();
  // Due at 17:00 UTC, n days from today.
  const dueIn = (days: number) => new Date(Math.floor((now + days * DAY) / DAY) * DAY + 17 * HOUR).toISOString();

  const contacts = (await listContacts(ctx, contactList.parse({ limit: 3 }))).items;
  const deals = (await listDeals(ctx, dealList.parse({ limit: 3 }))).items;

  const web = await createProject(ctx, {
    name: 'Website relaunch',
    description: 'New site with booking pages, live before the spring campaign.',
    status: 'active',
    color: '#3b82f6',
  });
  const office = await createProject(ctx, {
    name: 'Office move',
    description: 'From Hauptstraße 12 to the new Müllerstraße office.',
    status: 'active',
    color: '#f59e0b',
  });
  const sales = await createProject(ctx, { name: 'Q2 sales push', status: 'active', color: '#10b981' });
  const fair = await createProject(ctx, { name: 'Trade fair 2025', description: 'Done and dusted.', status: 'active', color: '#8b5cf6' });

  const plan: [string, DemoTask[]][] = [
    [
      web.id,
      [
        {
          title: 'Write copy for the landing page',
          status: 'in_progress',
          priority: 'high',
          who: 1,
          dueInDays: 3,
          estimateMinutes: 240,
          comments: [
            [0, 'Keep it under 300 words, please.'],
            [1, 'First draft is in the drive folder.'],
          ],
        },
        { title: 'Choose a colour palette', status: 'done', priority: 'normal', who: 2, dueInDays: -5, estimateMinutes: 60 },
        {
          title: 'Migrate blog posts',
          status: 'todo',
          priority: 'low',
          who: 2,
          dueInDays: 14,
          estimateMinutes: 480,
          subtasks: [
            { title: 'Export posts from the old CMS', status: 'done', who: 2, estimateMinutes: 30 },
            { title: 'Fix broken images', status: 'todo', who: 2, estimateMinutes: 120 },
            {
              title: 'Set up redirects',
              status: 'blocked',
              priority: 'high',
              who: 0,
              estimateMinutes: 90,
              comments: [[0, 'Waiting for DNS access from the hosting company.']],
            },
          ],
        },
        { title: 'Accessibility review', status: 'todo', priority: 'urgent', who: 0, dueInDays: 1, estimateMinutes: 180 },
        { title: 'Launch announcement newsletter', status: 'todo', priority: 'normal', dueInDays: 21 },
      ],
    ],
    [
      office.id,
      [
        { title: 'Sign the lease', status: 'done', priority: 'urgent', who: 0, dueInDays: -20 },
        {
          title: 'Book the movers',
          status: 'in_progress',
          priority: 'high',
          who: 1,
          dueInDays: 6,
          estimateMinutes: 45,
          comments: [[1, 'Two quotes in, waiting for a third.']],
        },
        {
          title: 'Order desks and chairs',
          status: 'blocked',
          priority: 'normal',
          who: 1,
          dueInDays: 10,
          estimateMinutes: 90,
          subtasks: [
            { title: 'Measure the meeting room', status: 'todo', who: 2, dueInDays: 4, estimateMinutes: 30 },
            { title: 'Ask the team about standing desks', status: 'done', who: 1 },
          ],
        },
        { title: 'Change the address on invoices', status: 'todo', priority: 'normal', who: 0, dueInDays: 12, estimateMinutes: 20 },
        { title: 'Farewell lunch at the old place', status: 'todo', priority: 'low', dueInDays: 8 },
      ],
    ],
    [
      sales.id,
      [
        {
          title: 'Follow up on the proposal',
          status: 'todo',
          priority: 'high',
          who: 0,
          dueInDays: 2,
          estimateMinutes: 30,
          links: deals[0] ? [{ type: 'deal', id: deals[0].id }] : undefined,
        },
        {
          title: 'Prepare the demo for the pilot customer',
          status: 'in_progress',
          priority: 'urgent',
          who: 1,
          dueInDays: 0,
          estimateMinutes: 120,
          links: contacts[0] ? [{ type: 'contact', id: contacts[0].id }] : undefined,
        },
        {
          title: 'Call back about the renewal',
          status: 'todo',
          priority: 'normal',
          who: 2,
          dueInDays: -1,
          estimateMinutes: 15,
          links: contacts[1] ? [{ type: 'contact', id: contacts[1].id }] : undefined,
          comments: [[2, 'Tried twice, no answer. Will try again tomorrow morning.']],
        },
        { title: 'Update the price list PDF', status: 'todo', priority: 'low', who: 1, estimateMinutes: 60 },
      ],
    ],
    [
      fair.id,
      [
        { title: 'Send thank-you mails to booth visitors', status: 'done', priority: 'normal', who: 0, dueInDays: -30, estimateMinutes: 90 },
        { title: 'Return the rented display', status: 'done', priority: 'normal', who: 2, dueInDays: -28 },
      ],
    ],
  ];

  const make = async (projectId: string, t: DemoTask, parentId?: string): Promise<void> => {
    const { dueInDays, who, subtasks, comments, ...fields } = t;
    const task = await createTask(as(who ?? 0), {
      status: 'todo',
      priority: 'normal',
      ...fields,
      projectId,
      parentId: parentId ?? null,
      assigneeId: userAt(who),
      dueAt: dueInDays === undefined ? null : dueIn(dueInDays),
    });
    for (const [author, body] of comments ?? []) await addComment(as(author), task.id, body);
    for (const sub of subtasks ?? []) await make(projectId, sub, task.id);
  };
  for (const [projectId, tasks] of plan) for (const t of tasks) await make(projectId, t);
  await createTask(ctx, { title: 'Renew the domain name', status: 'todo', priority: 'high', assigneeId: userAt(0), dueAt: dueIn(30), estimateMinutes: 10 });
  await updateProject(ctx, fair.id, { status: 'archived' });
}
