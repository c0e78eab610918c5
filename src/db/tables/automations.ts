// Row types of the automations module's tables (see src/db/types.ts for the conventions).

/** A rule: when `trigger` happens and `conditions` hold, run `actions` (AUT-1). */
export interface AutomationRuleRow {
  id: string;
  portal_id: string;
  name: string;
  /** searchKey(name): the list's sort. */
  name_key: string;
  /** As stored by the user; the plan may still keep the rule from running (see rules.service.ts). */
  enabled: number;
  /** trigger.type and trigger.entity, as columns so that an event finds its rules by index. */
  trigger_type: string;
  trigger_entity: string | null;
  /** JSON: the trigger, the conditions and the actions, as in the API. */
  trigger_spec: string;
  conditions: string;
  actions: string;
  /** Schedule triggers: when the rule's next scheduled run is due (the one job whose payload matches). */
  next_run_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Something that happened to a record, written in the transaction of the change
 * (outbox), processed once by a job. `subject` groups the events that must run in
 * order ("deal:<id>", or "rule:<id>" for a rule's schedule).
 */
export interface AutomationEventRow {
  id: string;
  portal_id: string;
  type: string;
  entity: string | null;
  record_id: string | null;
  subject: string;
  /** Order within the subject: one more than the subject's last event. */
  seq: number;
  /** JSON or null. */
  changes: string | null;
  data: string | null;
  /** 0 for a person's change; n+1 for a change an automation made while handling an event of depth n. */
  depth: number;
  /** The only rule this event is for (schedule), or null for every matching rule. */
  rule_id: string | null;
  processed_at: string | null;
  /** How often a job took it up; an event that keeps failing is given up, so that it cannot block its record. */
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
}

/** `failed`: given up after unexpected errors (an action's own failure is on the action). */
export type RunState = 'running' | 'done' | 'skipped' | 'failed';

/** One rule's handling of one event: unique per (rule, event), which is what makes a retried job harmless. */
export interface AutomationRunRow {
  id: string;
  portal_id: string;
  rule_id: string;
  event_id: string;
  state: RunState;
  /** Why a run was skipped (conditions not met, depth limit, record gone). */
  reason: string | null;
  /** JSON snapshot of the event as shown in the run log. */
  event: string;
  started_at: string;
  finished_at: string | null;
}

export type ActionStatus = 'running' | 'pending' | 'succeeded' | 'failed' | 'skipped';

/** The outcome of one action of a run; webhooks stay `pending` between delivery attempts. */
export interface AutomationRunActionRow {
  id: string;
  portal_id: string;
  run_id: string;
  position: number;
  type: string;
  status: ActionStatus;
  detail: string | null;
  attempts: number;
  /** Webhooks: the URL and the JSON body, so that every attempt sends the same delivery. */
  request: string | null;
  created_at: string;
  updated_at: string;
}

/** Per-portal settings: the webhook signing secret and the overdue detector's schedule. */
export interface AutomationSettingsRow {
  portal_id: string;
  webhook_secret: string;
  secret_rotated_at: string;
  /** When the overdue scan is next due (the one job whose payload matches), or null when none runs. */
  overdue_next_scan_at: string | null;
  /** Tasks due up to this time have been looked at; the next scan starts here. */
  overdue_scanned_to: string | null;
  created_at: string;
  updated_at: string;
}

/** A task that was reported overdue for a due time: `task.overdue` fires once per task and due time. */
export interface AutomationOverdueMarkRow {
  portal_id: string;
  task_id: string;
  due_at: string;
  created_at: string;
}

export interface AutomationsTables {
  automation_rules: AutomationRuleRow;
  automation_events: AutomationEventRow;
  automation_runs: AutomationRunRow;
  automation_run_actions: AutomationRunActionRow;
  automation_settings: AutomationSettingsRow;
  automation_overdue_marks: AutomationOverdueMarkRow;
}
