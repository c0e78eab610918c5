/**
 * All time comes from here; domain code never reads Date.now(). The portal id
 * lets a test clock move one portal's time without touching the others.
 */
export interface Clock {
  now(portalId?: string | null): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and TEST_CLOCK=1: real time plus a per-portal offset that only moves forward. */
export class OffsetClock implements Clock {
  private readonly offsets = new Map<string, number>();
  private globalOffset = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(portalId?: string | null): Date {
    const offset = this.globalOffset + (portalId ? (this.offsets.get(portalId) ?? 0) : 0);
    return new Date(this.base.now().getTime() + offset);
  }
  advance(ms: number, portalId?: string): void {
    if (ms < 0) throw new Error('A clock only moves forward');
    if (portalId) this.offsets.set(portalId, (this.offsets.get(portalId) ?? 0) + ms);
    else this.globalOffset += ms;
  }
}

export const iso = (d: Date): string => d.toISOString();
export const addMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
