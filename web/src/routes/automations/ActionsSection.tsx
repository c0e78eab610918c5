import { ActionIcon, Button, Group, NumberInput, Paper, Select, Stack, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { ENTITY_NOUNS } from './describe';
import { emptyAction, fieldDef, ruleCurrency, type RuleFormValues } from './ruleForm';
import type { ActionType, Entity } from './types';
import type { AutomationData } from './useAutomationData';
import { ValueInput } from './ValueInput';

export const ACTION_LABELS: Record<ActionType, string> = {
  create_task: 'Create a task',
  update_field: 'Set a field',
  add_note: 'Add a note',
  send_email: 'Send an email',
  webhook: 'Call a webhook',
};

const RECORD_ACTIONS: ActionType[] = ['update_field', 'add_note'];

/** 3. Then: the actions, run in order. Text fields take placeholders such as {{deal.title}}. */
export function ActionsSection({ form, data, entity }: { form: UseFormReturnType<RuleFormValues>; data: AutomationData; entity: Entity | null }) {
  const hasRecord = !!entity && entity !== 'booking';
  const fields = entity ? (data.catalog?.entities[entity] ?? []) : [];
  const hint = entity ? `Insert fields with placeholders such as {{${entity}.${fields[0]?.name ?? 'id'}}}` : 'Insert {{rule.name}} or {{event.date}}';
  const types = (Object.keys(ACTION_LABELS) as ActionType[]).filter((t) => hasRecord || !RECORD_ACTIONS.includes(t));
  const owner = entity && fields.some((f) => f.name === 'ownerId') ? [{ value: `{{${entity}.ownerId}}`, label: `The ${ENTITY_NOUNS[entity]}'s owner` }] : [];
  const assignee = entity === 'task' ? [{ value: '{{task.assigneeId}}', label: "The task's assignee" }] : [];
  const people = [...owner, ...assignee, ...data.users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }))];
  const err = (i: number, f: string) => form.errors[`actions.${i}.${f}`] as string | undefined;
  return (
    <Stack gap="sm">
      {form.values.actions.map((a, i) => {
        const n = i + 1;
        const input = (f: 'title' | 'body' | 'to' | 'subject' | 'url' | 'description') => ({ ...form.getInputProps(`actions.${i}.${f}`) });
        return (
          <Paper key={i} withBorder p="sm" radius="md" role="group" aria-label={`Action ${n}`}>
            <Stack gap="xs">
              <Group align="flex-end" justify="space-between">
                <Select
                  label={`Action ${n}`}
                  data={types.map((t) => ({ value: t, label: ACTION_LABELS[t] }))}
                  value={a.type}
                  onChange={(v) => v && form.setFieldValue(`actions.${i}`, emptyAction(v as ActionType))}
                  allowDeselect={false}
                  error={err(i, 'type')}
                  comboboxProps={{ withinPortal: true }}
                  w={220}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove action ${n}`}
                  disabled={form.values.actions.length === 1}
                  onClick={() => form.removeListItem('actions', i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              {a.type === 'create_task' && (
                <>
                  <TextInput label="Task title" description={hint} {...input('title')} />
                  <Group grow align="flex-start">
                    <NumberInput
                      label="Due in (days)"
                      placeholder="No due date"
                      min={0}
                      max={3650}
                      allowDecimal={false}
                      {...form.getInputProps(`actions.${i}.dueInDays`)}
                    />
                    <Select
                      label="Assign to"
                      placeholder="Nobody"
                      clearable
                      searchable
                      data={people}
                      {...form.getInputProps(`actions.${i}.assigneeId`)}
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Group>
                  <Textarea label="Task description" autosize minRows={1} {...input('description')} />
                </>
              )}
              {a.type === 'update_field' && (
                <Group grow align="flex-start">
                  <Select
                    label="Field to set"
                    data={fields.filter((f) => f.updatable).map((f) => ({ value: `${entity}.${f.name}`, label: f.label }))}
                    value={a.field || null}
                    onChange={(v) => form.setValues({ actions: form.values.actions.map((x, j) => (j === i ? { ...x, field: v ?? '', value: '' } : x)) })}
                    error={err(i, 'field')}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <ValueInput
                    label="New value"
                    field={fieldDef(data.catalog?.entities, a.field)}
                    value={a.value}
                    onChange={(v) => form.setFieldValue(`actions.${i}.value`, v)}
                    error={err(i, 'value')}
                    data={data}
                    currency={ruleCurrency(form.values)}
                  />
                </Group>
              )}
              {a.type === 'add_note' && <Textarea label="Note" description={hint} autosize minRows={2} {...input('body')} />}
              {a.type === 'send_email' && (
                <>
                  <TextInput
                    label="To"
                    placeholder={entity === 'contact' ? '{{contact.email}}' : 'sales@example.com'}
                    description="One or more addresses, separated by commas; placeholders work here too"
                    {...input('to')}
                  />
                  <TextInput label="Subject" {...input('subject')} />
                  <Textarea label="Message" description={hint} autosize minRows={3} {...input('body')} />
                </>
              )}
              {a.type === 'webhook' && (
                <TextInput
                  label="Webhook URL"
                  placeholder="https://erp.example.com/hooks/deals"
                  description="Receives a signed JSON POST with the event and the record (see the signing secret on the automations page)"
                  {...input('url')}
                />
              )}
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('actions', emptyAction())}
          disabled={form.values.actions.length >= 10}
        >
          Add action
        </Button>
      </Group>
    </Stack>
  );
}
