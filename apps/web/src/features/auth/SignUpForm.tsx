import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { SignUpBody } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { useSignUp } from './auth-api';

const FIELDS = ['name', 'email', 'password'] as const;

/**
 * Account creation, validated with the API's `SignUpBody` contract. With `lockedEmail` (an
 * invitation) the email is prefilled and cannot be changed.
 */
export function SignUpForm({ lockedEmail }: { lockedEmail?: string }) {
  const signUp = useSignUp();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', email: lockedEmail ?? '', password: '' },
    validate: contractResolver(SignUpBody),
  });
  const submit = form.onSubmit((values) =>
    signUp.mutate(
      { ...values, email: lockedEmail ?? values.email },
      { onError: (err) => setServerFieldErrors(form, err, FIELDS) },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(signUp.error, FIELDS)} title="Could not create the account" />
        <TextInput label="Name" autoComplete="name" required key={form.key('name')} {...form.getInputProps('name')} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          readOnly={Boolean(lockedEmail)}
          description={lockedEmail ? 'The invitation is for this address' : undefined}
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          description="At least 8 characters"
          autoComplete="new-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" fullWidth loading={signUp.isPending}>
          Create account
        </Button>
      </Stack>
    </form>
  );
}
