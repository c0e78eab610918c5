import type { PortalContext } from '../../kernel/context.js';
import { scopeOf } from '../../kernel/context.js';
import { listPipelines } from '../../modules/crm/index.js';
import * as repo from '../../modules/automations/index.js';
import { automationsAllowed, createRule, type RuleCreate } from '../../modules/automations/index.js';

/**
 * `skit demo`: a few rules a sales team would write, made through the service
 * (so they are checked like any other). Run after the CRM and billing demos;
 * nothing happens on a plan without automations, or when the portal has rules.
 */
export async function seedAutomationsDemo(ctx: PortalContext): Promise<void> {
  if (!(await automationsAllowed(ctx))) return;
  if ((await repo.allRules(scopeOf(ctx))).length > 0) return;
  const sales = (await listPipelines(ctx, { limit: 200, sort: 'name' })).items.find((p) => p.isDefault);
  const negotiation = sales?.stages.find((s) => s.name === 'Negotiation');
  const rules: RuleCreate[] = [
    {
      name: 'Contract for big deals',
      enabled: true,
      trigger: { type: 'deal.stage_changed', pipelineId: sales?.id ?? null, stageId: negotiation?.id ?? null },
      conditions: [
        { field: 'deal.amount', op: 'gt', value: 100000 },
        { field: 'deal.currency', op: 'eq', value: 'EUR' },
      ],
      actions: [{ type: 'create_task', title: 'Send the contract for {{deal.title}}', dueInDays: 2, assigneeId: '{{deal.ownerId}}' }],
    },
    {
      name: 'Escalate overdue tasks',
      enabled: true,
      trigger: { type: 'task.overdue' },
      conditions: [{ field: 'task.priority', op: 'in', value: ['high', 'urgent'] }],
      actions: [
        { type: 'update_field', field: 'task.priority', value: 'urgent' },
        { type: 'add_note', body: '{{task.title}} was due {{task.dueAt}} and is not done yet.' },
      ],
    },
    {
      name: 'Monday pipeline review',
      enabled: true,
      trigger: { type: 'schedule', cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
      conditions: [],
      actions: [{ type: 'create_task', title: 'Pipeline review ({{event.date}})', dueInDays: 0 }],
    },
    {
      // Off by default: with SMTP configured it would write to the demo contacts' (made-up) addresses.
      name: 'Welcome new contacts',
      enabled: false,
      trigger: { type: 'record.created', entity: 'contact' },
      conditions: [{ field: 'contact.email', op: 'empty', value: false }],
      actions: [
        {
          type: 'send_email',
          to: '{{contact.email}}',
          subject: 'Nice to meet you, {{contact.firstName}}',
          body: 'Hello {{contact.name}},\n\nthank you for your interest. We will be in touch shortly.',
        },
      ],
    },
  ];
  for (const rule of rules) await createRule(ctx, rule);
}
