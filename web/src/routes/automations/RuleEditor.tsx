import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconBolt } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ActionsSection } from './ActionsSection';
import { ConditionsSection } from './ConditionsSection';
import { describeRule, triggerEntity } from './describe';
import { fieldDef, fromRule, newRuleValues, toMinor, toRuleSpec, triggerOf, type RuleFormValues } from './ruleForm';
import { TriggerSection } from './TriggerSection';
import type { Rule } from './types';
import type { AutomationData } from './useAutomationData';
import { client, unwrap } from '../../api/client';

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group gap="xs" mb="sm">
        <Badge circle size="lg" variant="light">
          {n}
        </Badge>
        <Title order={2} fz="md">
          {title}
        </Title>
      </Group>
      {children}
    </Paper>
  );
}

/** Puts the server's field errors beside the inputs ("conditions.0.value"); returns what could not be placed. */
function placeErrors(form: { setFieldError: (path: string, message: string) => void }, error: unknown): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const fields = error.details?.fields ?? [];
  if (fields.length === 0) return error.message;
  const leftovers: string[] = [];
  for (const f of fields) {
    if (/^(name|trigger\.\w+|conditions\.\d+\.\w+|actions\.\d+\.\w+)$/.test(f.path)) form.setFieldError(f.path, f.message);
    else leftovers.push(`${f.path}: ${f.message}`);
  }
  return leftovers.length ? leftovers.join('\n') : null;
}

interface RuleEditorProps {
  rule?: Rule;
  data: AutomationData;
  readOnly?: boolean;
  onSaved: (rule: Rule) => void;
}

/** The rule builder: when (trigger) → if (conditions) → then (actions), with the rule in plain words as you go. */
export function RuleEditor({ rule, data, readOnly = false, onSaved }: RuleEditorProps) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [needsPlan, setNeedsPlan] = useState(false);
  const form = useForm<RuleFormValues>({
    initialValues: rule ? fromRule(rule, data.catalog?.entities) : newRuleValues(),
    validate: {
      name: (v) => (v.trim() ? null : 'Give the rule a name'),
      conditions: {
        value: (v, all, path) => {
          const i = Number(path.split('.')[1]);
          const field = fieldDef(data.catalog?.entities, all.conditions[i]?.field ?? '');
          return field?.kind === 'money' && v.trim() && toMinor(v, 2) === null && toMinor(v, 0) === null ? 'Enter an amount such as 1000 or 1000.50' : null;
        },
      },
    },
  });
  useEffect(() => {
    if (rule && data.catalog) form.setValues(fromRule(rule, data.catalog.entities));
    // Refill when the stored rule changes (after a save) or the catalog arrives.
  }, [rule?.updatedAt, !!data.catalog]);

  const save = useMutation({
    mutationFn: (v: RuleFormValues) => {
      const body = toRuleSpec(v, data.catalog?.entities);
      return rule
        ? unwrap(client.PATCH('/api/automations/{id}', { params: { path: { id: rule.id } }, body }))
        : unwrap(client.POST('/api/automations', { body }));
    },
    onSuccess: (saved) => {
      setError(null);
      void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/automations') });
      onSaved(saved);
    },
    onError: (err) => {
      setNeedsPlan(isApiError(err, 'PLAN_FEATURE_REQUIRED'));
      setError(placeErrors(form, err));
    },
  });

  const trigger = triggerOf(form.values.trigger);
  const entity = triggerEntity(trigger);
  const spec = toRuleSpec(form.values, data.catalog?.entities);
  const description = data.catalog ? describeRule(spec, data.catalog.entities, data.names) : '';

  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <ErrorAlert
            error={error}
            action={
              needsPlan ? (
                <Anchor component={Link} to="/app/settings/billing" fz="sm">
                  See plans
                </Anchor>
              ) : null
            }
          />
          <Group align="flex-end" gap="md">
            <TextInput label="Rule name" placeholder="Contract for big deals" style={{ flex: 1 }} {...form.getInputProps('name')} />
            <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} mb={8} />
          </Group>
          <Paper radius="md" p="md" bg="var(--mantine-color-blue-light)" role="status" aria-live="polite" aria-label="The rule in plain words">
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <IconBolt size={18} style={{ flexShrink: 0, marginTop: 2 }} />
              <Text fz="sm" data-testid="rule-description">
                {description}
              </Text>
            </Group>
          </Paper>
          <Step n={1} title="When">
            <TriggerSection form={form} data={data} />
          </Step>
          <Step n={2} title="If">
            <ConditionsSection form={form} data={data} entity={entity} />
          </Step>
          <Step n={3} title="Then">
            <ActionsSection form={form} data={data} entity={entity} />
          </Step>
          {!readOnly && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {rule ? 'Save changes' : 'Create rule'}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
