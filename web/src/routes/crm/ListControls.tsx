import { Center, Group, Table, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSearch, IconSelector } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { usePagedQuery } from '../../lib/usePagedQuery';

/**
 * A CRM list whose search, sort and filters live in the URL (shareable, back-button safe):
 * `?q=&sort=&<filter>=`. Returns the paged query and setters.
 */
export function useCrmList<T>(resource: string, defaultSort: string, filterNames: string[] = []) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? defaultSort;
  const query = new URLSearchParams();
  if (q) query.set('q', q);
  query.set('sort', sort);
  for (const f of filterNames) {
    const v = params.get(f);
    if (v) query.set(f, v);
  }
  const list = usePagedQuery<T>(`/api/crm/${resource}?${query.toString()}`, 50);
  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return { list, q, sort, filter: (name: string) => params.get(name), set };
}

/** A search box that waits for a pause in typing before it searches. */
export function SearchBox({ value, onChange, label }: { value: string; onChange: (q: string) => void; label: string }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);
  useEffect(() => {
    if (debounced.trim() !== value) onChange(debounced.trim());
    // Only a pause in typing searches; `value` changing from outside resets the box (below).
  }, [debounced]);
  useEffect(() => {
    if (value !== text.trim()) setText(value);
  }, [value]);
  return (
    <TextInput
      aria-label={label}
      placeholder={label}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
    />
  );
}

/** A column header that sorts by `field` (click again for descending). */
export function SortableTh({ field, sort, onSort, children }: { field: string; sort: string; onSort: (s: string) => void; children: ReactNode }) {
  const active = sort === field || sort === `-${field}`;
  const desc = sort === `-${field}`;
  const Icon = !active ? IconSelector : desc ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${field}` : field)} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap">
          {children}
          <Center>
            <Icon size={14} stroke={1.6} aria-hidden />
          </Center>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
