import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCompanyOptions } from './records-api';

/**
 * Picks a company by name (server-side search). `current` labels the selected company before the
 * options load; `exclude` leaves ids out (a company cannot be its own parent).
 */
export function CompanySelect({
  value,
  onChange,
  current,
  exclude = [],
  ...props
}: {
  value: string | null;
  onChange: (id: string | null, name: string | null) => void;
  current?: { id: string; name: string } | null;
  exclude?: string[];
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState(current ?? null);
  const options = useCompanyOptions(picked && q === picked.name ? '' : q);
  const data = (options.data ?? []).filter((c) => !exclude.includes(c.id)).map((c) => ({ value: c.id, label: c.name }));
  const selected = picked && picked.id === value ? picked : current && current.id === value ? current : null;
  if (selected && !data.some((d) => d.value === selected.id))
    data.unshift({ value: selected.id, label: selected.name });
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id, option) => {
        setPicked(id && option ? { id, name: option.label } : null);
        onChange(id, option?.label ?? null);
      }}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No companies match'}
      placeholder="Search companies"
      {...props}
    />
  );
}
