import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { WEEKDAYS } from './format';
import type { TimeRange, WeeklyRange } from './types';

interface Props {
  value: WeeklyRange[];
  onChange: (next: WeeklyRange[]) => void;
  /** Server errors by path, e.g. "weekly.3.end". */
  errors: Record<string, string>;
}

/** Working hours per weekday: a day is on when it has at least one range; each range has a start and an end. */
export function WeeklyHoursEditor({ value, onChange, errors }: Props) {
  const rangesOf = (day: number) => value.map((r, index) => ({ ...r, index })).filter((r) => r.day === day);
  const set = (index: number, patch: Partial<TimeRange>) => onChange(value.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index));
  const add = (day: number) => {
    const last = rangesOf(day).at(-1);
    onChange([
      ...value,
      last ? { day, start: last.end < '23:00' ? last.end : '09:00', end: last.end < '23:00' ? '24:00' : '17:00' } : { day, start: '09:00', end: '17:00' },
    ]);
  };

  return (
    <Stack gap="xs" role="group" aria-label="Weekly hours">
      {WEEKDAYS.map((name, i) => {
        const day = i + 1;
        const ranges = rangesOf(day);
        return (
          <Group key={day} align="flex-start" gap="md" wrap="nowrap">
            <Checkbox
              w={130}
              mt={8}
              label={name}
              checked={ranges.length > 0}
              onChange={(e) => (e.currentTarget.checked ? add(day) : onChange(value.filter((r) => r.day !== day)))}
            />
            {ranges.length === 0 ? (
              <Text c="dimmed" fz="sm" mt={8}>
                Not available
              </Text>
            ) : (
              <Stack gap={6}>
                {ranges.map((r) => (
                  <Group key={r.index} gap="xs" align="flex-start" wrap="nowrap">
                    <TextInput
                      type="time"
                      aria-label={`${name} from`}
                      value={r.start}
                      onChange={(e) => set(r.index, { start: e.currentTarget.value })}
                      error={errors[`weekly.${r.index}.start`]}
                      w={120}
                    />
                    <Text mt={6}>–</Text>
                    <TextInput
                      type="time"
                      aria-label={`${name} until`}
                      value={r.end === '24:00' ? '23:59' : r.end}
                      onChange={(e) => set(r.index, { end: e.currentTarget.value === '23:59' ? '24:00' : e.currentTarget.value })}
                      error={errors[`weekly.${r.index}.end`]}
                      w={120}
                    />
                    <ActionIcon variant="subtle" color="gray" mt={4} aria-label={`Remove ${name} ${r.start}–${r.end}`} onClick={() => remove(r.index)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => add(day)} w="fit-content">
                  Add hours on {name}
                </Button>
              </Stack>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
