import { Button, Checkbox, Divider, Group, Modal, SimpleGrid, Skeleton, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { CompanySelect } from '../../components/records/CompanySelect';
import { CustomFieldInputs } from '../../components/records/CustomFieldInputs';
import { OWNER_ME, OwnerSelect } from '../../components/records/OwnerSelect';
import { placeServerIssues, RecordFormError } from '../../components/records/record-form';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { TagPicker } from '../../components/records/TagPicker';
import type { ContactWire, CustomFieldWire } from '../../components/records/types';
import {
  contactBody,
  CONTACT_FIELDS,
  type ContactFormValues,
  contactFormValues,
  validateContact,
} from './contact-form';
import { useCreateContact, useUpdateContact } from './contacts-api';

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

function ContactForm({
  contact,
  company,
  defs,
  onClose,
  onSaved,
  onReload,
}: {
  contact?: ContactWire;
  company?: { id: string; name: string } | null;
  defs: CustomFieldWire[];
  onClose: () => void;
  onSaved: (contact: ContactWire) => void;
  onReload: () => void;
}) {
  const create = useCreateContact();
  const update = useUpdateContact();
  const mutation = contact ? update : create;
  const form = useForm<ContactFormValues>({
    mode: 'controlled',
    initialValues: contactFormValues(defs, contact, company),
    validate: (values) => validateContact(values, defs),
  });
  const submit = form.onSubmit((values) => {
    const body = contactBody(values, defs, contact?.custom_fields);
    const handlers = {
      onSuccess: (saved: ContactWire) => {
        notifySuccess(contact ? `${saved.name} saved` : `${saved.name} added`);
        onSaved(saved);
      },
      onError: (err: unknown) => placeServerIssues(form, err, CONTACT_FIELDS),
    };
    if (contact) update.mutate({ id: contact.id, version: contact.version, body }, handlers);
    else create.mutate(body as Parameters<typeof create.mutate>[0], handlers);
  });
  const input = (path: keyof ContactFormValues) => form.getInputProps(path);
  const check = (path: keyof ContactFormValues) => form.getInputProps(path, { type: 'checkbox' });
  const currentCompany = contact?.company ?? company ?? null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <RecordFormError
          error={mutation.error}
          what="contact"
          fields={CONTACT_FIELDS}
          onReload={onReload}
          duplicate={(id) => ({ label: 'This email', href: `/contacts/${id}`, name: 'another contact' })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="First name" required data-autofocus {...input('first_name')} />
          <TextInput label="Last name" {...input('last_name')} />
          <TextInput label="Email" type="email" placeholder="name@company.com" {...input('email')} />
          <TextInput label="Job title" {...input('job_title')} />
          <TextInput label="Phone" type="tel" placeholder="+49 30 1234567" {...input('phone')} />
          <TextInput label="Mobile" type="tel" {...input('mobile')} />
          <TextInput label="Department" {...input('department')} />
          <TextInput label="Source" placeholder="Referral, event, website…" {...input('source')} />
        </SimpleGrid>

        <Section title="Company and ownership" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <CompanySelect
            label="Company"
            current={currentCompany}
            value={form.values.company_id}
            error={form.errors.company_id}
            onChange={(id) => {
              form.setFieldValue('company_id', id);
              if (!id) form.setFieldValue('is_primary', false);
            }}
          />
          <OwnerSelect
            label="Owner"
            withMe={!contact}
            withNone
            current={contact?.owner ?? null}
            {...input('owner_id')}
            value={form.values.owner_id}
            onChange={(v) => form.setFieldValue('owner_id', v ?? OWNER_ME)}
          />
        </SimpleGrid>
        <Checkbox
          label="Primary contact of the company"
          description="The company's main point of contact (replaces the current one)"
          disabled={!form.values.company_id}
          {...check('is_primary')}
        />
        <TagPicker
          label="Tags"
          placeholder="Search or create a tag"
          known={contact?.tags ?? []}
          value={form.values.tag_ids}
          error={form.errors.tag_ids}
          onChange={(ids) => form.setFieldValue('tag_ids', ids)}
        />

        <Section title="Communication preferences" />
        <Group gap="xl">
          <Checkbox label="Do not call" {...check('do_not_call')} />
          <Checkbox label="Opted out of email" {...check('email_opt_out')} />
          <Checkbox label="Opted out of SMS" {...check('sms_opt_out')} />
        </Group>

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
            {contact ? 'Save changes' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "New contact" / "Edit contact", validated with the shared contracts; `company` presets the company. */
export function ContactFormModal({
  opened,
  onClose,
  contact,
  company,
  onSaved,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  contact?: ContactWire;
  company?: { id: string; name: string } | null;
  onSaved: (contact: ContactWire) => void;
  onReload?: () => void;
}) {
  const defs = useCustomFieldDefs('contact');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={contact ? `Edit ${contact.name}` : company ? `New contact at ${company.name}` : 'New contact'}
      size="xl"
    >
      {defs.isPending ? (
        <Stack>
          <Skeleton h={56} />
          <Skeleton h={56} />
          <Skeleton h={56} />
        </Stack>
      ) : defs.error ? (
        <ErrorAlert error={defs.error} title="Could not load the custom fields" onRetry={() => defs.refetch()} />
      ) : (
        <ContactForm
          key={contact ? `${contact.id}:${contact.version}` : `new:${company?.id ?? ''}`}
          contact={contact}
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
