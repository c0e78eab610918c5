import { Temporal } from 'temporal-polyfill';
import type { PortalContext } from '../../kernel/context.js';
import { getUsers } from '../../modules/accounts/index.js';
import { createCalendar, createEvent, type CreateEventInput, listCalendars, putOccurrence, updateEvent } from '../../modules/calendar/index.js';

const ZONE = 'Europe/Berlin';

/**
 * A lively calendar for `skit demo`: a shared "Team" calendar with a daily
 * stand-up, a monthly review, meetings this week and next, all-day events,
 * and a few personal appointments. Times follow the (possibly test) clock.
 */
export async function seedCalendarDemo(ctx: PortalContext): Promise<void> {
  if ((await listCalendars(ctx)).some((c) => c.kind === 'shared' && c.name === 'Team')) return; // already seeded
  const users = (await getUsers(ctx)).filter((u) => u.status === 'active');
  const everyone = users.map((u, i) => ({ userId: u.id, status: i === 0 ? ('accepted' as const) : ('needs_action' as const) }));
  const some = (n: number) => everyone.slice(0, Math.max(1, n));

  const today = Temporal.Instant.fromEpochMilliseconds(ctx.deps.clock.now(ctx.portalId).getTime()).toZonedDateTimeISO(ZONE).toPlainDate();
  const monday = today.subtract({ days: today.dayOfWeek - 1 });
  const day = (weekOffset: number, weekday: number) => monday.add({ days: weekOffset * 7 + weekday - 1 }).toString();
  const at = (weekOffset: number, weekday: number, time: string) => `${day(weekOffset, weekday)}T${time}`;

  const team = await createCalendar(ctx, { name: 'Team', color: '#12b886', kind: 'shared' });
  const customers = await createCalendar(ctx, { name: 'Customer meetings', color: '#7950f2', kind: 'shared' });
  const add = (input: CreateEventInput) => createEvent(ctx, input);

  const standup = await add({
    calendarId: team.id,
    title: 'Daily stand-up',
    description: 'What did you do, what will you do, what is in your way. 15 minutes, standing.',
    location: 'Kitchen / Jitsi',
    start: at(-4, 1, '09:30'),
    end: at(-4, 1, '09:45'),
    timeZone: ZONE,
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    attendees: everyone,
    reminders: [{ minutesBefore: 5 }],
  });
  // Friday this week the stand-up moves for the all-hands; Wednesday next week there is none.
  await putOccurrence(ctx, standup.id, at(0, 5, '09:30:00'), { start: at(0, 5, '11:00'), end: at(0, 5, '11:15'), title: 'Stand-up (after all-hands)' });
  await putOccurrence(ctx, standup.id, at(1, 3, '09:30:00'), { cancelled: true });

  await add({
    calendarId: team.id,
    title: 'Monthly review',
    description: 'Numbers, wins, what to stop doing. Bring one slide.',
    location: 'Meeting room Elbe',
    start: at(-8, 5, '15:00'),
    end: at(-8, 5, '16:00'),
    timeZone: ZONE,
    rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
    attendees: everyone,
    reminders: [{ minutesBefore: 30 }],
  });
  await add({
    calendarId: team.id,
    title: 'All-hands',
    start: at(0, 5, '10:00'),
    end: at(0, 5, '11:00'),
    timeZone: ZONE,
    location: 'Main hall',
    attendees: everyone,
  });
  await add({
    calendarId: team.id,
    title: 'Team offsite',
    allDay: true,
    startDate: day(0, 4),
    endDate: day(0, 5),
    timeZone: ZONE,
    location: 'Boathouse, Alster',
  });
  await add({
    calendarId: team.id,
    title: 'Trade fair: LogiMAT',
    allDay: true,
    startDate: day(1, 2),
    endDate: day(1, 5),
    timeZone: ZONE,
    location: 'Messe Stuttgart',
  });
  const retro = await add({
    calendarId: team.id,
    title: 'Sprint retro',
    start: at(0, 2, '16:00'),
    end: at(0, 2, '17:00'),
    timeZone: ZONE,
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    attendees: some(4),
  });
  await updateEvent(ctx, retro.id, { location: 'Room Alster' });

  await add({
    calendarId: customers.id,
    title: 'Nordwind Logistik: contract renewal',
    start: at(0, 3, '14:00'),
    end: at(0, 3, '15:00'),
    timeZone: ZONE,
    location: 'Am Sandtorkai 12, Hamburg',
    attendees: [...some(2), { email: 'joerg.albrecht@nordwind-logistik.example', name: 'Jörg Albrecht', status: 'accepted' }],
  });
  await add({
    calendarId: customers.id,
    title: 'Demo for Lumen Solar',
    start: at(1, 2, '10:00'),
    end: at(1, 2, '11:00'),
    timeZone: 'Europe/Paris',
    location: 'Video call',
    attendees: [...some(2), { email: 'camille@lumen-solar.example', name: 'Camille Lefèvre', status: 'tentative' }],
  });
  await add({
    calendarId: customers.id,
    title: 'Greenleaf kickoff (San Francisco)',
    start: at(1, 4, '09:00'),
    end: at(1, 4, '10:00'),
    timeZone: 'America/Los_Angeles',
    location: 'Zoom',
    attendees: some(3),
  });
  await add({
    calendarId: customers.id,
    title: 'Brightside Dental: onboarding',
    start: at(1, 1, '13:30'),
    end: at(1, 1, '14:30'),
    timeZone: 'Europe/London',
    attendees: some(2),
  });

  // Personal calendar of the person seeding.
  await add({ title: 'Focus time', start: at(0, 1, '13:00'), end: at(0, 1, '15:00'), timeZone: ZONE, rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' });
  await add({
    title: 'Dentist',
    start: at(1, 5, '08:00'),
    end: at(1, 5, '08:45'),
    timeZone: ZONE,
    location: 'Dr. Weber, Hauptstraße 3',
    reminders: [{ minutesBefore: 60 }],
  });
  await add({ title: 'Lunch with Priya', start: at(0, 2, '12:30'), end: at(0, 2, '13:30'), timeZone: ZONE, location: 'Café Paris' });
}
