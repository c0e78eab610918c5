import { describe, expect, it } from 'vitest';
import { accountDelayMs } from './throttle.js';

describe('accountDelayMs (the wait before a sign-in to an account that recently failed)', () => {
  it('lets two typos pass, then waits 250 ms doubling per failure', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => accountDelayMs(n, 5000))).toEqual([0, 0, 0, 250, 500, 1000, 2000]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(accountDelayMs(7, 5000)).toBe(4000);
    expect(accountDelayMs(8, 5000)).toBe(5000);
    expect(accountDelayMs(1_000_000, 5000)).toBe(5000);
    expect(accountDelayMs(50, 0)).toBe(0);
  });
});
