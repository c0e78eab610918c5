/**
 * Pruning in bounded steps: `deleteBatch(limit)` removes at most `limit` rows (one
 * statement, its own short transaction) and says how many; it is called again until a
 * batch comes back short. Used by the daily housekeeping job (src/server/housekeeping.ts).
 */
export async function pruneInBatches(deleteBatch: (limit: number) => Promise<number | bigint | undefined>, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = Number((await deleteBatch(batch)) ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

export const DAY_MS = 24 * 60 * 60_000;
