import type { Config } from '../../kernel/config.js';

/**
 * Where the crash tests (import-crash.test.ts) kill a real server or `skit import`
 * process in the middle of an import (POR-8). With CRASH_AT naming the point, the
 * process sends itself SIGKILL there, as the OOM killer or a power cut would: no
 * `finally`, no shutdown hook, no flush. Unset (always in production, which refuses it)
 * a point costs one comparison.
 */
export type CrashPoint =
  /** The import is `running`, nothing written yet. */
  | 'import.start'
  /** At least a full batch of a table is committed; more tables follow. */
  | 'import.rows'
  /** A file's bytes are stored, its row is not committed, more files follow. */
  | 'import.files'
  /** Every row, file and rule is in; the import is not marked done yet. */
  | 'import.end'
  /** The import is marked done; its upload is not removed yet. */
  | 'import.done';

export function crashPoint(config: Pick<Config, 'CRASH_AT'>, point: CrashPoint): void {
  if (config.CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
