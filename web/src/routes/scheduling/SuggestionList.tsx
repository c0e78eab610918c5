import { Badge, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { formatDay, formatTime } from './format';
import type { Suggestion } from './types';

interface Props {
  suggestions: Suggestion[];
  /** Zone the times are shown in (the event's, or the browser's). */
  timeZone: string;
  onPick: (s: Suggestion) => void;
  pickLabel?: string;
}

/** Ranked meeting times, each with its score and the reasons for it in words. */
export function SuggestionList({ suggestions, timeZone, onPick, pickLabel = 'Use this time' }: Props) {
  return (
    <Stack gap="xs" role="list" aria-label="Suggested times">
      {suggestions.map((s, i) => (
        <Paper key={s.start} withBorder radius="sm" p="sm" role="listitem">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600} fz="sm">
                  {formatDay(s.start, timeZone)}, {formatTime(s.start, timeZone)}–{formatTime(s.end, timeZone)}
                </Text>
                <Badge size="sm" variant={i === 0 ? 'filled' : 'light'} aria-label={`Score ${s.score} of 100`}>
                  {Math.round(s.score)}
                </Badge>
              </Group>
              <List size="xs" c="dimmed" spacing={2}>
                {s.reasons.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
            </Stack>
            <Button
              size="xs"
              variant="light"
              onClick={() => onPick(s)}
              aria-label={`${pickLabel}: ${formatDay(s.start, timeZone)} ${formatTime(s.start, timeZone)}`}
            >
              {pickLabel}
            </Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
