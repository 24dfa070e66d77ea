import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateOrgBody } from '@relata/shared';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { useCreateOrg } from './orgs-api';

const FIELDS = ['name', 'slug'] as const;

/** Name (and optional handle) of a new organisation, validated with `CreateOrgBody`; `onCreated` after success. */
export function CreateOrgForm({ onCreated, secondary }: { onCreated: () => void; secondary?: ReactNode }) {
  const create = useCreateOrg();
  const form = useForm<{ name: string; slug?: string }>({
    mode: 'uncontrolled',
    initialValues: { name: '', slug: '' },
    validate: (values) => contractResolver(CreateOrgBody)({ name: values.name, slug: values.slug || undefined }),
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name, slug: values.slug || undefined },
      { onSuccess: onCreated, onError: (err) => setServerFieldErrors(form, err, FIELDS) },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(create.error, FIELDS)} title="Could not create the organisation" />
        <TextInput
          label="Organisation name"
          placeholder="Acme Ltd"
          required
          data-autofocus
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <TextInput
          label="Handle"
          placeholder="acme"
          description="Optional: 3–48 lowercase letters, digits and hyphens. Derived from the name when empty."
          key={form.key('slug')}
          {...form.getInputProps('slug')}
        />
        <Group justify="flex-end" gap="sm">
          {secondary}
          <Button type="submit" loading={create.isPending}>
            Create organisation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
