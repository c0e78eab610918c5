import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleSpec } from './validate.js';
import { normalizeRule, ruleProblems } from './validate.js';
import { formatMoney, placeholders, renderTemplate, textOf } from './templates.js';
import { nextRunAfter, scheduleProblem, triggerMatches } from './triggers.js';
import { addressAllowed, classifyAddress } from '../../kernel/ssrf.js';
import { runStatus } from './runs.service.js';

describe('templates', () => {
  it('fills in {{deal.title}} and leaves unknown braces alone', () => {
    const lookup = (p: string) => ({ 'deal.title': 'Forty chairs', 'deal.amount': '1,000.00 EUR' })[p];
    expect(renderTemplate('Send the contract for {{deal.title}} ({{ deal.amount }})', lookup)).toBe('Send the contract for Forty chairs (1,000.00 EUR)');
    expect(renderTemplate('{{deal.owner}} and {{not a path}}', lookup)).toBe(' and {{not a path}}');
  });

  it('keeps text without placeholders exactly as it is (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{{')),
        (s) => {
          expect(renderTemplate(s, () => 'x')).toBe(s);
        },
      ),
    );
  });

  it('lists the placeholders of a text and whether each is well-formed', () => {
    expect(placeholders('{{deal.title}} {{ deal }} {{a.b.c}}')).toEqual([
      { path: 'deal.title', wellFormed: true },
      { path: 'deal', wellFormed: false },
      { path: 'a.b.c', wellFormed: true },
    ]);
  });

  it("prints money in the currency's own units", () => {
    expect(formatMoney(150000, 'EUR')).toBe('1,500.00 EUR');
    expect(formatMoney(1500, 'JPY')).toBe('1,500 JPY');
    expect(textOf(['a@x.test', 'b@x.test'])).toBe('a@x.test, b@x.test');
    expect(textOf(null)).toBeUndefined();
  });
});

describe('schedules', () => {
  it('fires at 09:00 Berlin time on weekdays, across the change to summer time', () => {
    // Friday 27 March 2026, noon UTC; summer time starts on Sunday 29 March.
    const friday = new Date('2026-03-27T12:00:00Z');
    const monday = nextRunAfter('0 9 * * 1-5', 'Europe/Berlin', friday);
    expect(monday.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextRunAfter('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-03-27T07:59:00Z')).toISOString()).toBe('2026-03-27T08:00:00.000Z');
  });

  it('is always strictly later than the time it starts from (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.constantFrom('*/15 * * * *', '0 9 * * 1-5', '30 2 * * *', '0 0 1 * *'),
        (d, cron) => {
          expect(nextRunAfter(cron, 'Europe/Berlin', d).getTime()).toBeGreaterThan(d.getTime());
        },
      ),
      { numRuns: 50 },
    );
  });

  it('names what is wrong with a schedule', () => {
    expect(scheduleProblem('0 9 * *', 'UTC')).toMatchObject({ path: 'cron' });
    expect(scheduleProblem('61 * * * *', 'UTC')).toMatchObject({ path: 'cron' });
    expect(scheduleProblem('@secondly', 'UTC')).toMatchObject({ path: 'cron' });
    expect(scheduleProblem('0 9 * * 1', 'Europe/Atlantis')).toMatchObject({ path: 'timeZone' });
    expect(scheduleProblem('@daily', 'America/New_York')).toBeNull();
  });
});

describe('triggers', () => {
  const facts = (type: string, more: Partial<Parameters<typeof triggerMatches>[1]> = {}) => ({ type, entity: 'deal', changes: null, data: null, ...more });
  it('match their event type and entity, and the fields or stage they name', () => {
    expect(triggerMatches({ type: 'record.created', entity: 'deal' }, facts('record.created'))).toBe(true);
    expect(triggerMatches({ type: 'record.created', entity: 'contact' }, facts('record.created'))).toBe(false);
    expect(
      triggerMatches({ type: 'record.updated', entity: 'deal', fields: ['amount'] }, facts('record.updated', { changes: { title: { from: 'a', to: 'b' } } })),
    ).toBe(false);
    expect(
      triggerMatches({ type: 'record.updated', entity: 'deal', fields: ['amount'] }, facts('record.updated', { changes: { amount: { from: 1, to: 2 } } })),
    ).toBe(true);
    expect(triggerMatches({ type: 'deal.stage_changed', stageId: 's2' }, facts('deal.stage_changed', { data: { toStageId: 's2', pipelineId: 'p' } }))).toBe(
      true,
    );
    expect(triggerMatches({ type: 'deal.stage_changed', stageId: 's2' }, facts('deal.stage_changed', { data: { toStageId: 's3', pipelineId: 'p' } }))).toBe(
      false,
    );
  });
});

