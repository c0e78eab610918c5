import { OffsetClock } from '../../kernel/clock.js';
import type { PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { recordAudit } from '../audit/index.js';
import { DAY_MS } from './periods.js';

/**
 * The test clock (BIL-6, TEST_CLOCK=1 only): moves one portal's time forward
 * and runs, in order and each at its own time, every job of that portal that
 * falls due on the way — renewals, retries, reminders, their mail.
 */

function clockOf(ctx: PortalContext): OffsetClock {
  const clock = ctx.deps.clock;
  if (!ctx.deps.config.TEST_CLOCK || !(clock instanceof OffsetClock)) {
    throw new AppError('NOT_FOUND', 'The test clock is off. Start the server with TEST_CLOCK=1 to use it (never in production).');
  }
  return clock;
}

export function testClockState(ctx: PortalContext) {
  const enabled = ctx.deps.config.TEST_CLOCK && ctx.deps.clock instanceof OffsetClock;
  return { enabled, now: ctx.deps.clock.now(ctx.portalId).toISOString() };
}

export async function advanceTestClock(ctx: PortalContext, input: { days?: number; to?: string }) {
  const clock = clockOf(ctx);
  const portalId = ctx.portalId;
  const from = clock.now(portalId);
  const target = input.to ? new Date(input.to) : new Date(from.getTime() + (input.days ?? 0) * DAY_MS);
  if (target.getTime() < from.getTime()) {
    throw new AppError('VALIDATION_FAILED', "to must not be before the portal's current time", {
      fields: [{ path: 'to', message: `must be after ${from.toISOString()}` }],
    });
  }
  const run = () => ctx.deps.jobRunner?.runDue({ portalId }) ?? Promise.resolve(0);
  const moveTo = (t: Date) => {
    const ms = t.getTime() - clock.now(portalId).getTime();
    if (ms > 0) clock.advance(ms, portalId);
  };
  let jobsRun = await run();
  // Step from one due job to the next, so each runs at its own time (a renewal, then its retries…).
  for (let guard = 0; guard < 5000; guard++) {
    const next = await ctx.deps.jobs.nextRunAt(ctx.deps.db, portalId);
    if (!next || next.getTime() > target.getTime()) break;
    moveTo(next);
    const n = await run();
    jobsRun += n;
    if (n === 0 && next.getTime() <= clock.now(portalId).getTime()) break;
  }
  moveTo(target);
  jobsRun += await run();
  const now = clock.now(portalId).toISOString();
  await recordAudit(ctx, { action: 'billing.test_clock_advanced', details: { from: from.toISOString(), to: now, jobsRun } });
  return { now, jobsRun };
}
