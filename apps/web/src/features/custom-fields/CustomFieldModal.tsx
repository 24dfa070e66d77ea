import { Button, Checkbox, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  CreateCustomFieldBody,
  CUSTOM_FIELD_TYPE_LABELS,
  CUSTOM_FIELD_TYPES,
  customFieldKeyOf,
  type CustomFieldEntity,
  type CustomFieldType,
  UpdateCustomFieldBody,
} from '@relata/shared';
import { contractResolver, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { RecordFormError } from '../../components/records/record-form';
import type { CustomFieldWire } from '../../components/records/types';
import { useCreateCustomField, useUpdateCustomField } from './custom-fields-api';

const FIELDS = ['label', 'key', 'type', 'options', 'required'] as const;
const TYPE_OPTIONS = CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: CUSTOM_FIELD_TYPE_LABELS[t] }));
const hasOptions = (t: CustomFieldType) => t === 'select' || t === 'multi_select';

/** A field key from its label ("Renewal date" → "renewal_date"; none while the label is empty). */
export const keyFromLabel = (label: string) => (label.trim() ? customFieldKeyOf(label) : '');

interface Values {
  label: string;
  key: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

function FieldForm({
  entity,
  field,
  onDone,
}: {
  entity: CustomFieldEntity;
  field?: CustomFieldWire;
  onDone: () => void;
}) {
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const mutation = field ? update : create;
  const check = contractResolver<Record<string, unknown>>(field ? UpdateCustomFieldBody : CreateCustomFieldBody);
  const form = useForm<Values & { keyTouched: boolean }>({
    mode: 'controlled',
    initialValues: {
      label: field?.label ?? '',
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      options: field?.options ?? [],
      required: field?.required ?? false,
      keyTouched: Boolean(field),
    },
    validate: (v) => {
      const body = field
        ? { label: v.label, type: v.type, options: hasOptions(v.type) ? v.options : undefined, required: v.required }
        : {
            entity,
            label: v.label,
            key: v.key,
            type: v.type,
            options: hasOptions(v.type) ? v.options : [],
            required: v.required,
          };
      const errors = check(body);
      if (hasOptions(v.type) && v.options.length === 0) errors.options = 'Add at least one option';
      return errors;
    },
  });
  const v = form.values;
  const submit = form.onSubmit((values) => {
    const handlers = {
      onSuccess: (saved: CustomFieldWire) => {
        notifySuccess(field ? `${saved.label} saved` : `${saved.label} added`);
        onDone();
      },
      onError: (err: unknown) => setServerFieldErrors(form, err, FIELDS),
    };
    if (field) {
      update.mutate(
        {
          id: field.id,
          version: field.version,
          label: values.label,
          required: values.required,
          ...(values.type !== field.type ? { type: values.type } : {}),
          ...(hasOptions(values.type) ? { options: values.options } : {}),
        },
        handlers,
      );
    } else {
      create.mutate(
        {
          entity,
          label: values.label,
          key: values.key,
          type: values.type,
          options: hasOptions(values.type) ? values.options : [],
          required: values.required,
        },
        handlers,
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="field"
          fields={FIELDS}
          onReload={onDone}
          duplicate={() => ({ label: 'This key', href: '/settings/custom-fields', name: 'another field' })}
        />
        <TextInput
          label="Label"
          required
          data-autofocus
          placeholder="Renewal date"
          {...form.getInputProps('label')}
          onChange={(e) => {
            const label = e.currentTarget.value;
            form.setFieldValue('label', label);
            if (!v.keyTouched) form.setFieldValue('key', keyFromLabel(label));
          }}
        />
        <TextInput
          label="Key"
          description={
            field
              ? 'How the API and filters address this field; it cannot change.'
              : 'How the API and filters address this field (a–z, 0–9 and _). It cannot change later.'
          }
          required
          disabled={Boolean(field)}
          ff="monospace"
          {...form.getInputProps('key')}
          onChange={(e) => {
            form.setFieldValue('key', e.currentTarget.value);
            form.setFieldValue('keyTouched', true);
          }}
        />
        <Select
          label="Type"
          required
          allowDeselect={false}
          description={
            field
              ? 'Changing the type converts the values records hold; it is refused when some do not convert.'
              : undefined
          }
          data={TYPE_OPTIONS}
          {...form.getInputProps('type')}
        />
        {hasOptions(v.type) && (
          <TagsInput
            label="Options"
            description="Type an option and press Enter. Records can hold only these values."
            placeholder={v.options.length ? undefined : 'e.g. Gold'}
            required
            clearable
            splitChars={[',']}
            {...form.getInputProps('options')}
          />
        )}
        <Checkbox
          label="Required"
          description="Every new or edited record must have a value"
          {...form.getInputProps('required', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {field ? 'Save' : 'Add field'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New field" / "Edit field": label, key (from the label), type, options for (multi-)selects, required. */
export function CustomFieldModal({
  opened,
  entity,
  field,
  onClose,
}: {
  opened: boolean;
  entity: CustomFieldEntity;
  field?: CustomFieldWire;
  onClose: () => void;
}) {
  const noun = entity === 'company' ? 'company' : 'contact';
  return (
    <Modal opened={opened} onClose={onClose} title={field ? `Edit ${field.label}` : `New ${noun} field`}>
      <FieldForm key={field?.id ?? `new:${entity}`} entity={entity} field={field} onDone={onClose} />
    </Modal>
  );
}
