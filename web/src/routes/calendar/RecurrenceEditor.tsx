import { Checkbox, Group, NativeSelect, NumberInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { describeRepeat, WEEKDAYS, type RepeatFreq, type RepeatState } from './recurrenceForm';

interface RecurrenceEditorProps {
  value: RepeatState;
  onChange: (value: RepeatState) => void;
  error?: string;
}

// Option values are lower case so that both "weekly" and "Weekly" pick it.
const FREQ_OPTIONS: { value: string; label: string; freq: RepeatFreq }[] = [
  { value: 'none', label: 'Does not repeat', freq: 'none' },
  { value: 'daily', label: 'Daily', freq: 'DAILY' },
  { value: 'weekly', label: 'Weekly', freq: 'WEEKLY' },
  { value: 'monthly', label: 'Monthly', freq: 'MONTHLY' },
  { value: 'yearly', label: 'Yearly', freq: 'YEARLY' },
];
const CUSTOM = { value: 'custom', label: 'Custom rule', freq: 'custom' as RepeatFreq };
const UNIT: Record<string, string> = { DAILY: 'days', WEEKLY: 'weeks', MONTHLY: 'months', YEARLY: 'years' };

/** "Repeat": none, daily, weekly on chosen days, monthly, yearly; every N; ends never, on a date, or after N times. */
export function RecurrenceEditor({ value, onChange, error }: RecurrenceEditorProps) {
  const set = (patch: Partial<RepeatState>) => onChange({ ...value, ...patch });
  const options = value.freq === 'custom' ? [...FREQ_OPTIONS, CUSTOM] : FREQ_OPTIONS;
  const repeating = value.freq !== 'none' && value.freq !== 'custom';

  return (
    <Stack gap="xs">
      <NativeSelect
        label="Repeat"
        data={options.map(({ value: v, label }) => ({ value: v, label }))}
        value={options.find((o) => o.freq === value.freq)?.value ?? 'none'}
        onChange={(e) => {
          const freq = options.find((o) => o.value === e.currentTarget.value)?.freq ?? 'none';
          set({ freq, raw: freq === 'custom' ? value.raw : null });
        }}
        error={error}
      />
      {value.freq === 'custom' ? (
        <Text fz="sm" c="dimmed">
          {describeRepeat(value)} (made elsewhere; kept as it is unless you choose another option)
        </Text>
      ) : null}
      {repeating ? (
        <>
          <NumberInput
            label={`Every how many ${UNIT[value.freq]}`}
            min={1}
            max={1000}
            value={value.interval}
            onChange={(v) => set({ interval: typeof v === 'number' && v > 0 ? v : 1 })}
            w={200}
          />
          {value.freq === 'WEEKLY' ? (
            <Checkbox.Group label="On days" value={value.byDay} onChange={(days) => set({ byDay: days })}>
              <Group gap="sm" mt={4}>
                {WEEKDAYS.map((d) => (
                  <Checkbox key={d.code} value={d.code} label={d.short} aria-label={d.long} />
                ))}
              </Group>
            </Checkbox.Group>
          ) : null}
          <Radio.Group label="Ends" value={value.ends} onChange={(v) => set({ ends: v as RepeatState['ends'] })}>
            <Stack gap={6} mt={4}>
              <Radio value="never" label="Never" />
              <Group gap="sm" align="center">
                <Radio value="on" label="On date" />
                <TextInput
                  type="date"
                  aria-label="Last date"
                  size="xs"
                  value={value.until}
                  disabled={value.ends !== 'on'}
                  onChange={(e) => set({ until: e.currentTarget.value })}
                />
              </Group>
              <Group gap="sm" align="center">
                <Radio value="after" label="After" />
                <NumberInput
                  aria-label="Number of occurrences"
                  size="xs"
                  w={90}
                  min={1}
                  max={5000}
                  value={value.count}
                  disabled={value.ends !== 'after'}
                  onChange={(v) => set({ count: typeof v === 'number' && v > 0 ? v : 1 })}
                />
                <Text fz="sm">times</Text>
              </Group>
            </Stack>
          </Radio.Group>
          <Text fz="xs" c="dimmed">
            {describeRepeat(value)}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
