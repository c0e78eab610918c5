import { ActionIcon, Anchor, Box, Button, Checkbox, ColorSwatch, Group, Menu, Stack, Text } from '@mantine/core';
import { IconDots, IconLink, IconPlus, IconSettings, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { CalendarInfo } from './calendarTypes';

/** A connected external calendar as the sidebar lists it. */
export interface ConnectionEntry {
  id: string;
  name: string;
  color: string;
}

interface CalendarSidebarProps {
  calendars: CalendarInfo[];
  /** Connected calendars (Settings → Calendars); their events are read-only. Hidden as `connection:<id>`. */
  connections: ConnectionEntry[];
  hidden: Set<string>;
  onToggle: (id: string, visible: boolean) => void;
  onNew: () => void;
  onFeed: (c: CalendarInfo) => void;
  onSettings: (c: CalendarInfo) => void;
  onDelete: (c: CalendarInfo) => void;
}

function CalendarGroup({
  title,
  items,
  ...props
}: Omit<CalendarSidebarProps, 'calendars' | 'connections' | 'onNew'> & { title: string; items: CalendarInfo[] }) {
  if (items.length === 0) return null;
  return (
    <Stack gap={6}>
      <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {items.map((c) => (
        <Group key={c.id} gap={6} wrap="nowrap" justify="space-between">
          <Checkbox
            checked={!props.hidden.has(c.id)}
            onChange={(e) => props.onToggle(c.id, e.currentTarget.checked)}
            color={c.color}
            label={
              <Group gap={6} wrap="nowrap">
                <ColorSwatch color={c.color} size={10} withShadow={false} aria-hidden />
                <Text fz="sm" lineClamp={1}>
                  {c.name}
                </Text>
              </Group>
            }
            aria-label={`Show ${c.name}`}
          />
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Options for ${c.name}`}>
                <IconDots size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconLink size={14} />} onClick={() => props.onFeed(c)}>
                Subscribe (feed URL)
              </Menu.Item>
              {c.canManage ? (
                <Menu.Item leftSection={<IconSettings size={14} />} onClick={() => props.onSettings(c)}>
                  Rename or recolour
                </Menu.Item>
              ) : null}
              {c.canManage && !c.isDefault ? (
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => props.onDelete(c)}>
                  Delete calendar
                </Menu.Item>
              ) : null}
            </Menu.Dropdown>
          </Menu>
        </Group>
      ))}
    </Stack>
  );
}

/** Your calendars and the shared ones, each with its colour and a show/hide box. */
function ConnectionGroup({ connections, hidden, onToggle }: Pick<CalendarSidebarProps, 'connections' | 'hidden' | 'onToggle'>) {
  return (
    <Stack gap={6}>
      <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
        Connected calendars
      </Text>
      {connections.map((c) => (
        <Checkbox
          key={c.id}
          checked={!hidden.has(`connection:${c.id}`)}
          onChange={(e) => onToggle(`connection:${c.id}`, e.currentTarget.checked)}
          color={c.color}
          label={
            <Group gap={6} wrap="nowrap">
              <ColorSwatch color={c.color} size={10} withShadow={false} aria-hidden />
              <Text fz="sm" lineClamp={1}>
                {c.name}
              </Text>
            </Group>
          }
          aria-label={`Show ${c.name}`}
        />
      ))}
      <Anchor component={Link} to="/app/settings/calendars" fz="xs">
        {connections.length ? 'Manage connected calendars' : 'Connect Google, Outlook, Nextcloud…'}
      </Anchor>
    </Stack>
  );
}

export function CalendarSidebar({ calendars, connections, onNew, ...props }: CalendarSidebarProps) {
  return (
    <Box component="nav" aria-label="Calendars" w={{ base: '100%', md: 230 }}>
      <Stack gap="lg">
        <CalendarGroup title="My calendars" items={calendars.filter((c) => c.kind === 'personal')} {...props} />
        <CalendarGroup title="Shared calendars" items={calendars.filter((c) => c.kind === 'shared')} {...props} />
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={onNew} justify="flex-start">
          New calendar
        </Button>
        <ConnectionGroup connections={connections} hidden={props.hidden} onToggle={props.onToggle} />
      </Stack>
    </Box>
  );
}
