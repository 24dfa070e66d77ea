import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { ListBody } from '../../components/ListBody';
import { flatten, LoadMore } from '../../components/pagination';
import { SectionHeader } from '../../components/SectionHeader';
import { useRole } from '../../components/session';
import { CreateTeamModal } from './CreateTeamModal';
import { TeamDrawer } from './TeamDrawer';
import { useTeams } from './teams-api';

/** The organisation's teams; managers create them. `?team=<id>` opens a team in a drawer. */
export function TeamsPanel() {
  const role = useRole();
  const canManage = role !== null && roleAtLeast(role, 'manager');
  const [params, setParams] = useSearchParams();
  const openTeamId = params.get('team');
  const openTeam = (id: string | null) =>
    setParams((p) => {
      if (id) p.set('team', id);
      else p.delete('team');
      return p;
    });
  const [creating, setCreating] = useState(false);
  const teams = useTeams();
  const rows = flatten(teams.data);
  const createButton = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New team
    </Button>
  );

  return (
    <Stack gap="md">
      <SectionHeader
        title="Teams"
        description="Groups of members such as sales pods or regions, each with optional leads."
        action={createButton}
      />
      <ListBody
        query={teams}
        isEmpty={rows.length === 0}
        errorTitle="Could not load teams"
        skeletonHeight={140}
        empty={
          <EmptyBlock
            icon={<IconUsersGroup size={24} />}
            title="No teams yet"
            description={
              canManage
                ? 'Create a team to group members, for example by region or product.'
                : 'Managers and admins can create teams.'
            }
            action={createButton || undefined}
          />
        }
      >
        <DataTable label="Teams" minWidth={560} highlightOnHover columns={['Team', 'Members', 'Created']}>
          {rows.map((t) => (
            <Table.Tr key={t.id} onClick={() => openTeam(t.id)} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Anchor
                  component="button"
                  type="button"
                  fw={600}
                  size="sm"
                  onClick={(e) => {
                    e.stopPropagation();
                    openTeam(t.id);
                  }}
                >
                  {t.name}
                </Anchor>
                {t.description && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {t.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t.member_count}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(t.created_at)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListBody>
      <LoadMore {...teams} />
      <CreateTeamModal opened={creating} onClose={() => setCreating(false)} onCreated={(t) => openTeam(t.id)} />
      <TeamDrawer teamId={openTeamId} canManage={canManage} onClose={() => openTeam(null)} />
    </Stack>
  );
}
