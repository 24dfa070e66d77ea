import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { CreateInvitationBody, ROLES, ROLE_LABELS, type Role } from '@relata/shared';
import { useEffect } from 'react';
import { ApiError } from '../../components/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifyError } from '../../components/notify';
import { InvitationLink } from './InvitationLink';
import { type CreatedInvitationWire, useCreateInvitation, useResendInvitation } from './invitations-api';

const FIELDS = ['email', 'role', 'expires_in_days'] as const;
const EXPIRY = [1, 3, 7, 14, 30].map((d) => ({ value: String(d), label: d === 1 ? '1 day' : `${d} days` }));

/**
 * "Invite people": email, role and expiry (validated with `CreateInvitationBody`), then the link to
 * send. `prefill` (an inactive member's address and id) fills the email and sends `member_id`, so
 * accepting activates that member with the records they own.
 */
export function InviteModal({
  opened,
  onClose,
  viewerRole,
  prefill,
}: {
  opened: boolean;
  onClose: () => void;
  viewerRole: Role;
  prefill?: { email: string; memberId?: string | undefined } | undefined;
}) {
  const create = useCreateInvitation();
  const resend = useResendInvitation();
  const result: CreatedInvitationWire | undefined = create.data ?? resend.data;
  const form = useForm({
    initialValues: { email: '', role: 'member' as Role, expires_in_days: 7 },
    validate: contractResolver(CreateInvitationBody),
  });
  const startOver = () => {
    form.reset();
    create.reset();
    resend.reset();
  };
  const close = () => {
    onClose();
    startOver();
  };
  const memberId = prefill?.memberId;
  const prefillEmail = prefill?.email;
  useEffect(() => {
    if (opened && prefillEmail !== undefined) form.setFieldValue('email', prefillEmail);
    // Only when the dialog opens for another member: typing must not be overwritten.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, prefillEmail, memberId]);
  const submit = form.onSubmit((values) =>
    create.mutate(memberId ? { ...values, member_id: memberId } : values, {
      onError: (err) => setServerFieldErrors(form, err, FIELDS),
    }),
  );
  const existingId =
    create.error instanceof ApiError && typeof create.error.details.existing_invitation_id === 'string'
      ? create.error.details.existing_invitation_id
      : null;
  const roles = ROLES.filter((r) => viewerRole === 'owner' || r !== 'owner').map((r) => ({
    value: r,
    label: ROLE_LABELS[r],
  }));

  return (
    <Modal opened={opened} onClose={close} title={result ? 'Invitation created' : 'Invite people'} size="lg">
      {result ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
            {result.email} is invited as {ROLE_LABELS[result.role].toLowerCase()}.
          </Alert>
          <InvitationLink url={result.url} expiresAt={result.expires_at} />
          <Group justify="flex-end">
            <Button variant="default" onClick={startOver}>
              Invite someone else
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {existingId ? (
              <Alert color="yellow" title="Already invited" role="alert">
                <Stack gap="xs">
                  <Text size="sm">{create.error?.message}</Text>
                  <Group>
                    <Button
                      size="xs"
                      loading={resend.isPending}
                      onClick={() => resend.mutate(existingId, { onError: (e) => notifyError(e, 'Could not resend') })}
                    >
                      Resend invitation
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <ErrorAlert error={formLevelError(create.error, FIELDS)} title="Could not invite" />
            )}
            <TextInput
              label="Email"
              type="email"
              placeholder="colleague@company.com"
              required
              data-autofocus
              {...form.getInputProps('email')}
            />
            <Group grow align="flex-start">
              <Select label="Role" data={roles} allowDeselect={false} {...form.getInputProps('role')} />
              <Select
                label="Link expires after"
                data={EXPIRY}
                allowDeselect={false}
                value={String(form.values.expires_in_days)}
                onChange={(v) => v && form.setFieldValue('expires_in_days', Number(v))}
                error={form.errors.expires_in_days}
              />
            </Group>
            {memberId && (
              <Text size="sm" c="dimmed">
                Accepting activates this inactive member: the records they own stay theirs.
              </Text>
            )}
            <Text size="xs" c="dimmed">
              Relata does not send email yet: you will get a link to send them yourself.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create invitation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
