import { Divider, Stack, Tabs } from '@mantine/core';
import { IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { InvitationsSection } from '../../features/invitations/InvitationsSection';
import { MembersTable } from '../../features/members/MembersTable';
import { TeamsPanel } from '../../features/teams/TeamsPanel';

/** Settings → Members & teams: the members table and invitations (admins), and the Teams tab. */
export function MembersRoute() {
  const role = useRole();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tab = pathname.endsWith('/teams') ? 'teams' : 'members';
  const isAdmin = role !== null && roleAtLeast(role, 'admin');
  return (
    <>
      <PageHeader
        title={tab === 'teams' ? 'Teams' : 'Members'}
        description={
          isAdmin
            ? 'Who can work in this organisation, with which role, and how they are grouped.'
            : 'Who works in this organisation and how they are grouped.'
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => navigate(v === 'teams' ? '/settings/members/teams' : '/settings/members')}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            Members
          </Tabs.Tab>
          <Tabs.Tab value="teams" leftSection={<IconUsersGroup size={16} />}>
            Teams
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members">
          <Stack gap="xl">
            <MembersTable />
            {isAdmin && role && (
              <>
                <Divider />
                <InvitationsSection viewerRole={role} />
              </>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="teams">
          <TeamsPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
