import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPencil, IconTrash, IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { confirmDanger } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { TeamEditForm } from './TeamEditForm';
import {
  type TeamDetailWire,
  useDeleteTeam,
  useMemberOptions,
  usePutTeamMember,
  useRemoveTeamMember,
  useTeam,
} from './teams-api';

/** One team in a side drawer: details, members with lead toggles, add/remove members, edit and delete. */
export function TeamDrawer({
  teamId,
  canManage,
  onClose,
}: {
  teamId: string | null;
  canManage: boolean;
  onClose: () => void;
}) {
  const team = useTeam(teamId);
  return (
    <Drawer
      opened={Boolean(teamId)}
      onClose={onClose}
      position="right"
      size="md"
      title={team.data?.name ?? 'Team'}
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {team.isPending ? (
        <Stack>
          <Skeleton h={20} w="60%" />
          <Skeleton h={120} />
        </Stack>
      ) : team.error ? (
        <ErrorAlert error={team.error} title="Could not load the team" onRetry={() => team.refetch()} />
      ) : (
        <TeamDetails key={team.data.id} team={team.data} canManage={canManage} onDeleted={onClose} />
      )}
    </Drawer>
  );
}

function TeamDetails({
  team,
  canManage,
  onDeleted,
}: {
  team: TeamDetailWire;
  canManage: boolean;
  onDeleted: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const del = useDeleteTeam();
  const onDelete = () =>
    confirmDanger({
      title: `Delete team ${team.name}?`,
      message: 'The team and its lead assignments are deleted. Its members stay in the organisation.',
      confirmLabel: 'Delete team',
      onConfirm: () =>
        del.mutate(team.id, {
          onSuccess: () => {
            notifySuccess(`Team ${team.name} deleted`);
            onDeleted();
          },
          onError: (err) => notifyError(err, 'Could not delete the team'),
        }),
    });

  return (
    <Stack gap="lg">
      {editing ? (
        <TeamEditForm team={team} onDone={() => setEditing(false)} />
      ) : (
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text size="sm" c={team.description ? undefined : 'dimmed'}>
            {team.description || 'No description'}
          </Text>
          {canManage && (
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </Group>
      )}
      <Divider />
      <TeamMembers team={team} canManage={canManage} />
      {canManage && (
        <>
          <Divider />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Members stay in the organisation.
            </Text>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={onDelete}>
              Delete team
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function TeamMembers({ team, canManage }: { team: TeamDetailWire; canManage: boolean }) {
  const put = usePutTeamMember();
  const remove = useRemoveTeamMember();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useMemberOptions(q, canManage);
  const inTeam = new Set(team.members.map((m) => m.membership_id));
  const candidates = (options.data?.data ?? [])
    .filter((m) => !inTeam.has(m.id))
    .map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }));

  const add = (membershipId: string | null) => {
    if (!membershipId) return;
    put.mutate(
      { teamId: team.id, membershipId, isLead: false },
      {
        onSuccess: () => setSearch(''),
        onError: (err) => notifyError(err, 'Could not add the member'),
      },
    );
  };

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Members ({team.members.length})
      </Title>
      {canManage && (
        <Select
          label="Add a member"
          placeholder="Search people in the organisation"
          searchable
          data={candidates}
          value={null}
          searchValue={search}
          onSearchChange={setSearch}
          onChange={add}
          nothingFoundMessage={options.isFetching ? 'Searching…' : 'Nobody else matches'}
          disabled={put.isPending}
          filter={({ options: all }) => all}
        />
      )}
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          {canManage ? 'Nobody is in this team yet. Add someone above.' : 'Nobody is in this team yet.'}
        </Text>
      ) : (
        <Stack gap="xs">
          {team.members.map((m) => (
            <Paper key={m.membership_id} withBorder radius="md" p="sm">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" fw={500} truncate>
                      {m.name}
                    </Text>
                    {m.is_lead && (
                      <Badge size="xs" variant="light">
                        Lead
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {m.email}
                  </Text>
                </Stack>
                {canManage && (
                  <Group gap="xs" wrap="nowrap">
                    <Switch
                      size="sm"
                      label="Lead"
                      checked={m.is_lead}
                      aria-label={`${m.name} is team lead`}
                      onChange={(e) =>
                        put.mutate(
                          { teamId: team.id, membershipId: m.membership_id, isLead: e.currentTarget.checked },
                          { onError: (err) => notifyError(err, 'Could not change the lead') },
                        )
                      }
                    />
                    <Tooltip label={`Remove ${m.name} from the team`} withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${m.name} from the team`}
                        onClick={() =>
                          remove.mutate(
                            { teamId: team.id, membershipId: m.membership_id },
                            { onError: (err) => notifyError(err, 'Could not remove the member') },
                          )
                        }
                      >
                        <IconUserMinus size={18} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
