import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type LinkOption, useLinkOptions } from './activities-api';
import { LINK_TYPE_LABELS } from './labels';

const GROUPS: Record<LinkOption['type'], string> = {
  deal: 'Deals',
  lead: 'Leads',
  contact: 'Contacts',
  company: 'Companies',
};

const ORDER = ['deal', 'lead', 'contact', 'company'] as const;

const keyOf = (o: { type: string; id: string }) => `${o.type}:${o.id}`;

/**
 * Picks the leads, deals, contacts and companies an activity is linked to: type to search all four
 * lists (their `q`), results grouped by type; chosen records show as "Deal: Acme renewal" pills.
 */
export function LinkedRecordsPicker({
  value,
  onChange,
  ...props
}: {
  value: LinkOption[];
  onChange: (links: LinkOption[]) => void;
} & Omit<MultiSelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useLinkOptions(q);
  const known = new Map<string, LinkOption>(value.map((o) => [keyOf(o), o]));
  for (const o of options.data ?? []) if (!known.has(keyOf(o))) known.set(keyOf(o), o);
  const data = ORDER.map((type) => ({
    group: GROUPS[type],
    items: [...known.values()]
      .filter((o) => o.type === type)
      .map((o) => ({ value: keyOf(o), label: `${LINK_TYPE_LABELS[o.type]}: ${o.name}` })),
  })).filter((g) => g.items.length > 0);
  return (
    <MultiSelect
      searchable
      data={data}
      value={value.map(keyOf)}
      onChange={(keys) => onChange(keys.map((k) => known.get(k)).filter((o): o is LinkOption => Boolean(o)))}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={
        !q.trim()
          ? 'Type to search leads, deals, contacts and companies'
          : options.isFetching
            ? 'Searching…'
            : 'Nothing matches'
      }
      placeholder={value.length ? undefined : 'Search leads, deals, contacts, companies'}
      hidePickedOptions
      {...props}
    />
  );
}
