import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import type { MeWire } from '../../components/session';
import { type InvitationPreviewWire, useAcceptInvitation } from './invitations-api';

/**
 * The signed-in part of an invitation page: "Accept" when signed in with the invited email, else an
 * explanation and a way to switch accounts (`onSignOut`).
 */
export function AcceptInvitation({
  token,
  preview,
  me,
  onSignOut,
  signingOut,
}: {
  token: string;
  preview: InvitationPreviewWire;
  me: MeWire;
  onSignOut: () => void;
  signingOut: boolean;
}) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const matches = me.user.email.toLowerCase() === preview.email.toLowerCase();
  if (!matches) {
    return (
      <Stack gap="md">
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Different account">
          This invitation is for {preview.email}, but you are signed in as {me.user.email}. Sign out, then sign in or
          create an account with {preview.email}.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate('/')}>
            Not now
          </Button>
          <Button onClick={onSignOut} loading={signingOut}>
            Sign out and switch account
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <ErrorAlert error={accept.error} title="Could not accept the invitation" />
      <Text size="sm">
        Signed in as <b>{me.user.email}</b>.
      </Text>
      <Button
        fullWidth
        size="md"
        loading={accept.isPending}
        onClick={() =>
          accept.mutate(token, {
            onSuccess: (next) => {
              navigate('/', { replace: true });
              notifySuccess(`Welcome to ${next.org?.name ?? preview.org_name}`);
            },
          })
        }
      >
        Accept invitation
      </Button>
    </Stack>
  );
}
