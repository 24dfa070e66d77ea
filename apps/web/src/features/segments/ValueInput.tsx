import { Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import {
  DAYS_OPERATORS,
  LIST_OPERATORS,
  NO_VALUE_OPERATORS,
  type SegmentField,
  type SegmentOperator,
} from '@relata/shared';
import { usePipelines } from '../../components/board/pipelines-query';
import { useCompanyOptions, useOwnerOptions, useTagOptions } from '../../components/records/records-api';

type Value = string | number | boolean | null | Array<string | number | boolean>;
type Option = { value: string; label: string };

/** Options of the id-valued fields (members, stages, pipelines, tags, companies). */
function useIdOptions(field: SegmentField): Option[] | null {
  const kind = field.pipeline_kind ?? 'deals';
  const members = useOwnerOptions(field.type === 'member');
  const tags = useTagOptions('');
  const pipelines = usePipelines(kind);
  const companies = useCompanyOptions('', field.type === 'company');
  switch (field.type) {
    case 'member':
      return [{ value: 'me', label: 'Me' }, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))];
    case 'tags':
      return (tags.data ?? []).map((t) => ({ value: t.id, label: t.name }));
    case 'stage':
      return (pipelines.data ?? []).flatMap((p) =>
        p.stages.map((s) => ({
          value: s.id,
          label: (pipelines.data ?? []).length > 1 ? `${p.name} · ${s.name}` : s.name,
        })),
      );
    case 'pipeline':
      return (pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }));
    case 'company':
      return (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));
    default:
      return field.options ? field.options.map((o) => ({ value: o, label: o })) : null;
  }
}

/** One scalar input of the field's type. Money is typed in major units and stored in minor units. */
function Scalar({
  field,
  value,
  onChange,
  label,
  options,
}: {
  field: SegmentField;
  value: Value;
  onChange: (v: Value) => void;
  label: string;
  options: Option[] | null;
}) {
  if (options) {
    return (
      <Select
        aria-label={label}
        searchable
        data={options}
        value={(value as string | null) ?? null}
        onChange={onChange}
        w={220}
      />
    );
  }
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          aria-label={label}
          value={(value as number | null) ?? ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
          w={160}
        />
      );
    case 'money':
      return (
        <NumberInput
          aria-label={label}
          decimalScale={2}
          value={typeof value === 'number' ? value / 100 : ''}
          onChange={(v) => onChange(typeof v === 'number' ? Math.round(v * 100) : null)}
          w={160}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <DatePickerInput
          aria-label={label}
          valueFormat="D MMM YYYY"
          placeholder="Pick a date"
          value={typeof value === 'string' ? value.slice(0, 10) : null}
          onChange={(v) => onChange(v)}
          w={170}
        />
      );
    case 'boolean':
      return (
        <Select
          aria-label={label}
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          value={value === null ? null : String(value)}
          onChange={(v) => onChange(v === 'true')}
          w={120}
        />
      );
    default:
      return (
        <TextInput
          aria-label={label}
          value={(value as string | null) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          w={220}
        />
      );
  }
}

/**
 * The value input of a condition, by field type and operator: none for is (not) empty, a number of
 * days, a list (in / not in), two bounds (between), or one value — text, number, money, date picker,
 * yes/no, or a picker of members, stages, pipelines, tags or companies.
 */
export function ValueInput({
  field,
  operator,
  value,
  onChange,
}: {
  field: SegmentField;
  operator: SegmentOperator;
  value: Value;
  onChange: (v: Value) => void;
}) {
  const options = useIdOptions(field);
  const label = `${field.label} value`;
  if (NO_VALUE_OPERATORS.includes(operator)) return null;
  if (DAYS_OPERATORS.includes(operator)) {
    return (
      <NumberInput
        aria-label={`${field.label} days`}
        min={1}
        max={36500}
        suffix=" days"
        value={(value as number) ?? 30}
        onChange={(v) => onChange(typeof v === 'number' ? v : 1)}
        w={130}
      />
    );
  }
  if (LIST_OPERATORS.includes(operator)) {
    const list = Array.isArray(value) ? value.map(String) : [];
    if (options)
      return <MultiSelect aria-label={label} searchable data={options} value={list} onChange={onChange} w={280} />;
    const numeric = field.type === 'number';
    return (
      <TagsInput
        aria-label={label}
        placeholder="Type and press Enter"
        value={list}
        onChange={(vs) => onChange(numeric ? vs.map(Number).filter((n) => !Number.isNaN(n)) : vs)}
        w={280}
      />
    );
  }
  if (operator === 'between') {
    const pair = Array.isArray(value) ? value : [];
    const set = (i: 0 | 1) => (v: Value) => {
      const next = [pair[0] ?? null, pair[1] ?? null];
      next[i] = v as never;
      onChange(next as never);
    };
    return (
      <Group gap={4}>
        <Scalar
          field={field}
          options={options}
          label={`${label} from`}
          value={(pair[0] as Value) ?? null}
          onChange={set(0)}
        />
        <Scalar
          field={field}
          options={options}
          label={`${label} to`}
          value={(pair[1] as Value) ?? null}
          onChange={set(1)}
        />
      </Group>
    );
  }
  return <Scalar field={field} options={options} label={label} value={value} onChange={onChange} />;
}
