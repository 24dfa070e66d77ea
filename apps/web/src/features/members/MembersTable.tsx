import {
  ActionIcon,
  Badge,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDoorExit, IconMailPlus, IconSearch, IconTrash, IconUsers } from '@tabler/icons-react';
import { ROLE_LABELS, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { flatten, LoadMore } from '../../components/pagination';
import { useMe } from '../../components/session';
import { type MemberSort, type MemberWire, useChangeRole, useMembers, useRemoveMember } from './members-api';
import { RoleSelect } from './RoleSelect';

const SORTS: Array<{ value: MemberSort; label: string }> = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
];

/**
 * The members of the organisation: search, sort, role select (admins) and remove / leave. Inactive
 * members (created by an import for unknown owners: no sign-in) carry an "Inactive" badge; admins get
 * an "Invite" action that opens the invitation dialog with their address and id prefilled
 * (`?invite=1&invite_email=…&invite_member=…`, read by the invitations section on the same page):
 * accepting that invitation activates the same member, who keeps their records.
 */
export function MembersTable() {
  const { data: me } = useMe();
  const [, setParams] = useSearchParams();
  const onInvite = (m: MemberWire) =>
    setParams(
      (p) => {
        p.set('invite', '1');
        p.set('invite_email', m.email ?? '');
        p.set('invite_member', m.id);
        return p;
      },
      { replace: true },
    );
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [sort, setSort] = useState<MemberSort>('name');
  const members = useMembers({ q, sort });
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const viewerRole = me?.role ?? null;
  const isAdmin = viewerRole !== null && roleAtLeast(viewerRole, 'admin');
  const rows = flatten(members.data);

  const onRole = (m: MemberWire, role: MemberWire['role']) =>
    changeRole.mutate(
      { id: m.id, version: m.version, role },
      {
        onSuccess: () => notifySuccess(`${m.name} is now ${ROLE_LABELS[role].toLowerCase()}`),
        onError: (err) => notifyError(err, 'Could not change the role'),
      },
    );

  const onRemove = (m: MemberWire, self: boolean) =>
    confirmDanger({
      title: self ? 'Leave this organisation?' : `Remove ${m.name}?`,
      message: self
        ? `You will lose access to ${me?.org?.name ?? 'this organisation'} until someone invites you again.`
        : m.status === 'inactive'
          ? `${m.name} is an inactive member (never signed in). Records they own become unassigned.`
          : `${m.name} (${m.email}) will lose access to ${me?.org?.name ?? 'this organisation'} at once. Their records stay.`,
      confirmLabel: self ? 'Leave organisation' : 'Remove member',
      onConfirm: () =>
        remove.mutate(
          { id: m.id, self },
          {
            onSuccess: () => notifySuccess(self ? 'You left the organisation' : `${m.name} was removed`),
            onError: (err) => notifyError(err, self ? 'Could not leave' : 'Could not remove the member'),
          },
        ),
    });

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <TextInput
          aria-label="Search members"
          placeholder="Search by name or email"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 200 }}
        />
        <Select
          aria-label="Sort members"
          data={SORTS}
          value={sort}
          onChange={(v) => v && setSort(v as MemberSort)}
          allowDeselect={false}
          w={170}
        />
      </Group>
      <ErrorAlert error={members.error} title="Could not load members" onRetry={() => members.refetch()} />
      {members.isPending ? (
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={36} />
            ))}
          </Stack>
        </Paper>
      ) : rows.length === 0 && !members.error ? (
        <EmptyBlock
          icon={<IconUsers size={24} />}
          title={q ? 'No members match' : 'No members yet'}
          description={q ? `Nobody's name or email contains “${q}”.` : 'Invite people to work here with you.'}
        />
      ) : (
        <DataTable
          label="Members"
          minWidth={620}
          highlightOnHover
          columns={['Name', 'Role', 'Joined', { label: 'Actions', width: 90, hidden: true }]}
        >
          {rows.map((m) => {
            const self = m.user_id !== null && m.user_id === me?.user.id;
            const inactive = m.status === 'inactive';
            const canRemove = self || (isAdmin && (m.role !== 'owner' || viewerRole === 'owner'));
            return (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {m.name}
                    {self && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        (you)
                      </Text>
                    )}
                    {inactive && (
                      <Tooltip label="Created by an import; cannot sign in until invited" withArrow>
                        <Badge ml="xs" size="sm" variant="light" color="gray">
                          Inactive
                        </Badge>
                      </Tooltip>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.email ?? 'No email address'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RoleSelect
                    memberName={m.name}
                    value={m.role}
                    viewerRole={viewerRole}
                    onChange={(role) => onRole(m, role)}
                    disabled={changeRole.isPending || inactive}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(m.created_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {inactive && isAdmin && (
                      <Tooltip label={`Invite ${m.name}: they keep their records`} withArrow>
                        <ActionIcon variant="subtle" aria-label={`Invite ${m.name}`} onClick={() => onInvite(m)}>
                          <IconMailPlus size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {canRemove && (
                      <Tooltip label={self ? 'Leave organisation' : `Remove ${m.name}`} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={self ? 'Leave organisation' : `Remove ${m.name}`}
                          onClick={() => onRemove(m, self)}
                        >
                          {self ? <IconDoorExit size={18} /> : <IconTrash size={18} />}
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
      )}
      <LoadMore {...members} />
    </Stack>
  );
}
