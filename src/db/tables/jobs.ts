export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  portal_id: string | null;
  kind: string;
  /** JSON. */
  payload: string;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** When set, at most one unfinished job with this key exists. */
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A process that runs jobs (install-wide: no portal). `pid_scope` names where its pid
 * means that process (the machine's boot and the pid namespace); `process_started_at`
 * is the process's start as the operating system reports it, so a reused pid is told apart.
 */
export interface JobWorkerRow {
  id: string;
  host: string;
  pid: number;
  /** Null where the operating system does not say (then only the heartbeat tells). */
  pid_scope: string | null;
  process_started_at: string | null;
  started_at: string;
  heartbeat_at: string;
}

export interface JobsTables {
  jobs: JobRow;
  job_workers: JobWorkerRow;
}
