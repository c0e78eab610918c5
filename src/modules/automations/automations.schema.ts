import { z } from 'zod';
import { pageQuery } from '../../kernel/pagination.js';
import { OPS, RECORD_ENTITIES } from './fields.js';

const id = z.string().min(1).max(100);
const required = (max: number) => z.string().trim().min(1, { message: 'is required' }).max(max);
export const idParams = z.object({ id });

// --- Triggers ---------------------------------------------------------------------------------
const entity = z.enum(RECORD_ENTITIES, { message: `must be one of ${RECORD_ENTITIES.join(', ')}` });
export const TRIGGER_TYPES = ['record.created', 'record.updated', 'deal.stage_changed', 'task.overdue', 'booking.created', 'schedule'] as const;

export const triggerSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('record.created'), entity }),
      z.object({
        type: z.literal('record.updated'),
        entity,
        /** Only when one of these fields changed (API names, e.g. "amount"); any change when left out. */
        fields: z.array(z.string().min(1).max(60)).max(30).optional(),
      }),
      z.object({ type: z.literal('deal.stage_changed'), pipelineId: id.nullish(), stageId: id.nullish() }),
      z.object({ type: z.literal('task.overdue') }),
      z.object({ type: z.literal('booking.created') }),
      z.object({
        type: z.literal('schedule'),
        cron: z.string().trim().min(1, { message: 'is required' }).max(100).describe('five fields: minute hour day-of-month month day-of-week'),
        timeZone: z.string().trim().min(1, { message: 'is required' }).max(64).describe('an IANA time zone such as Europe/Berlin'),
      }),
    ],
    { error: () => ({ message: `must be one of ${TRIGGER_TYPES.join(', ')}` }) },
  )
  .meta({ id: 'AutomationTrigger' });

// --- Conditions -------------------------------------------------------------------------------
const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const conditionSchema = z
  .object({
    field: z.string().trim().min(1, { message: 'is required' }).max(80).describe('a field of the triggering record, e.g. "deal.amount"'),
    op: z.enum(OPS, { message: `must be one of ${OPS.join(', ')}` }),
    value: z.union([scalar, z.array(scalar).max(100)]).optional(),
  })
  .meta({ id: 'AutomationCondition' });

// --- Actions ----------------------------------------------------------------------------------
export const ACTION_TYPES = ['create_task', 'update_field', 'add_note', 'send_email', 'webhook'] as const;
export const actionSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({
        type: z.literal('create_task'),
        title: required(500),
        description: z.string().max(20_000).optional(),
        dueInDays: z.number().int({ message: 'must be a whole number of days' }).min(0).max(3650).optional(),
        /** A user id, or a template such as {{deal.ownerId}}; unassigned when left out. */
        assigneeId: z.string().trim().max(200).nullish(),
      }),
      z.object({ type: z.literal('update_field'), field: required(80), value: scalar }),
      z.object({ type: z.literal('add_note'), body: required(20_000) }),
      z.object({ type: z.literal('send_email'), to: required(300), subject: required(300), body: required(20_000) }),
      z.object({ type: z.literal('webhook'), url: required(2000) }),
    ],
    { error: () => ({ message: `must be one of ${ACTION_TYPES.join(', ')}` }) },
  )
  .meta({ id: 'AutomationAction' });

// --- Rules ------------------------------------------------------------------------------------
export const ruleFields = {
  name: required(120),
  enabled: z.boolean(),
  trigger: triggerSchema,
  conditions: z.array(conditionSchema).max(20),
  actions: z.array(actionSchema).min(1, { message: 'needs at least one action' }).max(10),
};
export const ruleCreate = z.object({ ...ruleFields, enabled: ruleFields.enabled.default(true), conditions: ruleFields.conditions.default([]) });
export const ruleUpdate = z.object({
  name: ruleFields.name.optional(),
  enabled: ruleFields.enabled.optional(),
  trigger: triggerSchema.optional(),
  conditions: ruleFields.conditions.optional(),
  actions: ruleFields.actions.optional(),
});

