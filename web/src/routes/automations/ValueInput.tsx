import { MultiSelect, Select, TagsInput, TextInput } from '@mantine/core';
import type { AutomationData } from './useAutomationData';
import type { FieldDef } from './types';

interface ValueInputProps {
  label: string;
  field: FieldDef | undefined;
  /** Several values (the "is one of" operator). */
  multiple?: boolean;
  value: string;
  values?: string[];
  onChange: (v: string) => void;
  onChangeValues?: (v: string[]) => void;
  error?: string;
  data: AutomationData;
  currency: string | null;
}

/** The value of a condition or of "set a field": a list to pick from when the field has one, text otherwise. */
export function ValueInput({ label, field, multiple, value, values = [], onChange, onChangeValues, error, data, currency }: ValueInputProps) {
  const options = choices(field, data);
  if (options) {
    return multiple ? (
      <MultiSelect
        label={label}
        data={options}
        value={values}
        onChange={(v) => onChangeValues?.(v)}
        error={error}
        searchable
        comboboxProps={{ withinPortal: true }}
      />
    ) : (
      <Select
        label={label}
        data={options}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        error={error}
        searchable
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  if (multiple) return <TagsInput label={label} value={values} onChange={(v) => onChangeValues?.(v)} error={error} placeholder="Type a value, press Enter" />;
  const hint =
    field?.kind === 'money'
      ? `In ${currency ?? 'currency units'}, e.g. 1000`
      : field?.kind === 'instant'
        ? 'A date and time such as 2026-05-01T09:00:00Z'
        : field?.kind === 'date'
          ? 'A date such as 2026-05-01'
          : undefined;
  return (
    <TextInput
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      description={hint}
      inputMode={field?.kind === 'money' || field?.kind === 'number' ? 'decimal' : undefined}
      type={field?.kind === 'date' ? 'date' : 'text'}
    />
  );
}

function choices(
  field: FieldDef | undefined,
  data: AutomationData,
): { value: string; label: string }[] | { group: string; items: { value: string; label: string }[] }[] | null {
  if (!field) return null;
  if (field.kind === 'enum' && field.values) return field.values.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
  if (field.ref === 'user') return data.users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }));
  if (field.ref === 'pipeline') return data.pipelines.map((p) => ({ value: p.id, label: p.name }));
  if (field.ref === 'stage') return data.pipelines.map((p) => ({ group: p.name, items: p.stages.map((s) => ({ value: s.id, label: s.name })) }));
  return null;
}
