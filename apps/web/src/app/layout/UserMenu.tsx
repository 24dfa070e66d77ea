import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { notifyError } from '../../components/notify';
import { useMe } from '../../components/session';
import { useSignOut } from '../../features/auth/auth-api';

/** Header menu with the signed-in user: Profile and Sign out. */
export function UserMenu() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const signOut = useSignOut();
  if (!me) return null;
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.user.name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar name={me.user.name} color="initials" radius="xl" size={32} />
            <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
              {me.user.name}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {me.user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {me.user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconUserCircle size={16} />} onClick={() => navigate('/profile')}>
          Profile
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          color="red"
          onClick={() =>
            signOut.mutateAsync().then(
              () => navigate('/sign-in', { replace: true }),
              (err: unknown) => notifyError(err, 'Could not sign out'),
            )
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
