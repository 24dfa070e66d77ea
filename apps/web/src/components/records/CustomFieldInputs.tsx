import {
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Textarea,
  TextInput,
  type InputWrapperProps,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import type { ReactNode } from 'react';
import type { CustomFormValue, CustomFormValues, MoneyFormValue } from './custom-values';
import type { CustomFieldWire } from './types';

/** One input for one custom field, chosen by its type. */
export function CustomFieldInput({
  def,
  value,
  error,
  onChange,
}: {
  def: CustomFieldWire;
  value: CustomFormValue | undefined;
  error?: ReactNode;
  onChange: (value: CustomFormValue) => void;
}) {
  const common: Pick<InputWrapperProps, 'label' | 'error' | 'required'> = {
    label: def.label,
    error,
    required: def.required,
  };
  switch (def.type) {
    case 'long_text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={(value as number | string) ?? ''}
          onChange={(v) => onChange(v)}
          thousandSeparator
        />
      );
    case 'money': {
      const m = (value as MoneyFormValue | null) ?? { amount: '', currency: 'EUR' };
      return (
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <NumberInput
            {...common}
            style={{ flex: 1 }}
            value={m.amount}
            decimalScale={3}
            min={0}
            thousandSeparator
            onChange={(v) => onChange({ ...m, amount: v })}
          />
          <TextInput
            label="Currency"
            aria-label={`${def.label} currency`}
            w={90}
            maxLength={3}
            value={m.currency}
            onChange={(e) => onChange({ ...m, currency: e.currentTarget.value.toUpperCase() })}
          />
        </Group>
      );
    }
    case 'date':
      return (
        <DatePickerInput
          {...common}
          clearable
          valueFormat="D MMM YYYY"
          placeholder="Pick a date"
          value={(value as string | null) ?? null}
          onChange={(v) => onChange(v)}
        />
      );
    case 'datetime':
      return (
        <DateTimePicker
          {...common}
          clearable
          valueFormat="D MMM YYYY HH:mm"
          placeholder="Pick a date and time"
          value={(value as string | null) ?? null}
          onChange={(v) => onChange(v)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          mt="lg"
          label={def.label}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={def.options}
          clearable
          searchable
          placeholder="Choose…"
          value={(value as string | null) ?? null}
          onChange={(v) => onChange(v)}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={def.options}
          clearable
          searchable
          placeholder={Array.isArray(value) && value.length ? undefined : 'Choose…'}
          value={(value as string[] | null) ?? []}
          onChange={(v) => onChange(v)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={def.type === 'email' ? 'email' : def.type === 'url' ? 'url' : def.type === 'phone' ? 'tel' : 'text'}
          placeholder={def.type === 'url' ? 'https://' : undefined}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

/** Inputs for every active custom field of a record form, two per row. */
export function CustomFieldInputs({
  defs,
  values,
  errors,
  onChange,
}: {
  defs: CustomFieldWire[];
  values: CustomFormValues;
  /** Form errors keyed `custom_fields.<key>`. */
  errors: Record<string, ReactNode>;
  onChange: (key: string, value: CustomFormValue) => void;
}) {
  const active = defs.filter((d) => !d.archived);
  if (active.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      {active.map((def) => (
        <div key={def.id} style={def.type === 'long_text' ? { gridColumn: '1 / -1' } : undefined}>
          <CustomFieldInput
            def={def}
            value={values[def.key]}
            error={errors[`custom_fields.${def.key}`]}
            onChange={(v) => onChange(def.key, v)}
          />
        </div>
      ))}
    </SimpleGrid>
  );
}
