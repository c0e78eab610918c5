import type { PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { findPortalById, getUsers } from '../../modules/accounts/index.js';
import { book, createPage, findPageBySlug, putAvailability, runAutoSchedule, slotsOfPage } from '../../modules/scheduling/index.js';
import { scopeOf } from '../../kernel/context.js';

const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) => days.map((day) => ({ day, start, end }));
const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata'];

const GUESTS = [
  { name: 'Jörg Albrecht', email: 'joerg.albrecht@nordwind-logistik.example', notes: 'Renewal questions: volume discount and SLA.' },
  { name: 'Camille Lefèvre', email: 'camille@lumen-solar.example', notes: 'Would like to see the calendar sync.' },
  { name: 'Sam Okafor', email: 'sam.okafor@greenleaf.example', notes: null },
  { name: 'Ingrid Sørensen', email: 'ingrid@fjordbyte.example', notes: 'Team of 12, moving from spreadsheets.' },
];

/** Swallows "your plan does not include this" so the demo works on every plan. */
async function ifPlanAllows<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'PLAN_FEATURE_REQUIRED') return null;
    throw err;
  }
}

/**
 * Scheduling for `skit demo`: everyone's working hours in their own zone, an
 * intro-call and a demo booking page with a few guests booked, a round-robin
 * sales page when the plan has team pages, and the owner's tasks placed into
 * their calendar when it has auto-scheduling.
 */
export async function seedSchedulingDemo(ctx: PortalContext): Promise<void> {
  if (await findPageBySlug(scopeOf(ctx), 'intro')) return; // already seeded
  const users = (await getUsers(ctx)).filter((u) => u.status === 'active');
  const owner = users.find((u) => u.role === 'owner') ?? users[0];
  if (!owner) return;
  const now = ctx.deps.clock.now(ctx.portalId);
  const nextWeekDay = new Date(now.getTime() + 8 * 86_400_000).toISOString().slice(0, 10);

  for (const [i, u] of users.entries()) {
    const as: PortalContext = { ...ctx, actor: { type: 'user', userId: u.id, role: u.role } };
    const zone = u.id === owner.id ? 'Europe/Berlin' : ZONES[i % ZONES.length]!;
    const weekly =
      u.id === owner.id
        ? [...weekdays('09:00', '12:30', [1, 2, 3, 4]), ...weekdays('13:30', '17:30', [1, 2, 3, 4]), { day: 5, start: '09:00', end: '15:00' }]
        : weekdays('09:00', '17:00');
    const overrides = u.id === owner.id ? [{ date: nextWeekDay, unavailable: true }] : [];
    await putAvailability(as, u.id, { timeZone: zone, weekly, overrides });
  }

  const intro = await createPage(ctx, {
    slug: 'intro',
    title: 'Intro call',
    description: 'Thirty minutes to get to know each other and see whether SchedulingKit fits your team.',
    durationMinutes: 30,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
    minimumNoticeMinutes: 240,
    horizonDays: 60,
    mode: 'collective',
    active: true,
  });
  await createPage(ctx, {
    slug: 'demo',
    title: 'Product demo',
    description: 'A guided tour of CRM, calendar and scheduling, with your questions.',
    durationMinutes: 45,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 1440,
    horizonDays: 30,
    dailyLimit: 3,
    mode: 'collective',
    active: true,
  });
  if (users.length > 1) {
    await ifPlanAllows(() =>
      createPage(ctx, {
        slug: 'sales',
        title: 'Sales consultation',
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 5,
        minimumNoticeMinutes: 120,
        horizonDays: 45,
        mode: 'round_robin',
        hostIds: users.slice(0, 3).map((u) => u.id),
        active: true,
      }),
    );
  }

  const portal = await findPortalById(ctx.deps.db, ctx.portalId);
  const page = await findPageBySlug(scopeOf(ctx), intro.slug);
  if (portal && page) {
    const { slots } = await slotsOfPage(ctx, page, {});
    // Spread the guests over the coming days: every fifth free slot.
    for (const [i, guest] of GUESTS.entries()) {
      const slot = slots[i * 5 + 2];
      if (!slot) break;
      await book(
        ctx.deps,
        portal.slug,
        'intro',
        { start: slot.start, name: guest.name, email: guest.email, timeZone: 'Europe/Berlin', ...(guest.notes ? { notes: guest.notes } : {}) },
        { ip: null, userAgent: 'skit demo' },
      );
    }
  }

  const from = now.toISOString();
  const to = new Date(now.getTime() + 14 * 86_400_000).toISOString();
  await ifPlanAllows(() => runAutoSchedule(ctx, { userId: owner.id, from, to }));
}
