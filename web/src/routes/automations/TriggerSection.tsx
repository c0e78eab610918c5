import { Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { describeCron } from './describe';
import type { RuleFormValues } from './ruleForm';
import type { RecordEntity, TriggerType } from './types';
import type { AutomationData } from './useAutomationData';

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  'record.created': 'A record is created',
  'record.updated': 'A record is changed',
  'deal.stage_changed': 'A deal moves to a stage',
  'task.overdue': 'A task becomes overdue',
  'booking.created': 'Someone books a meeting',
  schedule: 'On a schedule',
};

export const ENTITY_LABELS: Record<RecordEntity, string> = { company: 'Company', contact: 'Contact', lead: 'Lead', deal: 'Deal', task: 'Task' };

const CRON_PRESETS = [
  { value: '0 9 * * 1-5', label: 'Every weekday at 09:00' },
  { value: '0 9 * * 1', label: 'Every Monday at 09:00' },
  { value: '0 8 * * *', label: 'Every day at 08:00' },
  { value: '0 9 1 * *', label: 'On the 1st of every month at 09:00' },
  { value: '0 * * * *', label: 'Every hour' },
];

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York'];
}

/** 1. When: the trigger and what narrows it (record kind, fields, pipeline and stage, schedule). */
export function TriggerSection({ form, data }: { form: UseFormReturnType<RuleFormValues>; data: AutomationData }) {
  const t = form.values.trigger;
  const fields = data.catalog?.entities[t.entity] ?? [];
  const pipeline = data.pipelines.find((p) => p.id === t.pipelineId);
  const stages = (pipeline ? [pipeline] : data.pipelines).flatMap((p) =>
    p.stages.map((s) => ({ value: s.id, label: pipeline || data.pipelines.length === 1 ? s.name : `${s.name} (${p.name})` })),
  );
  const changeType = (type: TriggerType) => {
    form.setFieldValue('trigger.type', type);
    // Conditions and record actions are about the trigger's record: start them afresh for another kind of record.
    form.setFieldValue('conditions', []);
  };
  return (
    <Stack gap="sm">
      <Select
        label="Trigger"
        data={Object.entries(TRIGGER_LABELS).map(([value, label]) => ({ value, label }))}
        value={t.type}
        onChange={(v) => v && changeType(v as TriggerType)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        error={form.errors['trigger.type']}
      />
      {(t.type === 'record.created' || t.type === 'record.updated') && (
        <Group grow align="flex-start">
          <Select
            label="Record"
            data={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
            value={t.entity}
            onChange={(v) => {
              if (!v) return;
              form.setFieldValue('trigger.entity', v as RecordEntity);
              form.setFieldValue('trigger.fields', []);
              form.setFieldValue('conditions', []);
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            error={form.errors['trigger.entity']}
          />
          {t.type === 'record.updated' && (
            <MultiSelect
              label="Only when these fields change"
              placeholder="Any field"
              data={fields.filter((f) => !f.from).map((f) => ({ value: f.name, label: f.label }))}
              {...form.getInputProps('trigger.fields')}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </Group>
      )}
      {t.type === 'deal.stage_changed' && (
        <Group grow align="flex-start">
          <Select
            label="Pipeline"
            placeholder="Any pipeline"
            clearable
            data={data.pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={t.pipelineId}
            onChange={(v) => form.setValues({ trigger: { ...t, pipelineId: v, stageId: null } })}
            comboboxProps={{ withinPortal: true }}
            error={form.errors['trigger.pipelineId']}
          />
          <Select
            label="Stage"
            placeholder="Any stage"
            clearable
            searchable
            data={stages}
            {...form.getInputProps('trigger.stageId')}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      )}
      {t.type === 'schedule' && (
        <Group grow align="flex-start">
          <Select
            label="Repeat"
            placeholder="Custom"
            data={CRON_PRESETS}
            value={CRON_PRESETS.some((p) => p.value === t.cron) ? t.cron : null}
            onChange={(v) => v && form.setFieldValue('trigger.cron', v)}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput label="Schedule (cron)" description={describeCron(t.cron, '')} {...form.getInputProps('trigger.cron')} />
          <Select
            label="Time zone"
            searchable
            data={timeZones()}
            {...form.getInputProps('trigger.timeZone')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      )}
    </Stack>
  );
}
