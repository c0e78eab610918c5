import { describe, expect, it } from 'vitest';
import { DUE_SOON_MS, dueEventReminders, dueTaskReminders, nextEventMoment, nextTaskMoment, type Occurrence } from './reminders.domain.js';
import { leadTime } from './reminders.texts.js';

const MIN = 60_000;
const T = Date.parse('2026-03-02T09:00:00.000Z');
const occ = (o: Partial<Occurrence> = {}): Occurrence => ({
  eventId: 'e1',
  startMs: T,
  minutesBefore: [10, 60],
  changedAt: '2026-03-01T00:00:00.000Z',
  userIds: ['u1'],
  ...o,
});
const keys = (rs: { dedupeKey: string }[]) => rs.map((r) => r.dedupeKey);

describe('event reminders due in a scan', () => {
  it('takes the reminders whose moment is in (from, now], not one before or after', () => {
    const w = { fromMs: T - 60 * MIN, nowMs: T - 10 * MIN };
    expect(keys(dueEventReminders([occ()], w))).toEqual(['event.reminder:e1:2026-03-02T09:00:00.000Z:10']);
    expect(dueEventReminders([occ()], { fromMs: T - 10 * MIN, nowMs: T - 5 * MIN })).toEqual([]);
    expect(dueEventReminders([occ()], { fromMs: T - 90 * MIN, nowMs: T - 61 * MIN })).toEqual([]);
  });

  it('takes a missed reminder late only when the event changed since the last scan and has not started', () => {
    const w = { fromMs: T - 5 * MIN, nowMs: T - 3 * MIN };
    const changed = occ({ changedAt: new Date(T - 4 * MIN).toISOString() });
    expect(dueEventReminders([changed], w).map((r) => [r.minutesBefore, r.leadMinutes])).toEqual([
      [60, 3],
      [10, 3],
    ]);
    expect(dueEventReminders([occ()], w)).toEqual([]);
    expect(dueEventReminders([changed], { fromMs: T - 5 * MIN, nowMs: T })).toEqual([]);
  });

  it('keys a reminder by event, start and minutes: a moved occurrence is a new reminder', () => {
    const w = { fromMs: T - 120 * MIN, nowMs: T + 60 * MIN };
    expect(keys(dueEventReminders([occ({ minutesBefore: [10] }), occ({ startMs: T + 30 * MIN, minutesBefore: [10] })], w))).toEqual([
      'event.reminder:e1:2026-03-02T09:00:00.000Z:10',
      'event.reminder:e1:2026-03-02T09:30:00.000Z:10',
    ]);
  });

  it('wakes at the next moment after now', () => {
    expect(nextEventMoment([occ(), occ({ startMs: T + 5 * MIN, minutesBefore: [0] })], T - 30 * MIN)).toBe(T - 10 * MIN);
    expect(nextEventMoment([occ()], T)).toBeNull();
  });
});

describe('task reminders due in a scan', () => {
  const due = '2026-03-03T09:00:00.000Z';
  const task = { id: 't1', assigneeId: 'u1', dueAt: due };
  const dueMs = Date.parse(due);

  it('says "due soon" a day before and "overdue" at the due time, each keyed by the due time', () => {
    expect(dueTaskReminders([task], [], { fromMs: dueMs - DUE_SOON_MS - MIN, nowMs: dueMs - DUE_SOON_MS }).map((r) => r.dedupeKey)).toEqual([
      `task.due_soon:t1:${due}`,
    ]);
    expect(dueTaskReminders([task], [], { fromMs: dueMs - MIN, nowMs: dueMs }).map((r) => r.dedupeKey)).toEqual([`task.overdue:t1:${due}`]);
    expect(dueTaskReminders([task], [], { fromMs: dueMs - 10 * MIN, nowMs: dueMs - 5 * MIN })).toEqual([]);
  });

  it('tells a changed task late, and an already due one only that it is overdue', () => {
    expect(dueTaskReminders([], [task], { fromMs: dueMs - 2 * 3_600_000, nowMs: dueMs - 3_600_000 }).map((r) => r.kind)).toEqual(['task.due_soon']);
    expect(dueTaskReminders([], [task], { fromMs: dueMs + MIN, nowMs: dueMs + 2 * MIN }).map((r) => r.kind)).toEqual(['task.overdue']);
  });

  it('wakes at the earlier of the next due time and the next due-soon moment', () => {
    expect(nextTaskMoment('2026-03-03T09:00:00.000Z', '2026-03-03T12:00:00.000Z')).toBe(Date.parse('2026-03-02T12:00:00.000Z'));
    expect(nextTaskMoment(null, null)).toBeNull();
  });
});

describe('lead time', () => {
  it('reads as a person says it', () => {
    expect([0, 1, 15, 60, 90, 1440, 2880 + 30].map(leadTime)).toEqual([
      'now',
      '1 minute',
      '15 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '1 day',
      '2 days 30 minutes',
    ]);
  });
});
