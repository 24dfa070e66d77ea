import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useContactOptions } from '../../components/records/ContactSelect';

/** Picks several contacts (server-side search); `known` labels those already chosen. */
export function ContactsPicker({
  value,
  onChange,
  known = [],
  ...props
}: {
  value: string[];
  onChange: (ids: string[], labels: Map<string, string>) => void;
  known?: Array<{ id: string; name: string }>;
} & Omit<MultiSelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useContactOptions(q);
  const [labels, setLabels] = useState(() => new Map(known.map((c) => [c.id, c.name])));
  const merged = new Map(labels);
  for (const c of options.data ?? []) merged.set(c.id, c.name);
  const data = [...merged].map(([id, name]) => ({ value: id, label: name }));
  return (
    <MultiSelect
      searchable
      data={data}
      value={value}
      onChange={(ids) => {
        setLabels(merged);
        onChange(ids, merged);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No contacts match'}
      placeholder="Search contacts"
      {...props}
    />
  );
}
