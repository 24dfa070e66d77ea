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
import { LEAD_PRIORITIES, RATINGS } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { CustomFieldInputs } from '../../components/records/CustomFieldInputs';
import { OWNER_ME, OwnerSelect } from '../../components/records/OwnerSelect';
import { placeServerIssues, RecordFormError } from '../../components/records/record-form';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { TagPicker } from '../../components/records/TagPicker';
import type { CustomFieldWire } from '../../components/records/types';
import { PRIORITY_LABELS, RATING_LABELS } from './labels';
import { LEAD_ALIASES, LEAD_FIELDS, leadBody, type LeadFormValues, leadFormValues, validateLead } from './lead-form';
import { type LeadWire, useCreateLead, useUpdateLead } from './leads-api';

const priorityOptions = LEAD_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));
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

function LeadForm({
  lead,
  pipelineId,
  defs,
  onClose,
  onSaved,
  onReload,
}: {
  lead?: LeadWire;
  pipelineId?: string | null;
  defs: CustomFieldWire[];
  onClose: () => void;
  onSaved: (lead: LeadWire) => void;
  onReload: () => void;
}) {
  const create = useCreateLead();
  const update = useUpdateLead();
  const mutation = lead ? update : create;
  const form = useForm<LeadFormValues>({
    mode: 'controlled',
    initialValues: leadFormValues(defs, lead),
    validate: (values) => validateLead(values, defs),
  });
  const submit = form.onSubmit((values) => {
    const body = leadBody(values, defs, lead?.custom_fields);
    const handlers = {
      onSuccess: (saved: LeadWire) => {
        notifySuccess(lead ? `${saved.title} saved` : `${saved.title} created`);
        onSaved(saved);
      },
      onError: (err: unknown) => placeServerIssues(form, err, LEAD_FIELDS, LEAD_ALIASES),
    };
    if (lead) update.mutate({ id: lead.id, version: lead.version, body }, handlers);
    else
      create.mutate(
        { ...(body as Parameters<typeof create.mutate>[0]), ...(pipelineId ? { pipeline_id: pipelineId } : {}) },
        handlers,
      );
  });
  const input = (path: keyof LeadFormValues) => form.getInputProps(path);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="lead"
          fields={LEAD_FIELDS}
          aliases={LEAD_ALIASES}
          onReload={onReload}
          duplicate={(id) => ({ label: 'This external id', href: `/leads/${id}`, name: 'another lead' })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="Title" required data-autofocus placeholder="Acme – 50 seats" {...input('title')} />
          <TextInput label="Company name" placeholder="Acme Inc." {...input('company_name')} />
          <TextInput label="Email" type="email" placeholder="buyer@acme.com" {...input('email')} />
          <TextInput
            label="Phones"
            type="tel"
            placeholder="+49 30 1234567, +1 415 555 2671"
            description="Separate several numbers with commas"
            {...input('phones')}
          />
          <TextInput label="Source" placeholder="Website, referral, fair…" {...input('source')} />
          <TextInput label="Segment" placeholder="SMB, Enterprise…" {...input('segment')} />
          <Select label="Priority" placeholder="Choose…" clearable data={priorityOptions} {...input('priority')} />
          <Select label="Rating" placeholder="Choose…" clearable data={ratingOptions} {...input('rating')} />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <NumberInput
              label="Expected revenue"
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
          <TextInput label="Location" placeholder="Berlin, DE" {...input('location')} />
        </SimpleGrid>

        <Section title="Ownership" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <OwnerSelect
            label="Owner"
            withMe={!lead}
            withNone
            current={lead?.owner ?? null}
            {...input('owner_id')}
            value={form.values.owner_id}
            onChange={(v) => form.setFieldValue('owner_id', v ?? OWNER_ME)}
          />
          <TagPicker
            label="Tags"
            placeholder="Search or create a tag"
            known={lead?.tags ?? []}
            value={form.values.tag_ids}
            error={form.errors.tag_ids}
            onChange={(ids) => form.setFieldValue('tag_ids', ids)}
          />
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
            {lead ? 'Save changes' : 'Create lead'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New lead" / "Edit lead": every field, custom fields included, validated with the contracts. */
export function LeadFormModal({
  opened,
  onClose,
  lead,
  pipelineId,
  onSaved,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  lead?: LeadWire;
  /** New lead: the pipeline to start in (default: the organisation's default lead pipeline). */
  pipelineId?: string | null;
  onSaved: (lead: LeadWire) => void;
  /** After a 412: load the latest version (the form then restarts from it). */
  onReload?: () => void;
}) {
  const defs = useCustomFieldDefs('lead');
  return (
    <Modal opened={opened} onClose={onClose} title={lead ? `Edit ${lead.title}` : 'New lead'} size="xl">
      {defs.isPending ? (
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={56} />
        </Stack>
      ) : defs.error ? (
        <ErrorAlert error={defs.error} title="Could not load the custom fields" onRetry={() => defs.refetch()} />
      ) : (
        <LeadForm
          key={lead ? `${lead.id}:${lead.version}` : 'new'}
          lead={lead}
          pipelineId={pipelineId}
          defs={defs.data}
          onClose={onClose}
          onSaved={onSaved}
          onReload={onReload ?? onClose}
        />
      )}
    </Modal>
  );
}
