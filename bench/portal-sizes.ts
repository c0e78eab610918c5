/**
 * The size of the big benchmark portal that `bench:export` and `bench:cli` seed with
 * `seedRaw`: 1,000,000 contacts, 200,000 tasks, 100,000 events and 1 GB of files unless
 * BENCH_CONTACTS, BENCH_TASKS, BENCH_EVENTS, BENCH_FILES and BENCH_FILE_BYTES say otherwise.
 */
export const PORTAL_SIZES = {
  contacts: Number(process.env.BENCH_CONTACTS ?? 1_000_000),
  tasks: Number(process.env.BENCH_TASKS ?? 200_000),
  events: Number(process.env.BENCH_EVENTS ?? 100_000),
  files: Number(process.env.BENCH_FILES ?? 1024),
  fileBytes: Number(process.env.BENCH_FILE_BYTES ?? 1024 * 1024),
};
