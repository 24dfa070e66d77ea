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
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { DEAL_PRIORITIES, DEAL_TYPES } from '@relata/shared';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { CompanySelect } from '../../components/records/CompanySelect';
import { CustomFieldInputs } from '../../components/records/CustomFieldInputs';
import { OWNER_ME, OwnerSelect } from '../../components/records/OwnerSelect';
import { placeServerIssues, RecordFormError } from '../../components/records/record-form';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { TagPicker } from '../../components/records/TagPicker';
import type { CustomFieldWire } from '../../components/records/types';
import { ContactsPicker } from './ContactsPicker';
import { DEAL_ALIASES, DEAL_FIELDS, dealBody, type DealFormValues, dealFormValues, validateDeal } from './deal-form';
import { type DealWire, type PipelineWire, useCreateDeal, useUpdateDeal } from './deals-api';
import { DEAL_PRIORITY_LABELS, DEAL_TYPE_LABELS } from './labels';

const typeOptions = DEAL_TYPES.map((t) => ({ value: t, label: DEAL_TYPE_LABELS[t] }));
const priorityOptions = DEAL_PRIORITIES.map((p) => ({ value: p, label: DEAL_PRIORITY_LABELS[p] }));

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

function DealForm({
  deal,
  pipelines,
  startPipelineId,
  defs,
  onClose,
  onSaved,
  onReload,
}: {
  deal?: DealWire;
  pipelines: PipelineWire[];
  startPipelineId?: string | null;
  defs: CustomFieldWire[];
  onClose: () => void;
  onSaved: (deal: DealWire) => void;
  onReload: () => void;
}) {
  const create = useCreateDeal();
  const update = useUpdateDeal();
  const mutation = deal ? update : create;
  const startPipeline =
    pipelines.find((p) => p.id === startPipelineId) ?? pipelines.find((p) => p.is_default) ?? pipelines[0] ?? null;
  const form = useForm<DealFormValues>({
    mode: 'controlled',
    initialValues: dealFormValues(defs, deal, {
      pipelineId: startPipeline?.id ?? null,
      stageId: startPipeline?.stages.find((s) => s.kind === 'open')?.id ?? null,
    }),
    validate: (values) => validateDeal(values, defs),
  });
  const [contactNames, setContactNames] = useState(
    () => new Map((deal?.contacts ?? []).map((c) => [c.id, c.name] as const)),
  );
  const pipeline = pipelines.find((p) => p.id === form.values.pipeline_id);
  const submit = form.onSubmit((values) => {
    const body = dealBody(values, defs, deal?.custom_fields, Boolean(deal));
    const handlers = {
      onSuccess: (saved: DealWire) => {
        notifySuccess(deal ? `${saved.name} saved` : `${saved.name} created`);
        onSaved(saved);
      },
      onError: (err: unknown) => placeServerIssues(form, err, DEAL_FIELDS, DEAL_ALIASES),
    };
    if (deal) update.mutate({ id: deal.id, version: deal.version, body }, handlers);
    else create.mutate(body as Parameters<typeof create.mutate>[0], handlers);
  });
  const input = (path: keyof DealFormValues) => form.getInputProps(path);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="deal"
          fields={DEAL_FIELDS}
          aliases={DEAL_ALIASES}
          onReload={onReload}
          duplicate={(id) => ({ label: 'This value', href: `/deals/${id}`, name: 'another deal' })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="Name" required data-autofocus placeholder="Acme – 50 seats" {...input('name')} />
          <CompanySelect
            label="Company"
            current={deal?.company ?? null}
            value={form.values.company_id}
            error={form.errors.company_id}
            onChange={(id) => form.setFieldValue('company_id', id)}
          />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <NumberInput
              label="Amount"
              min={0}
              decimalScale={3}
              thousandSeparator
              style={{ flex: 1 }}
              {...input('amount')}
            />
            <TextInput
              label="Currency"
              w={90}
              maxLength={3}
              {...input('currency')}
              onChange={(e) => form.setFieldValue('currency', e.currentTarget.value.toUpperCase())}
            />
          </Group>
          <DatePickerInput
            label="Expected close date"
            clearable
            valueFormat="D MMM YYYY"
            placeholder="Pick a date"
            {...input('expected_close_date')}
          />
          {!deal && (
            <>
              <Select
                label="Pipeline"
                data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
                allowDeselect={false}
                {...input('pipeline_id')}
                onChange={(id) => {
                  form.setFieldValue('pipeline_id', id);
                  const p = pipelines.find((x) => x.id === id);
                  form.setFieldValue('stage_id', p?.stages.find((s) => s.kind === 'open')?.id ?? null);
                }}
              />
              <Select
                label="Stage"
                data={(pipeline?.stages ?? [])
                  .filter((s) => s.kind === 'open')
                  .map((s) => ({ value: s.id, label: s.name }))}
                allowDeselect={false}
                {...input('stage_id')}
              />
            </>
          )}
          <Select label="Type" placeholder="Choose…" clearable data={typeOptions} {...input('type')} />
          <Select label="Priority" placeholder="Choose…" clearable data={priorityOptions} {...input('priority')} />
        </SimpleGrid>

        <Section title="People" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <ContactsPicker
            label="Contacts"
            known={deal?.contacts ?? []}
            value={form.values.contact_ids}
            error={form.errors.contact_ids}
            onChange={(ids, labels) => {
              form.setFieldValue('contact_ids', ids);
              setContactNames(new Map(labels));
              if (form.values.primary_contact_id && !ids.includes(form.values.primary_contact_id))
                form.setFieldValue('primary_contact_id', null);
            }}
          />
          <Select
            label="Primary contact"
            placeholder={form.values.contact_ids.length ? 'Choose…' : 'Pick contacts first'}
            clearable
            disabled={form.values.contact_ids.length === 0}
            data={form.values.contact_ids.map((id) => ({ value: id, label: contactNames.get(id) ?? id }))}
            {...input('primary_contact_id')}
          />
          <OwnerSelect
            label="Owner"
            withMe={!deal}
            withNone
            current={deal?.owner ?? null}
            {...input('owner_id')}
            value={form.values.owner_id}
            onChange={(v) => form.setFieldValue('owner_id', v ?? OWNER_ME)}
          />
          <TagPicker
            label="Tags"
            placeholder="Search or create a tag"
            known={deal?.tags ?? []}
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
            {deal ? 'Save changes' : 'Create deal'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New deal" / "Edit deal": every field, custom fields included, validated with the contracts. */
export function DealFormModal({
  opened,
  onClose,
  deal,
  pipelines,
  pipelineId,
  onSaved,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  deal?: DealWire;
  /** The deal pipelines to choose from (new deals). */
  pipelines: PipelineWire[];
  /** New deal: the pipeline to start in (default: the default deal pipeline). */
  pipelineId?: string | null;
  onSaved: (deal: DealWire) => void;
  onReload?: () => void;
}) {
  const defs = useCustomFieldDefs('deal');
  return (
    <Modal opened={opened} onClose={onClose} title={deal ? `Edit ${deal.name}` : 'New deal'} size="xl">
      {defs.isPending ? (
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={56} />
        </Stack>
      ) : defs.error ? (
        <ErrorAlert error={defs.error} title="Could not load the custom fields" onRetry={() => defs.refetch()} />
      ) : (
        <DealForm
          key={deal ? `${deal.id}:${deal.version}` : 'new'}
          deal={deal}
          pipelines={pipelines}
          startPipelineId={pipelineId}
          defs={defs.data}
          onClose={onClose}
          onSaved={onSaved}
          onReload={onReload ?? onClose}
        />
      )}
    </Modal>
  );
}
