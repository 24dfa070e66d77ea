import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { SignInBody } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { useSignIn } from './auth-api';

const FIELDS = ['email', 'password'] as const;

/** Email + password sign-in, validated with the API's `SignInBody` contract. */
export function SignInForm({ defaultEmail = '' }: { defaultEmail?: string }) {
  const signIn = useSignIn();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: defaultEmail, password: '' },
    validate: contractResolver(SignInBody),
  });
  const submit = form.onSubmit((values) =>
    signIn.mutate(values, { onError: (err) => setServerFieldErrors(form, err, FIELDS) }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(signIn.error, FIELDS)} title="Could not sign in" />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" fullWidth loading={signIn.isPending}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
