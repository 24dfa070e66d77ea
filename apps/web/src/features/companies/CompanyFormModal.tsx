import {
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { COMPANY_TYPES, RATINGS, SIZE_BANDS } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { CompanySelect } from '../../components/records/CompanySelect';
import { countryOptions } from '../../components/records/countries';
import { CustomFieldInputs } from '../../components/records/CustomFieldInputs';
import { OWNER_ME, OwnerSelect } from '../../components/records/OwnerSelect';
import { placeServerIssues, RecordFormError } from '../../components/records/record-form';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { TagPicker } from '../../components/records/TagPicker';
import type { CompanyDetailWire, CustomFieldWire } from '../../components/records/types';
import { useCreateCompany, useUpdateCompany } from './companies-api';
import {
  COMPANY_ALIASES,
  COMPANY_FIELDS,
  companyBody,
  type CompanyFormValues,
  companyFormValues,
  validateCompany,
} from './company-form';
import { COMPANY_TYPE_LABELS, RATING_LABELS } from './labels';

const typeOptions = COMPANY_TYPES.map((t) => ({ value: t, label: COMPANY_TYPE_LABELS[t] }));
const ratingOptions = RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] }));

function Section({ title }: { title: string }) {
  return (
    <Divider
      label={
        <Title order={3} size="h6" c="dimmed" tt="uppercase">
          {title}
        </Title>
      }
      labelPosition="left"
    />
  );
}

function CompanyForm({
  company,
  defs,
  onClose,
  onSaved,
  onReload,
}: {
  company?: CompanyDetailWire;
  defs: CustomFieldWire[];
  onClose: () => void;
  onSaved: (company: CompanyDetailWire) => void;
  onReload: () => void;
}) {
  const create = useCreateCompany();
  const update = useUpdateCompany();
  const mutation = company ? update : create;
  const form = useForm<CompanyFormValues>({
    mode: 'controlled',
    initialValues: companyFormValues(defs, company),
    validate: (values) => validateCompany(values, defs),
  });
  const submit = form.onSubmit((values) => {
    const body = companyBody(values, defs, company?.custom_fields);
    const handlers = {
      onSuccess: (saved: CompanyDetailWire) => {
        notifySuccess(company ? `${saved.name} saved` : `${saved.name} created`);
        onSaved(saved);
      },
      onError: (err: unknown) => placeServerIssues(form, err, COMPANY_FIELDS, COMPANY_ALIASES),
    };
    if (company) update.mutate({ id: company.id, version: company.version, body }, handlers);
    else create.mutate(body as Parameters<typeof create.mutate>[0], handlers);
  });
  const input = (path: keyof CompanyFormValues | `billing_address.${string}`) => form.getInputProps(path);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="company"
          fields={COMPANY_FIELDS}
          aliases={COMPANY_ALIASES}
          onReload={onReload}
          duplicate={(id) => ({ label: 'This domain', href: `/companies/${id}`, name: 'another company' })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="Name" required data-autofocus placeholder="Acme Inc." {...input('name')} />
          <TextInput label="Domain" placeholder="acme.com" {...input('domain')} />
          <TextInput label="Website" placeholder="https://acme.com" type="url" {...input('website')} />
          <TextInput label="Phone" placeholder="+49 30 1234567" type="tel" {...input('phone')} />
          <TextInput label="Industry" placeholder="Software" {...input('industry')} />
          <Select label="Type" placeholder="Choose…" clearable data={typeOptions} {...input('type')} />
          <Select label="Rating" placeholder="Choose…" clearable data={ratingOptions} {...input('rating')} />
          <Select label="Size" placeholder="Employees band" clearable data={[...SIZE_BANDS]} {...input('size_band')} />
          <NumberInput label="Employees" min={0} allowDecimal={false} thousandSeparator {...input('employees')} />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <NumberInput
              label="Annual revenue"
              min={0}
              decimalScale={3}
              thousandSeparator
              style={{ flex: 1 }}
              {...input('revenue_amount')}
            />
            <TextInput
              label="Currency"
              w={90}
              maxLength={3}
              {...input('revenue_currency')}
              onChange={(e) => form.setFieldValue('revenue_currency', e.currentTarget.value.toUpperCase())}
            />
          </Group>
          <TextInput label="Tax id" {...input('tax_id')} />
        </SimpleGrid>

        <Section title="Ownership and hierarchy" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <OwnerSelect
            label="Owner"
            withMe={!company}
            withNone
            current={company?.owner ?? null}
            {...input('owner_id')}
            value={form.values.owner_id}
            onChange={(v) => form.setFieldValue('owner_id', v ?? OWNER_ME)}
          />
          <CompanySelect
            label="Parent company"
            current={company?.parent ?? null}
            exclude={company ? [company.id] : []}
            value={form.values.parent_id}
            error={form.errors.parent_id}
            onChange={(id) => form.setFieldValue('parent_id', id)}
          />
        </SimpleGrid>
        <TagPicker
          label="Tags"
          placeholder="Search or create a tag"
          known={company?.tags ?? []}
          value={form.values.tag_ids}
          error={form.errors.tag_ids}
          onChange={(ids) => form.setFieldValue('tag_ids', ids)}
        />

        <Section title="Billing address" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="Street" {...input('billing_address.street')} />
          <TextInput label="City" {...input('billing_address.city')} />
          <TextInput label="State or region" {...input('billing_address.state')} />
          <TextInput label="Postal code" {...input('billing_address.postal_code')} />
          <Select label="Country" searchable clearable data={countryOptions()} {...input('billing_address.country')} />
        </SimpleGrid>

        {defs.some((d) => !d.archived) && (
          <>
            <Section title="Custom fields" />
            <CustomFieldInputs
              defs={defs}
              values={form.values.custom_fields}
              errors={form.errors}
              onChange={(key, v) => form.setFieldValue(`custom_fields.${key}`, v)}
            />
          </>
        )}

        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {company ? 'Save changes' : 'Create company'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New company" / "Edit company": every field, custom fields included, validated with the contracts. */
export function CompanyFormModal({
  opened,
  onClose,
  company,
  onSaved,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  company?: CompanyDetailWire;
  onSaved: (company: CompanyDetailWire) => void;
  /** After a 412: load the latest version (the form then restarts from it). */
  onReload?: () => void;
}) {
  const defs = useCustomFieldDefs('company');
  return (
    <Modal opened={opened} onClose={onClose} title={company ? `Edit ${company.name}` : 'New company'} size="xl">
      {defs.isPending ? (
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={56} />
        </Stack>
      ) : defs.error ? (
        <ErrorAlert error={defs.error} title="Could not load the custom fields" onRetry={() => defs.refetch()} />
      ) : (
        <CompanyForm
          key={company ? `${company.id}:${company.version}` : 'new'}
          company={company}
          defs={defs.data}
          onClose={onClose}
          onSaved={onSaved}
          onReload={onReload ?? onClose}
        />
      )}
    </Modal>
  );
}