export const ruleOut = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean().describe('as set by an admin'),
    active: z.boolean().describe('runs now: enabled, and the plan includes automations'),
    readOnly: z.boolean().describe("the portal's plan no longer includes automations: kept, shown and exported, but not run or changed"),
    inactiveReason: z.enum(['disabled', 'plan']).nullable(),
    trigger: triggerSchema,
    conditions: z.array(conditionSchema),
    actions: z.array(actionSchema),
    nextRunAt: z.string().nullable().describe('schedule triggers: the next scheduled run'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AutomationRule' });
export const ruleList = pageQuery;
export const rulePage = z.object({ items: z.array(ruleOut), nextCursor: z.string().nullable() });

// --- Run log ----------------------------------------------------------------------------------
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export const runOut = z
  .object({
    id: z.string(),
    status: z.enum(RUN_STATUSES).describe('running while a webhook waits for a retry'),
    reason: z.string().nullable().describe('why the run was skipped'),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    event: z.object({
      id: z.string(),
      type: z.string(),
      entity: z.string().nullable(),
      recordId: z.string().nullable(),
      recordLabel: z.string().nullable(),
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
      data: z.record(z.string(), z.unknown()).nullable(),
      depth: z.number().int(),
      occurredAt: z.string(),
    }),
    actions: z.array(
      z.object({
        type: z.enum(ACTION_TYPES),
        status: z.enum(['running', 'pending', 'succeeded', 'failed', 'skipped']),
        detail: z.string().nullable(),
        attempts: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'AutomationRun' });
export const runList = pageQuery;
export const runPage = z.object({ items: z.array(runOut), nextCursor: z.string().nullable() });

// --- Export and import ------------------------------------------------------------------------
export const referencesSchema = z.object({
  pipelines: z.array(z.object({ id: z.string(), name: z.string() })),
  stages: z.array(z.object({ id: z.string(), name: z.string(), pipelineName: z.string() })),
  users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
});
export const exportedRule = z
  .object({
    /** The rule's id where it was exported: a portal archive's import keeps the rule's run log linked to it. */
    id: z.string().optional(),
    ...ruleFields,
    references: referencesSchema.optional(),
  })
  .meta({ id: 'AutomationExportedRule' });
export const exportDocument = z
  .object({
    formatVersion: z.literal(1),
    exportedAt: z.string().optional(),
    rules: z.array(exportedRule),
  })
  .meta({ id: 'AutomationsDocument' });
/** Rules are checked one by one on import, so that one bad rule is reported without losing the others. */
export const importBody = z.object({
  formatVersion: z.literal(1, { message: 'must be 1 (a document from GET /api/automations/export)' }),
  exportedAt: z.string().optional(),
  rules: z.array(z.unknown()).max(1000),
});
export const importOut = z
  .object({
    imported: z.number().int(),
    rules: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean() })),
    unresolved: z.array(z.object({ rule: z.string(), what: z.string() })),
  })
  .meta({ id: 'AutomationsImport' });

// --- Webhook secret and catalog ----------------------------------------------------------------
export const webhookSecretOut = z
  .object({
    secret: z.string(),
    rotatedAt: z.string(),
    header: z.literal('X-SchedulingKit-Signature'),
    algorithm: z.string(),
  })
  .meta({ id: 'AutomationWebhookSecret' });

export const catalogOut = z
  .object({
    triggers: z.array(z.string()),
    actions: z.array(z.string()),
    ops: z.record(z.string(), z.array(z.string())),
    entities: z.record(
      z.string(),
      z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          kind: z.string(),
          values: z.array(z.string()).optional(),
          ref: z.string().optional(),
          updatable: z.boolean().optional(),
          from: z.array(z.string()).optional(),
        }),
      ),
    ),
    templateGlobals: z.array(z.string()),
    maxChainDepth: z.number().int(),
  })
  .meta({ id: 'AutomationCatalog' });

export type Trigger = z.infer<typeof triggerSchema>;
export type ConditionIn = z.infer<typeof conditionSchema>;
export type Action = z.infer<typeof actionSchema>;
export type RuleCreate = z.infer<typeof ruleCreate>;
export type RuleUpdate = z.infer<typeof ruleUpdate>;
export type RuleOut = z.infer<typeof ruleOut>;
export type RunOut = z.infer<typeof runOut>;
export type ExportedRule = z.infer<typeof exportedRule>;
export type AutomationsDocument = z.infer<typeof exportDocument>;
