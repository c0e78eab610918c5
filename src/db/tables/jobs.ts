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

export interface JobsTables {
  jobs: JobRow;
}
