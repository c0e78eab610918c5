import { ActionIcon, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { DateOverride } from './types';

interface Props {
  value: DateOverride[];
  onChange: (next: DateOverride[]) => void;
  errors: Record<string, string>;
  /** A date to start a new override on (today in the person's zone). */
  today: string;
}

/** Dates that differ from the week: a day off, or other hours that day. */
export function OverridesEditor({ value, onChange, errors, today }: Props) {
  const set = (i: number, patch: Partial<DateOverride>) => onChange(value.map((o, k) => (k === i ? { ...o, ...patch } : o)));
  return (
    <Stack gap="sm" role="group" aria-label="Date overrides">
      {value.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No exceptions: every week looks the same.
        </Text>
      ) : null}
      {value.map((o, i) => (
        <Group key={i} align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            aria-label="Date"
            value={o.date}
            onChange={(e) => set(i, { date: e.currentTarget.value })}
            error={errors[`overrides.${i}.date`]}
            w={170}
          />
          <Switch
            mt={8}
            label="Unavailable all day"
            checked={o.unavailable}
            onChange={(e) => set(i, { unavailable: e.currentTarget.checked, ranges: e.currentTarget.checked ? [] : [{ start: '09:00', end: '17:00' }] })}
          />
          {!o.unavailable
            ? o.ranges.map((r, k) => (
                <Group key={k} gap={4} wrap="nowrap" align="flex-start">
                  <TextInput
                    type="time"
                    aria-label={`${o.date} from`}
                    value={r.start}
                    w={110}
                    error={errors[`overrides.${i}.ranges.${k}.start`] ?? (k === 0 ? errors[`overrides.${i}.ranges`] : undefined)}
                    onChange={(e) => set(i, { ranges: o.ranges.map((x, j) => (j === k ? { ...x, start: e.currentTarget.value } : x)) })}
                  />
                  <Text mt={6}>–</Text>
                  <TextInput
                    type="time"
                    aria-label={`${o.date} until`}
                    value={r.end}
                    w={110}
                    error={errors[`overrides.${i}.ranges.${k}.end`]}
                    onChange={(e) => set(i, { ranges: o.ranges.map((x, j) => (j === k ? { ...x, end: e.currentTarget.value } : x)) })}
                  />
                </Group>
              ))
            : null}
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={4}
            aria-label={`Remove the exception on ${o.date}`}
            onClick={() => onChange(value.filter((_, k) => k !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="light"
        size="compact-sm"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...value, { date: today, ranges: [], unavailable: true }])}
      >
        Add a date
      </Button>
    </Stack>
  );
}
