/** Shapes of the automations API, from the generated OpenAPI types. */
import type { Body, Item, Schema } from '../../api/types';

export type Trigger = Schema<'AutomationTrigger'>;
export type TriggerType = Trigger['type'];
export type RecordEntity = Extract<Trigger, { type: 'record.created' }>['entity'];
export type Entity = RecordEntity | 'booking';
export type Condition = Schema<'AutomationCondition'>;
export type Op = Condition['op'];
export type Scalar = Extract<Schema<'AutomationAction'>, { type: 'update_field' }>['value'];
export type Action = Schema<'AutomationAction'>;
export type ActionType = Action['type'];

/** What the editor saves (POST /api/automations). */
export type RuleSpec = Required<Body<'/api/automations', 'post'>>;
export type Rule = Schema<'AutomationRule'>;
export type Run = Schema<'AutomationRun'>;
export type RunStatus = Run['status'];
export type ActionStatus = Item<Run['actions']>['status'];

export type Catalog = Schema<'AutomationCatalog'>;
/** Fields of each entity, keyed by entity name. */
export type EntityFields = Catalog['entities'];
export type FieldDef = Item<EntityFields[string]>;
export type FieldKind = FieldDef['kind'];

export type ImportResult = Schema<'AutomationsImport'>;
export type WebhookSecret = Schema<'AutomationWebhookSecret'>;
