import { Anchor, Text } from '@mantine/core';
import { Link, Navigate, useSearchParams } from 'react-router';
import { CenteredPage } from '../../components/CenteredPage';
import { safeNext, useMe } from '../../components/session';
import { SignUpForm } from './SignUpForm';

/** `/sign-up`: account creation; afterwards continues to `?next=` or to organisation onboarding. */
export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { data: me } = useMe();
  if (me) return <Navigate to={next ?? '/'} replace />;
  const signInHref = next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
  return (
    <CenteredPage title="Create your account" subtitle="Then set up your organisation or join one you were invited to.">
      <SignUpForm />
      <Text size="sm" ta="center" mt="lg">
        Already have an account?{' '}
        <Anchor component={Link} to={signInHref}>
          Sign in
        </Anchor>
      </Text>
    </CenteredPage>
  );
}
