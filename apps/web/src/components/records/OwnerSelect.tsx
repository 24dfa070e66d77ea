import { Select, type SelectProps } from '@mantine/core';
import { useOwnerOptions } from './records-api';

/** Value meaning "the signed-in member" (filters and new records). */
export const OWNER_ME = 'me';
/** Value meaning "nobody" (unassigned). */
export const OWNER_NONE = 'none';

/**
 * Picks an owner among the organisation's members. `value` is a membership id, `me`, `none` or null;
 * `withMe` / `withNone` add those choices. `current` labels a value that is not in the first page.
 * Inactive members (created by an import, not signed up yet) can own records and are marked so.
 */
export function OwnerSelect({
  value,
  onChange,
  withMe = false,
  withNone = false,
  current,
  ...props
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  withMe?: boolean;
  withNone?: boolean;
  current?: { id: string; name: string } | null;
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const members = useOwnerOptions();
  const data = [
    ...(withMe ? [{ value: OWNER_ME, label: 'Me' }] : []),
    ...(withNone ? [{ value: OWNER_NONE, label: 'Unassigned' }] : []),
    ...(members.data ?? []).map((m) => ({
      value: m.id,
      label: m.status === 'inactive' ? `${m.name} (inactive)` : m.name,
    })),
  ];
  if (current && !data.some((d) => d.value === current.id)) data.push({ value: current.id, label: current.name });
  return (
    <Select
      searchable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      nothingFoundMessage={members.isPending ? 'Loading…' : 'Nobody matches'}
      {...props}
    />
  );
}
