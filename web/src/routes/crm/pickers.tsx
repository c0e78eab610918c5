import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getPath } from '../../api/client';
import type { CursorPage } from '../../api/types';
import { useUsers } from './crmQueries';
import { COMMON_CURRENCIES } from './money';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value?: string | null; onChange?: (id: string | null) => void };

/** Any active user of the portal, or nobody. */
export function OwnerSelect({ value, onChange, ...rest }: PickerProps) {
  const { users } = useUsers();
  const data = users.filter((u) => u.status === 'active' || u.id === value).map((u) => ({ value: u.id, label: u.name }));
  return (
    <Select
      label="Owner"
      placeholder="Nobody"
      clearable
      searchable
      data={data}
      value={value ?? null}
      onChange={(id) => onChange?.(id)}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}

/**
 * A record picked by searching the server (the portal may have a million of them):
 * `resource` is searched with `q`, `toLabel` names a result, `currentLabel` names the current value.
 */
function RemoteSelect<T extends { id: string }>({
  resource,
  toLabel,
  currentLabel,
  value,
  onChange,
  ...rest
}: PickerProps & { resource: string; toLabel: (item: T) => string; currentLabel: string | null }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const results = useQuery({
    queryKey: [`/api/crm/${resource}?q=${encodeURIComponent(q)}&limit=20`],
    queryFn: ({ signal }) => getPath(`/api/crm/${resource}`, { signal, query: { q, limit: 20 } }) as Promise<CursorPage<T>>,
  });
  const data = (results.data?.items ?? []).map((item) => ({ value: item.id, label: toLabel(item) }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: currentLabel ?? 'Current' });
  const change = (id: string | null) => onChange?.(id);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value ?? null}
      onChange={change}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}

export function CompanySelect(props: PickerProps & { currentLabel: string | null }) {
  return <RemoteSelect<{ id: string; name: string }> label="Company" placeholder="Search companies" resource="companies" toLabel={(c) => c.name} {...props} />;
}

export function ContactSelect(props: PickerProps & { currentLabel: string | null }) {
  return <RemoteSelect<{ id: string; name: string }> label="Contact" placeholder="Search contacts" resource="contacts" toLabel={(c) => c.name} {...props} />;
}

export function CurrencySelect({
  value = 'EUR',
  onChange,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value?: string; onChange?: (c: string) => void }) {
  const data = COMMON_CURRENCIES.includes(value) ? COMMON_CURRENCIES : [value, ...COMMON_CURRENCIES];
  return (
    <Select
      label="Currency"
      data={data}
      value={value}
      onChange={(c) => onChange?.(c ?? value)}
      allowDeselect={false}
      searchable
      w={120}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
