/** Shapes of the automations API (src/modules/automations/automations.schema.ts). */

export type RecordEntity = 'company' | 'contact' | 'lead' | 'deal' | 'task';
export type Entity = RecordEntity | 'booking';
export type Op = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in' | 'empty';
export type Scalar = string | number | boolean | null;

export type Trigger =
  | { type: 'record.created'; entity: RecordEntity }
  | { type: 'record.updated'; entity: RecordEntity; fields?: string[] }
  | { type: 'deal.stage_changed'; pipelineId?: string | null; stageId?: string | null }
  | { type: 'task.overdue' }
  | { type: 'booking.created' }
  | { type: 'schedule'; cron: string; timeZone: string };
export type TriggerType = Trigger['type'];

export interface Condition {
  field: string;
  op: Op;
  value?: Scalar | Scalar[];
}

export type Action =
  | { type: 'create_task'; title: string; description?: string; dueInDays?: number; assigneeId?: string | null }
  | { type: 'update_field'; field: string; value: Scalar }
  | { type: 'add_note'; body: string }
  | { type: 'send_email'; to: string; subject: string; body: string }
  | { type: 'webhook'; url: string };
export type ActionType = Action['type'];

export interface RuleSpec {
  name: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: Condition[];
  actions: Action[];
}

export interface Rule extends RuleSpec {
  id: string;
  active: boolean;
  readOnly: boolean;
  inactiveReason: 'disabled' | 'plan' | null;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
export type ActionStatus = 'running' | 'pending' | 'succeeded' | 'failed' | 'skipped';

export interface Run {
  id: string;
  status: RunStatus;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  event: {
    id: string;
    type: string;
    entity: string | null;
    recordId: string | null;
    recordLabel: string | null;
    changes: Record<string, { from: unknown; to: unknown }> | null;
    data: Record<string, unknown> | null;
    depth: number;
    occurredAt: string;
  };
  actions: { type: ActionType; status: ActionStatus; detail: string | null; attempts: number }[];
}

export type FieldKind = 'text' | 'email' | 'number' | 'money' | 'date' | 'instant' | 'enum' | 'id' | 'list' | 'any';

export interface FieldDef {
  name: string;
  label: string;
  kind: FieldKind;
  values?: string[];
  ref?: 'user' | 'pipeline' | 'stage' | 'company' | 'contact' | 'project';
  updatable?: boolean;
  from?: string[];
}

export interface Catalog {
  triggers: TriggerType[];
  actions: ActionType[];
  ops: Record<FieldKind, Op[]>;
  entities: Record<Entity, FieldDef[]>;
  templateGlobals: string[];
  maxChainDepth: number;
}

export interface ImportResult {
  imported: number;
  rules: { id: string; name: string; enabled: boolean }[];
  unresolved: { rule: string; what: string }[];
}

export interface WebhookSecret {
  secret: string;
  rotatedAt: string;
  header: string;
  algorithm: string;
}
