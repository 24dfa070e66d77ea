import { Anchor, Button, Divider, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../components/api';
import { CenteredPage } from '../../components/CenteredPage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMe } from '../../components/session';
import { useSignOut } from '../../features/auth/auth-api';
import { SignInForm } from '../../features/auth/SignInForm';
import { SignUpForm } from '../../features/auth/SignUpForm';
import { AcceptInvitation } from '../../features/invitations/AcceptInvitation';
import { useInvitationPreview } from '../../features/invitations/invitations-api';
import { InvitationSummary } from '../../features/invitations/InvitationSummary';

/**
 * `/invite/:token`: what the invitation is for; signed out, create an account (email locked to the
 * invited one) or sign in, then accept on the same page.
 */
export function InviteRoute() {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const { data: me, isPending: mePending } = useMe();
  const signOut = useSignOut();
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');

  if (preview.isPending || mePending) {
    return (
      <CenteredPage title="Invitation">
        <Stack>
          <Skeleton h={48} />
          <Skeleton h={36} />
        </Stack>
      </CenteredPage>
    );
  }
  if (preview.error) {
    const notFound = preview.error instanceof ApiError && preview.error.status === 404;
    return (
      <CenteredPage title={notFound ? 'Invitation not found' : 'Invitation no longer valid'}>
        <Stack gap="md">
          {notFound ? (
            <Text size="sm">
              This invitation link is not valid. Check that you copied the whole link, or ask the person who invited you
              for a new one.
            </Text>
          ) : (
            <ErrorAlert error={preview.error} title="This invitation cannot be used" />
          )}
          <Button component={Link} to={me ? '/' : '/sign-in'} variant="light">
            {me ? 'Go to Relata' : 'Sign in'}
          </Button>
        </Stack>
      </CenteredPage>
    );
  }
  const p = preview.data;
  if (p.status === 'accepted') {
    return (
      <CenteredPage title="Invitation already used">
        <Stack gap="md">
          <Text size="sm">This invitation to {p.org_name} has already been accepted.</Text>
          <Button component={Link} to={me ? '/' : '/sign-in'} variant="light">
            {me ? 'Go to Relata' : 'Sign in'}
          </Button>
        </Stack>
      </CenteredPage>
    );
  }
  return (
    <CenteredPage title={`Join ${p.org_name}`} subtitle="You have been invited to Relata." width={480}>
      <Stack gap="lg">
        <InvitationSummary preview={p} />
        <Divider />
        {me ? (
          <AcceptInvitation
            token={token}
            preview={p}
            me={me}
            onSignOut={() => signOut.mutate()}
            signingOut={signOut.isPending}
          />
        ) : (
          <Stack gap="md">
            <SegmentedControl
              fullWidth
              aria-label="Do you have an account?"
              value={mode}
              onChange={(v) => setMode(v as 'sign-up' | 'sign-in')}
              data={[
                { value: 'sign-up', label: 'I am new to Relata' },
                { value: 'sign-in', label: 'I have an account' },
              ]}
            />
            {mode === 'sign-up' ? <SignUpForm lockedEmail={p.email} /> : <SignInForm defaultEmail={p.email} />}
            <Text size="xs" c="dimmed" ta="center">
              After that you can accept the invitation here.{' '}
              {mode === 'sign-up' ? (
                <Anchor component="button" type="button" size="xs" onClick={() => setMode('sign-in')}>
                  Sign in instead
                </Anchor>
              ) : (
                <Anchor component="button" type="button" size="xs" onClick={() => setMode('sign-up')}>
                  Create an account instead
                </Anchor>
              )}
            </Text>
          </Stack>
        )}
      </Stack>
    </CenteredPage>
  );
}
