import { Badge, Button, Drawer, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { CompanySelect } from './CompanySelect';
import { activeCount, type FilterDef, filterKeys } from './filters';
import { OwnerSelect } from './OwnerSelect';
import { TagSelect } from './TagPicker';
import type { FilterValues } from './types';

/** One filter's input, writing its query keys through `set`. */
export function FilterInput({
  def,
  values,
  set,
}: {
  def: FilterDef;
  values: FilterValues;
  set: (patch: Record<string, string | null>) => void;
}) {
  switch (def.kind) {
    case 'owner':
      return (
        <OwnerSelect
          label={def.label}
          placeholder="Anyone"
          withMe
          withNone
          clearable
          value={values[def.key] ?? null}
          onChange={(v) => set({ [def.key]: v })}
        />
      );
    case 'tag':
      return (
        <TagSelect
          label={def.label}
          placeholder="Any tag"
          value={values[def.key] ?? null}
          onChange={(v) => set({ [def.key]: v })}
        />
      );
    case 'company':
      return (
        <CompanySelect
          label={def.label}
          placeholder="Any company"
          value={values[def.key] ?? null}
          onChange={(v) => set({ [def.key]: v })}
        />
      );
    case 'select':
      return (
        <Select
          label={def.label}
          placeholder="Any"
          clearable
          searchable={def.options.length > 8}
          data={def.options}
          value={values[def.key] ?? null}
          onChange={(v) => set({ [def.key]: v })}
        />
      );
    case 'bool':
      return (
        <Select
          label={def.label}
          placeholder="Any"
          clearable
          data={[
            { value: 'true', label: def.yes ?? 'Yes' },
            { value: 'false', label: def.no ?? 'No' },
          ]}
          value={values[def.key] ?? null}
          onChange={(v) => set({ [def.key]: v })}
        />
      );
    case 'text':
      return (
        <TextInput
          label={def.label}
          placeholder={def.placeholder}
          value={values[def.key] ?? ''}
          onChange={(e) => set({ [def.key]: e.currentTarget.value || null })}
        />
      );
    case 'dateRange':
      return (
        <DatePickerInput
          type="range"
          label={def.label}
          placeholder="Any date"
          clearable
          allowSingleDateInRange
          valueFormat="D MMM YYYY"
          value={[values[def.from] ?? null, values[def.to] ?? null]}
          onChange={([from, to]) => set({ [def.from]: from, [def.to]: to })}
        />
      );
    case 'numberRange': {
      const scale = def.scale ?? 1;
      const read = (k: string) => (values[k] !== undefined ? Number(values[k]) / scale : '');
      const write = (k: string, v: number | string) =>
        set({ [k]: v === '' || v === null ? null : String(Math.round(Number(v) * scale)) });
      return (
        <Group grow gap="xs" align="flex-end">
          <NumberInput
            label={def.label}
            placeholder="Min"
            value={read(def.from)}
            onChange={(v) => write(def.from, v)}
          />
          <NumberInput
            aria-label={`${def.label} maximum`}
            placeholder="Max"
            value={read(def.to)}
            onChange={(v) => write(def.to, v)}
          />
        </Group>
      );
    }
  }
}

/**
 * The filter row of a record list: text search, the primary filters inline, "More filters" (a
 * drawer with the rest, custom fields included) and "Clear filters". Every change goes to
 * `onChange` as the new query-string values.
 */
export function FilterBar({
  defs,
  values,
  onChange,
  search,
  onSearchChange,
  searchLabel,
  searchPlaceholder,
  actions,
}: {
  defs: FilterDef[];
  values: FilterValues;
  onChange: (values: FilterValues) => void;
  /** The search box's text (the caller debounces it into `values.q`). */
  search: string;
  onSearchChange: (text: string) => void;
  searchLabel: string;
  searchPlaceholder: string;
  /** Extra controls at the end of the row (column chooser). */
  actions?: ReactNode;
}) {
  const [drawer, { open, close }] = useDisclosure(false);
  const set = (patch: Record<string, string | null>) => {
    const next = { ...values };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') delete next[k];
      else next[k] = v;
    }
    onChange(next);
  };
  const primary = defs.filter((d) => d.primary);
  const more = defs.filter((d) => !d.primary);
  const moreActive = activeCount(more, values);
  const anyActive = activeCount(defs, values) > 0 || Boolean(values.q) || search !== '';
  const clearAll = () => {
    onSearchChange('');
    const kept: FilterValues = {};
    const known = new Set(['q', ...defs.flatMap(filterKeys)]);
    for (const [k, v] of Object.entries(values)) if (!known.has(k) && !k.startsWith('cf.')) kept[k] = v;
    onChange(kept);
  };

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={searchLabel}
          placeholder={searchPlaceholder}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => onSearchChange(e.currentTarget.value)}
          style={{ flex: '1 1 220px', minWidth: 200 }}
        />
        {primary.map((def) => (
          <div key={filterKeys(def).join()} style={{ flex: '0 1 190px', minWidth: 160 }}>
            <FilterInput def={def} values={values} set={set} />
          </div>
        ))}
        {more.length > 0 && (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            rightSection={
              moreActive > 0 ? (
                <Badge size="sm" circle aria-label={`${moreActive} active`}>
                  {moreActive}
                </Badge>
              ) : undefined
            }
            onClick={open}
          >
            More filters
          </Button>
        )}
        {anyActive && (
          <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={clearAll}>
            Clear filters
          </Button>
        )}
        {actions && (
          <Group gap="sm" ml="auto">
            {actions}
          </Group>
        )}
      </Group>
      <Drawer opened={drawer} onClose={close} position="right" title="More filters" size="sm">
        <Stack gap="md">
          {more.map((def) => (
            <FilterInput key={filterKeys(def).join()} def={def} values={values} set={set} />
          ))}
          {more.length === 0 && (
            <Text size="sm" c="dimmed">
              No other filters.
            </Text>
          )}
          <Group justify="space-between" mt="sm">
            <Button variant="subtle" color="gray" onClick={clearAll} disabled={!anyActive}>
              Clear filters
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Drawer>
    </Stack>
  );
}
