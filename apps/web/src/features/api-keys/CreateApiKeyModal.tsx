import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateApiKeyBody, type Role, SCOPES, type Scope, maxScopeForRole } from '@relata/shared';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { type CreatedApiKeyWire, useCreateApiKey } from './api-keys-api';

const FIELDS = ['name', 'scopes', 'expires_at'] as const;
const SCOPE_HELP: Record<Scope, string> = {
  read: 'Read data',
  write: 'Create and change records (includes read)',
  admin: 'Manage members, invitations, keys and settings (includes write)',
};
const EXPIRY = [
  { value: 'never', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
];

/** "Create API key": name, scopes up to what the role allows, expiry; `onCreated` receives the secret. */
export function CreateApiKeyModal({
  opened,
  onClose,
  role,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  role: Role;
  onCreated: (key: CreatedApiKeyWire) => void;
}) {
  const create = useCreateApiKey();
  const [expiry, setExpiry] = useState('never');
  const maxScope = maxScopeForRole(role);
  const allowed = SCOPES.slice(0, SCOPES.indexOf(maxScope) + 1);
  const form = useForm<{ name: string; scopes: Scope[]; expires_at: string | null }>({
    initialValues: { name: '', scopes: ['read'], expires_at: null },
    validate: contractResolver(CreateApiKeyBody),
  });
  const close = () => {
    onClose();
    form.reset();
    setExpiry('never');
    create.reset();
  };
  const chooseExpiry = (value: string) => {
    setExpiry(value);
    form.setFieldValue(
      'expires_at',
      value === 'never' ? null : new Date(Date.now() + Number(value) * 86_400_000).toISOString(),
    );
  };
  const submit = form.onSubmit((values) =>
    create.mutate(values, {
      onSuccess: (key) => {
        close();
        onCreated(key);
      },
      onError: (err) => setServerFieldErrors(form, err, FIELDS),
    }),
  );
  return (
    <Modal opened={opened} onClose={close} title="Create API key" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(create.error, FIELDS)} title="Could not create the key" />
          <TextInput
            label="Name"
            placeholder="Zapier integration"
            description="So you recognise it later"
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Checkbox.Group label="Scopes" required {...form.getInputProps('scopes')}>
            <Stack gap="xs" mt="xs">
              {SCOPES.map((s) => (
                <Checkbox
                  key={s}
                  value={s}
                  label={s}
                  description={allowed.includes(s) ? SCOPE_HELP[s] : `${SCOPE_HELP[s]} — not available to your role`}
                  disabled={!allowed.includes(s)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Select
            label="Expires"
            data={EXPIRY}
            value={expiry}
            onChange={(v) => v && chooseExpiry(v)}
            allowDeselect={false}
            error={form.errors.expires_at}
          />
          <Text size="xs" c="dimmed">
            The key acts as you, limited to its scopes and your role. It is shown once after creation.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
