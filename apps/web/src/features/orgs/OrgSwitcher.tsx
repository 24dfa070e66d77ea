import { Button, Menu, Text } from '@mantine/core';
import { IconBuilding, IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { ROLE_LABELS } from '@relata/shared';
import { useNavigate } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify';
import { useMe } from '../../components/session';
import { useSwitchOrg } from './orgs-api';

/** Header menu: the active organisation, the others to switch to, and "Create organisation". */
export function OrgSwitcher() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const switchOrg = useSwitchOrg();
  if (!me) return null;
  const select = (orgId: string, name: string) => {
    if (orgId === me.org?.id) return;
    switchOrg.mutate(orgId, {
      onSuccess: () => {
        navigate('/');
        notifySuccess(`You are now working in ${name}`);
      },
      onError: (err) => notifyError(err, 'Could not switch organisation'),
    });
  };
  return (
    <Menu position="bottom-start" width={280} shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconBuilding size={18} />}
          rightSection={<IconChevronDown size={14} />}
          loading={switchOrg.isPending}
          aria-label={`Organisation: ${me.org?.name ?? 'none'}. Switch organisation`}
          px="xs"
          styles={{ inner: { minWidth: 0 }, label: { minWidth: 0 } }}
        >
          <Text span inherit truncate="end" maw="min(260px, 38vw)">
            {me.org?.name ?? 'Choose organisation'}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your organisations</Menu.Label>
        {me.memberships.map((m) => (
          <Menu.Item
            key={m.org_id}
            onClick={() => select(m.org_id, m.org_name)}
            rightSection={m.org_id === me.org?.id ? <IconCheck size={16} aria-label="Active" /> : undefined}
          >
            <Text size="sm" fw={500} truncate>
              {m.org_name}
            </Text>
            <Text size="xs" c="dimmed">
              {ROLE_LABELS[m.role]}
            </Text>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => navigate('/onboarding')}>
          Create organisation
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
