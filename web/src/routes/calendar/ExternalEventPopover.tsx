import { Badge, CloseButton, ColorSwatch, Group, Popover, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Temporal } from 'temporal-polyfill';

export interface ExternalEventView {
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  color: string;
  /** False for events marked free in their calendar: shown, not counted as busy. */
  busy: boolean;
  source: string;
}

export interface ExternalEventTarget {
  event: ExternalEventView;
  /** Where the clicked event sits on screen; the popover points at it. */
  rect: { left: number; top: number; width: number; height: number };
}

function whenText(e: ExternalEventView, zone: string): string {
  if (e.allDay) {
    const first = Temporal.PlainDate.from(e.start.slice(0, 10));
    const last = Temporal.PlainDate.from(e.end.slice(0, 10)).subtract({ days: 1 });
    const fmt = (d: Temporal.PlainDate) => d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    return Temporal.PlainDate.compare(last, first) <= 0 ? `${fmt(first)}, all day` : `${fmt(first)} – ${fmt(last)}, all day`;
  }
  const start = Temporal.Instant.from(e.start).toZonedDateTimeISO(zone);
  const end = Temporal.Instant.from(e.end).toZonedDateTimeISO(zone);
  const day = start.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = (t: Temporal.ZonedDateTime) => t.toLocaleString(undefined, { hour: '2-digit', minute: '2-digit' });
  const sameDay = Temporal.PlainDate.compare(start.toPlainDate(), end.toPlainDate()) === 0;
  return sameDay
    ? `${day}, ${time(start)} – ${time(end)}`
    : `${day}, ${time(start)} – ${end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** Read-only details of an event from a connected calendar: it is changed where it lives, not here. */
export function ExternalEventPopover({ target, zone, onClose }: { target: ExternalEventTarget | null; zone: string; onClose: () => void }) {
  if (!target) return null;
  const { event, rect } = target;
  return (
    <Popover opened onChange={(opened) => !opened && onClose()} position="bottom" withArrow shadow="md" width={300} trapFocus returnFocus>
      <Popover.Target>
        <div style={{ position: 'fixed', left: rect.left, top: rect.top, width: rect.width, height: rect.height, pointerEvents: 'none' }} />
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-label={event.title}>
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group gap={6} wrap="nowrap">
              <ColorSwatch color={event.color} size={12} withShadow={false} aria-hidden />
              <Text fw={600} fz="sm">
                {event.title}
              </Text>
            </Group>
            <CloseButton size="sm" onClick={onClose} aria-label="Close" />
          </Group>
          <Text fz="sm">{whenText(event, zone)}</Text>
          <Group gap={6}>
            <Text fz="xs" c="dimmed">
              From {event.source}
            </Text>
            <Badge size="xs" variant="light" color="gray" leftSection={<IconLock size={10} />}>
              Read only
            </Badge>
            {event.busy ? null : (
              <Badge size="xs" variant="light" color="teal">
                Free
              </Badge>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
