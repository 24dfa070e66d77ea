import { Anchor, Text } from '@mantine/core';
import { Link, Navigate, useSearchParams } from 'react-router';
import { CenteredPage } from '../../components/CenteredPage';
import { safeNext, useMe } from '../../components/session';
import { SignInForm } from './SignInForm';

/** `/sign-in`: the form, a link to sign up; once signed in, goes to `?next=` (or home). */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { data: me } = useMe();
  if (me) return <Navigate to={next ?? '/'} replace />;
  const signUpHref = next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up';
  return (
    <CenteredPage
      title="Sign in to Relata"
      documentTitle="Sign in"
      subtitle="Welcome back. Use your work email and password."
    >
      <SignInForm />
      <Text size="sm" ta="center" mt="lg">
        New here?{' '}
        <Anchor component={Link} to={signUpHref}>
          Create an account
        </Anchor>
      </Text>
    </CenteredPage>
  );
}
