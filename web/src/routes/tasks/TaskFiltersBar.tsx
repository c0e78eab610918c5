import '@mantine/dates/styles.css';
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { TaskFilters } from './filters';
import { statusLabels } from './labels';
import { useAllProjects, useUsers } from './tasksApi';
import { TASK_STATUSES } from './types';

interface Props {
  filters: TaskFilters;
  setFilters: (patch: Partial<TaskFilters>) => void;
  active: boolean;
  clear: () => void;
  /** The board has a column per status: no status filter there. */
  withStatus?: boolean;
}

export function TaskFiltersBar({ filters, setFilters, active, clear, withStatus = true }: Props) {
  const { users } = useUsers();
  const { projects } = useAllProjects();
  const [q, setQ] = useState(filters.q);
  // A range is applied once both ends are picked (or it is cleared).
  const [range, setRange] = useState<[string | null, string | null]>([filters.dueFrom || null, filters.dueTo || null]);
  const pushQ = useDebouncedCallback((value: string) => setFilters({ q: value }), 300);

  const assigneeOptions = [
    { value: 'me', label: 'Me' },
    { value: 'none', label: 'Unassigned' },
    ...users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name })),
  ];
  const projectOptions = [
    { value: 'none', label: 'No project' },
    ...projects.map((p) => ({ value: p.id, label: p.status === 'archived' ? `${p.name} (archived)` : p.name })),
  ];

  return (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Task title"
        leftSection={<IconSearch size={16} />}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          pushQ(e.currentTarget.value);
        }}
        w={220}
      />
      <Select
        label="Project"
        placeholder="Any project"
        data={projectOptions}
        value={filters.projectId || null}
        onChange={(v) => setFilters({ projectId: v ?? '' })}
        clearable
        searchable
        w={200}
      />
      <Select
        label="Assignee"
        placeholder="Anyone"
        data={assigneeOptions}
        value={filters.assigneeId || null}
        onChange={(v) => setFilters({ assigneeId: v ?? '' })}
        clearable
        searchable
        w={180}
      />
      {withStatus ? (
        <MultiSelect
          label="Status"
          placeholder={filters.status ? undefined : 'Any status'}
          data={TASK_STATUSES.map((s) => ({ value: s, label: statusLabels[s] }))}
          value={filters.status ? filters.status.split(',') : []}
          onChange={(v) => setFilters({ status: v.join(',') })}
          clearable
          w={240}
        />
      ) : null}
      <DatePickerInput
        type="range"
        label="Due between"
        placeholder="Any date"
        value={range}
        onChange={([from, to]) => {
          setRange([from, to]);
          if ((from && to) || (!from && !to)) setFilters({ dueFrom: from ?? '', dueTo: to ?? '' });
        }}
        allowSingleDateInRange
        clearable
        w={230}
      />
      {active ? (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() => {
            setQ('');
            setRange([null, null]);
            clear();
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}
