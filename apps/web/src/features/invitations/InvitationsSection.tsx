import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconMailForward, IconSend, IconUserPlus, IconX } from '@tabler/icons-react';
import { ROLE_LABELS, type Role } from '@relata/shared';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { ListBody } from '../../components/ListBody';
import { flatten, LoadMore } from '../../components/pagination';
import { SectionHeader } from '../../components/SectionHeader';
import { InvitationLink } from './InvitationLink';
import { type InvitationWire, useInvitations, useResendInvitation, useRevokeInvitation } from './invitations-api';
import { InviteModal } from './InviteModal';

const STATUS_COLOR: Record<InvitationWire['status'], string> = {
  pending: 'blue',
  accepted: 'teal',
  revoked: 'gray',
  expired: 'orange',
};

/**
 * Invitations of the organisation (admins): invite, resend (a new link), revoke. `?invite=1` in the
 * URL opens the invite dialog (the home page's quick action links there); `invite_email` and
 * `invite_member` prefill it for an inactive member (the members table's "Invite" action).
 */
export function InvitationsSection({ viewerRole }: { viewerRole: Role }) {
  const [params, setParams] = useSearchParams();
  const inviteOpen = params.get('invite') === '1';
  const prefill = inviteOpen
    ? { email: params.get('invite_email') ?? '', memberId: params.get('invite_member') ?? undefined }
    : undefined;
  const setInviteOpen = (open: boolean) =>
    setParams(
      (p) => {
        if (open) p.set('invite', '1');
        else for (const k of ['invite', 'invite_email', 'invite_member']) p.delete(k);
        return p;
      },
      { replace: true },
    );
  const invitations = useInvitations();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const rows = flatten(invitations.data);

  const onResend = (inv: InvitationWire) =>
    resend.mutate(inv.id, { onError: (err) => notifyError(err, 'Could not resend the invitation') });
  const onRevoke = (inv: InvitationWire) =>
    confirmDanger({
      title: 'Revoke this invitation?',
      message: `The link sent to ${inv.email} will stop working. You can invite them again later.`,
      confirmLabel: 'Revoke invitation',
      onConfirm: () =>
        revoke.mutate(inv.id, {
          onSuccess: () => notifySuccess(`Invitation for ${inv.email} revoked`),
          onError: (err) => notifyError(err, 'Could not revoke the invitation'),
        }),
    });

  const inviteButton = (
    <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviteOpen(true)}>
      Invite people
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader
        title="Invitations"
        description="People you invited and the state of their link."
        action={inviteButton}
      />
      <ListBody
        query={invitations}
        isEmpty={rows.length === 0}
        errorTitle="Could not load invitations"
        empty={
          <EmptyBlock
            icon={<IconSend size={24} />}
            title="No invitations yet"
            description="Invite colleagues by email; you get a link to send them."
            action={inviteButton}
          />
        }
      >
        <DataTable
          label="Invitations"
          minWidth={680}
          columns={['Email', 'Role', 'Status', 'Invited by', 'Expires', { label: 'Actions', width: 90, hidden: true }]}
        >
          {rows.map((inv) => (
            <Table.Tr key={inv.id}>
              <Table.Td>
                <Text size="sm">{inv.email}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{ROLE_LABELS[inv.role]}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[inv.status]} variant="light">
                  {inv.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{inv.invited_by?.name ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{inv.status === 'pending' ? formatDate(inv.expires_at) : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {(inv.status === 'pending' || inv.status === 'expired') && (
                    <Tooltip label="Resend: new link" withArrow>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Resend invitation to ${inv.email}`}
                        onClick={() => onResend(inv)}
                        loading={resend.isPending && resend.variables === inv.id}
                      >
                        <IconMailForward size={18} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {inv.status === 'pending' && (
                    <Tooltip label="Revoke" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke invitation to ${inv.email}`}
                        onClick={() => onRevoke(inv)}
                      >
                        <IconX size={18} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListBody>
      <LoadMore {...invitations} />
      <InviteModal opened={inviteOpen} onClose={() => setInviteOpen(false)} viewerRole={viewerRole} prefill={prefill} />
      <Modal opened={Boolean(resend.data)} onClose={() => resend.reset()} title="New invitation link" size="lg">
        {resend.data && (
          <Stack gap="md">
            <Text size="sm">
              The previous link for {resend.data.email} no longer works. Send them this one instead.
            </Text>
            <InvitationLink url={resend.data.url} expiresAt={resend.data.expires_at} />
            <Group justify="flex-end">
              <Button onClick={() => resend.reset()}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
