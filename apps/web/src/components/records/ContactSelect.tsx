import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../api';
import type { PageOf } from '../pagination';
import type { ContactWire } from './types';

/** Contacts whose name, email or phone matches `q` (the first 20 by name), to pick one from. */
export function useContactOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['contacts', 'options', q.trim()],
    queryFn: ({ signal }) =>
      api<PageOf<ContactWire>>(`/api/v1/contacts${query({ q: q.trim() || undefined, sort: 'name', limit: 20 })}`, {
        signal,
      }),
    select: (r) => r.data,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * Picks one contact by name, email or phone (server-side search); `exclude` leaves ids out (the
 * contacts already linked). The option label carries the email so namesakes can be told apart.
 */
export function ContactSelect({
  value,
  onChange,
  exclude = [],
  ...props
}: {
  value: string | null;
  onChange: (contact: { id: string; name: string } | null) => void;
  exclude?: string[];
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useContactOptions(q);
  const data = (options.data ?? [])
    .filter((c) => !exclude.includes(c.id))
    .map((c) => ({ value: c.id, label: c.email ? `${c.name} (${c.email})` : c.name, name: c.name }));
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id) => {
        const hit = data.find((d) => d.value === id);
        onChange(hit ? { id: hit.value, name: hit.name } : null);
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
