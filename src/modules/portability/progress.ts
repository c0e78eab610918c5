import { performance } from 'node:perf_hooks';

/**
 * Passes progress on at most every `intervalMs` (a long export must not write a row
 * per record), one write at a time; `flush` writes the latest state.
 */
export class ProgressReporter {
  private last = -Infinity;
  private latest: [number, number] = [0, 0];
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (done: number, total: number) => Promise<void>,
    private readonly intervalMs = 500,
  ) {}

  report(done: number, total: number): void {
    this.latest = [done, total];
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.pending = this.pending.then(() => this.write(...this.latest)).catch(() => {});
  }

  async flush(): Promise<void> {
    await this.pending;
    await this.write(...this.latest);
  }
}
