import { Group, MultiSelect, Select, type MultiSelectProps, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { notifyError } from '../notify';
import { useCreateTag, useTagOptions } from './records-api';
import type { TagWire } from './types';

const CREATE = '$create:';
type TagRefLike = Pick<TagWire, 'id' | 'name' | 'color'>;

/** Colours given to tags created from a picker, in turn. */
const PALETTE = ['#228be6', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#fd7e14', '#e64980'];

function Swatch({ color }: { color: string }) {
  return <span aria-hidden style={{ width: 10, height: 10, borderRadius: 5, background: color, flex: 'none' }} />;
}

function useTagData(search: string, known: TagRefLike[]) {
  const [q] = useDebouncedValue(search, 200);
  const tags = useTagOptions(q);
  const byId = new Map<string, TagRefLike>();
  for (const t of known) byId.set(t.id, t);
  for (const t of tags.data ?? []) byId.set(t.id, t);
  return { tags, byId };
}

/**
 * Picks several tags by name; typing a new name offers "Create “name”", which creates the tag
 * (`POST /api/v1/tags`) and selects it. `known` labels selected tags that are not among the options.
 */
export function TagPicker({
  value,
  onChange,
  known = [],
  exclude = [],
  canCreate = true,
  placeholder,
  ...props
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  known?: TagRefLike[];
  /** Tags not to offer (already on the record). */
  exclude?: string[];
  canCreate?: boolean;
} & Omit<MultiSelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const { tags, byId } = useTagData(search, known);
  const create = useCreateTag();
  const name = search.trim();
  const exists = [...byId.values()].some((t) => t.name.toLowerCase() === name.toLowerCase());
  const data = [...byId.values()].filter((t) => !exclude.includes(t.id)).map((t) => ({ value: t.id, label: t.name }));
  if (canCreate && name && !exists) data.push({ value: `${CREATE}${name}`, label: `Create “${name}”` });

  const change = (ids: string[]) => {
    const made = ids.find((id) => id.startsWith(CREATE));
    if (!made) return onChange(ids);
    const rest = ids.filter((id) => id !== made);
    create.mutate(
      { name: made.slice(CREATE.length), color: PALETTE[byId.size % PALETTE.length] },
      {
        onSuccess: (tag) => {
          setSearch('');
          onChange([...rest, tag.id]);
        },
        onError: (err) => notifyError(err, 'Could not create the tag'),
      },
    );
  };

  return (
    <MultiSelect
      searchable
      data={data}
      value={value}
      onChange={change}
      searchValue={search}
      onSearchChange={setSearch}
      hidePickedOptions
      placeholder={value.length === 0 ? placeholder : undefined}
      disabled={create.isPending || props.disabled}
      nothingFoundMessage={tags.isFetching ? 'Searching…' : 'No tags match'}
      filter={({ options, search: s }) =>
        options.filter((o) => 'label' in o && o.label.toLowerCase().includes(s.trim().toLowerCase()))
      }
      renderOption={({ option }) => {
        const tag = byId.get(option.value);
        return (
          <Group gap={8} wrap="nowrap">
            {tag ? <Swatch color={tag.color} /> : null}
            <Text size="sm" fw={tag ? undefined : 600}>
              {option.label}
            </Text>
          </Group>
        );
      }}
      {...props}
    />
  );
}

/** Picks one tag (filters): searchable by name. */
export function TagSelect({
  value,
  onChange,
  ...props
}: { value: string | null; onChange: (id: string | null) => void } & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const { tags, byId } = useTagData(search, []);
  return (
    <Select
      searchable
      clearable
      data={[...byId.values()].map((t) => ({ value: t.id, label: t.name }))}
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      nothingFoundMessage={tags.isFetching ? 'Searching…' : 'No tags match'}
      renderOption={({ option }) => (
        <Group gap={8} wrap="nowrap">
          <Swatch color={byId.get(option.value)?.color ?? '#868e96'} />
          <Text size="sm">{option.label}</Text>
        </Group>
      )}
      {...props}
    />
  );
}
