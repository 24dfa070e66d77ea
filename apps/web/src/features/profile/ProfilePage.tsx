import { Button, Checkbox, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ChangePasswordBody, UpdateProfileBody } from '@relata/shared';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { type MeWire, useMe } from '../../components/session';
import { ColorSchemeControl } from '../../components/ThemeToggle';
import { useChangePassword, useUpdateProfile } from './profile-api';

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" maw={620}>
      <Stack gap={2} mb="md">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

/** Profile: your name, password and theme. */
export function ProfilePage() {
  const { data: me } = useMe();
  return (
    <>
      <PageHeader title="Profile" description="Your account, across every organisation you belong to." />
      <Stack gap="lg">
        {me && <NameForm key={me.user.name} me={me} />}
        <PasswordForm />
        <Section title="Appearance" description="Light, dark, or follow your device. Remembered on this browser.">
          <ColorSchemeControl />
        </Section>
      </Stack>
    </>
  );
}

const NAME_FIELDS = ['name'] as const;

function NameForm({ me }: { me: MeWire }) {
  const update = useUpdateProfile();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: me.user.name },
    validate: contractResolver(UpdateProfileBody),
  });
  const submit = form.onSubmit((values) =>
    update.mutate(values, {
      onSuccess: () => notifySuccess('Profile saved'),
      onError: (err) => setServerFieldErrors(form, err, NAME_FIELDS),
    }),
  );
  return (
    <Section title="Personal details" description="Your name is shown to colleagues.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(update.error, NAME_FIELDS)} title="Could not save" />
          <TextInput label="Name" required autoComplete="name" key={form.key('name')} {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            value={me.user.email}
            readOnly
            variant="filled"
            description="Your sign-in address; it cannot be changed here"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const PASSWORD_FIELDS = ['current_password', 'new_password', 'revoke_other_sessions'] as const;

function PasswordForm() {
  const change = useChangePassword();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { current_password: '', new_password: '', revoke_other_sessions: true },
    validate: contractResolver(ChangePasswordBody),
  });
  const submit = form.onSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => {
        form.reset();
        notifySuccess(
          values.revoke_other_sessions ? 'Password changed; other sessions were signed out' : 'Password changed',
        );
      },
      onError: (err) => setServerFieldErrors(form, err, PASSWORD_FIELDS),
    }),
  );
  return (
    <Section title="Password" description="At least 8 characters. A long passphrase is best.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(change.error, PASSWORD_FIELDS)} title="Could not change the password" />
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            key={form.key('current_password')}
            {...form.getInputProps('current_password')}
          />
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            key={form.key('new_password')}
            {...form.getInputProps('new_password')}
          />
          <Checkbox
            label="Sign out my other sessions"
            key={form.key('revoke_other_sessions')}
            {...form.getInputProps('revoke_other_sessions', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