describe('rules as a whole', () => {
  const base: RuleSpec = { trigger: { type: 'record.created', entity: 'deal' }, conditions: [], actions: [{ type: 'add_note', body: 'x' }] };
  const problems = (r: Partial<RuleSpec>) => ruleProblems({ ...base, ...r }, { allowLoopback: false }).map((p) => p.path);

  it("check templates against the trigger's record, including what changed", () => {
    expect(problems({ actions: [{ type: 'create_task', title: '{{deal.title}} {{rule.name}} {{event.date}} {{deal.id}}' }] })).toEqual([]);
    expect(problems({ actions: [{ type: 'create_task', title: '{{contact.name}}' }] })).toEqual(['actions.0.title']);
    expect(
      problems({
        trigger: { type: 'record.updated', entity: 'deal' },
        actions: [{ type: 'add_note', body: 'from {{changes.amount.from}} to {{changes.amount.to}}' }],
      }),
    ).toEqual([]);
    expect(problems({ trigger: { type: 'record.updated', entity: 'deal' }, actions: [{ type: 'add_note', body: '{{changes.amount.before}}' }] })).toEqual([
      'actions.0.body',
    ]);
  });

  it('refuse webhooks to private and loopback addresses unless loopback is allowed', () => {
    expect(problems({ actions: [{ type: 'webhook', url: 'http://127.0.0.1:9000/x' }] })).toEqual(['actions.0.url']);
    expect(problems({ actions: [{ type: 'webhook', url: 'http://localhost:9000/x' }] })).toEqual(['actions.0.url']);
    expect(problems({ actions: [{ type: 'webhook', url: 'http://[::1]/x' }] })).toEqual(['actions.0.url']);
    expect(problems({ actions: [{ type: 'webhook', url: 'https://user:pw@erp.example.com/x' }] })).toEqual(['actions.0.url']);
    expect(problems({ actions: [{ type: 'webhook', url: 'https://erp.example.com/hooks' }] })).toEqual([]);
    expect(ruleProblems({ ...base, actions: [{ type: 'webhook', url: 'http://127.0.0.1:9000/x' }] }, { allowLoopback: true })).toEqual([]);
    expect(ruleProblems({ ...base, actions: [{ type: 'webhook', url: 'http://192.168.1.10/x' }] }, { allowLoopback: true }).map((p) => p.path)).toEqual([
      'actions.0.url',
    ]);
  });

  it('are stored with every field named with its record', () => {
    const r = normalizeRule({
      trigger: { type: 'record.updated', entity: 'deal', fields: ['deal.amount', 'title'] },
      conditions: [{ field: 'amount', op: 'gt', value: 1 }],
      actions: [{ type: 'update_field', field: 'stageId', value: 's' }],
    });
    expect(r).toEqual({
      trigger: { type: 'record.updated', entity: 'deal', fields: ['amount', 'title'] },
      conditions: [{ field: 'deal.amount', op: 'gt', value: 1 }],
      actions: [{ type: 'update_field', field: 'deal.stageId', value: 's' }],
    });
    // A convenience field stands for the API fields it comes from: a contact's "email" changes when its "emails" do.
    const contact = normalizeRule({
      trigger: { type: 'record.updated', entity: 'contact', fields: ['email', 'emails', 'ownerName'] },
      conditions: [],
      actions: [{ type: 'add_note', body: 'x' }],
    });
    expect(contact.trigger).toEqual({ type: 'record.updated', entity: 'contact', fields: ['emails', 'ownerId'] });
  });
});

describe('webhook addresses', () => {
  it('tells public, loopback and private addresses apart', () => {
    expect(['8.8.8.8', '2606:4700:4700::1111'].map(classifyAddress)).toEqual(['public', 'public']);
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(classifyAddress)).toEqual(['loopback', 'loopback', 'loopback', 'loopback']);
    const privateOnes = [
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ];
    expect(privateOnes.map(classifyAddress)).toEqual(privateOnes.map(() => 'private'));
    expect(addressAllowed('127.0.0.1', false)).toBe(false);
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('10.0.0.1', true)).toBe(false);
  });
});

describe("a run's status", () => {
  it('is read from its actions: failed if one failed, running while a webhook waits, else succeeded', () => {
    const st = (state: 'running' | 'done' | 'skipped' | 'failed', ...actions: ('succeeded' | 'failed' | 'pending' | 'running')[]) =>
      runStatus(
        { state },
        actions.map((status) => ({ status })),
      );
    expect(st('done', 'succeeded', 'succeeded')).toBe('succeeded');
    expect(st('done', 'succeeded', 'pending')).toBe('running');
    expect(st('done', 'failed', 'pending')).toBe('failed');
    expect(st('running', 'succeeded')).toBe('running');
    expect(st('skipped')).toBe('skipped');
    expect(st('failed')).toBe('failed');
  });
});
