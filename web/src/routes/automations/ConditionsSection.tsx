import { ActionIcon, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { emptyCondition, fieldDef, isOp, ruleCurrency, type RuleFormValues, type UiOp } from './ruleForm';
import type { Entity } from './types';
import type { AutomationData } from './useAutomationData';
import { ValueInput } from './ValueInput';

export const OP_LABELS: Record<UiOp, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  in: 'is one of',
  empty: 'is empty',
  not_empty: 'is not empty',
};

/** 2. If: conditions on the triggering record, all of which must hold. */
export function ConditionsSection({ form, data, entity }: { form: UseFormReturnType<RuleFormValues>; data: AutomationData; entity: Entity | null }) {
  const fields = entity ? (data.catalog?.entities[entity] ?? []) : [];
  const currency = ruleCurrency(form.values);
  if (!entity) {
    return (
      <Text fz="sm" c="dimmed">
        A scheduled rule has no record to check: it always runs.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {form.values.conditions.length === 0 && (
        <Text fz="sm" c="dimmed">
          No conditions: the rule runs for every {entity}.
        </Text>
      )}
      {form.values.conditions.map((c, i) => {
        const field = fieldDef(data.catalog?.entities, c.field);
        const kindOps = field ? (data.catalog?.ops[field.kind] ?? []) : [];
        const ops: UiOp[] = kindOps.filter(isOp).flatMap((op): UiOp[] => (op === 'empty' ? ['empty', 'not_empty'] : [op]));
        const n = i + 1;
        return (
          <Paper key={i} withBorder p="sm" radius="md" role="group" aria-label={`Condition ${n}`}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <Select
                label={`Condition ${n} field`}
                data={fields.map((f) => ({ value: `${entity}.${f.name}`, label: f.label }))}
                value={c.field || null}
                onChange={(v) => {
                  const next = fieldDef(data.catalog?.entities, v ?? '');
                  const first = (next && data.catalog?.ops[next.kind]?.find(isOp)) || 'eq';
                  form.setFieldValue(`conditions.${i}`, { ...emptyCondition(v ?? ''), op: first });
                }}
                searchable
                error={form.errors[`conditions.${i}.field`]}
                comboboxProps={{ withinPortal: true }}
                w={200}
              />
              <Select
                label={`Condition ${n} operator`}
                data={ops.map((op) => ({ value: op, label: OP_LABELS[op] }))}
                value={c.op}
                onChange={(v) => v && form.setFieldValue(`conditions.${i}.op`, v as UiOp)}
                allowDeselect={false}
                error={form.errors[`conditions.${i}.op`]}
                comboboxProps={{ withinPortal: true }}
                w={160}
              />
              {c.op !== 'empty' && c.op !== 'not_empty' && (
                <div style={{ flex: 1, minWidth: 180 }}>
                  <ValueInput
                    label={`Condition ${n} value`}
                    field={field}
                    multiple={c.op === 'in'}
                    value={c.value}
                    values={c.values}
                    onChange={(v) => form.setFieldValue(`conditions.${i}.value`, v)}
                    onChangeValues={(v) => form.setFieldValue(`conditions.${i}.values`, v)}
                    error={(form.errors[`conditions.${i}.value`] as string | undefined) ?? undefined}
                    data={data}
                    currency={currency}
                  />
                </div>
              )}
              <ActionIcon variant="subtle" color="gray" mt={26} aria-label={`Remove condition ${n}`} onClick={() => form.removeListItem('conditions', i)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('conditions', emptyCondition())}>
          Add condition
        </Button>
      </Group>
    </Stack>
  );
}
