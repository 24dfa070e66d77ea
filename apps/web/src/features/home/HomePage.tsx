import { Anchor, Button, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconBook,
  IconExternalLink,
  IconGauge,
  IconKey,
  IconMailForward,
  IconUserPlus,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { ROLE_LABELS, roleAtLeast } from '@relata/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/PageHeader';
import { RoleBadge } from '../../components/RoleBadge';
import { useMe } from '../../components/session';
import { useOrgStats } from './home-api';

function Stat({
  label,
  icon,
  count,
  to,
}: {
  label: string;
  icon: ReactNode;
  count: { value: number | null | undefined; isPending: boolean; error: unknown };
  to: string;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          {count.isPending ? (
            <Skeleton h={32} w={48} />
          ) : count.error ? (
            <Text size="sm" c="red">
              Unavailable
            </Text>
          ) : (
            <Text fz={28} fw={700} lh={1.15}>
              {count.value}
            </Text>
          )}
          <Anchor component={Link} to={to} size="sm">
            View
          </Anchor>
        </Stack>
        <ThemeIcon variant="light" size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

function Action({ icon, title, text, action }: { icon: ReactNode; title: string; text: string; action: ReactNode }) {
  return (
    <Card withBorder radius="md" p="lg">
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap={6}>
          <ThemeIcon variant="light" size={36} radius="md">
            {icon}
          </ThemeIcon>
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </Stack>
        <Group>{action}</Group>
      </Stack>
    </Card>
  );
}

/** Home: welcome, the active organisation and your role, figures and quick actions that work today. */
export function HomePage() {
  const { data: me } = useMe();
  const isAdmin = me?.role ? roleAtLeast(me.role, 'admin') : false;
  const stats = useOrgStats();
  const count = (value: number | null | undefined) => ({ value, isPending: stats.isPending, error: stats.error });
  const firstName = me?.user.name.split(/\s+/)[0] ?? '';
  usePageTitle('Home');
  return (
    <>
      <Stack gap="xl">
        <Paper withBorder radius="md" p="lg">
          <Group justify="space-between" align="center">
            <Stack gap={4}>
              <Title order={1} size="h2">
                Welcome, {firstName}
              </Title>
              <Text c="dimmed" size="sm">
                You are working in <b>{me?.org?.name}</b>
                {me?.role && <> as {ROLE_LABELS[me.role].toLowerCase()}</>}.
              </Text>
            </Stack>
            <Group gap="sm">
              <Button component={Link} to="/dashboard" variant="light" leftSection={<IconGauge size={16} />}>
                Open the dashboard
              </Button>
              {me?.role && <RoleBadge role={me.role} />}
            </Group>
          </Group>
        </Paper>

        <SimpleGrid cols={{ base: 2, md: isAdmin ? 4 : 3 }}>
          <Stat
            label="Members"
            icon={<IconUsers size={22} />}
            count={count(stats.data?.members)}
            to="/settings/members"
          />
          {isAdmin && (
            <Stat
              label="Pending invitations"
              icon={<IconMailForward size={22} />}
              count={count(stats.data?.pending_invitations)}
              to="/settings/members"
            />
          )}
          <Stat
            label="Teams"
            icon={<IconUsersGroup size={22} />}
            count={count(stats.data?.teams)}
            to="/settings/members/teams"
          />
          <Stat
            label={isAdmin ? 'API keys' : 'Your API keys'}
            icon={<IconKey size={22} />}
            count={count(stats.data?.api_keys)}
            to="/settings/api-keys"
          />
        </SimpleGrid>

        <Stack gap="sm">
          <Title order={2} size="h4">
            Quick actions
          </Title>
          <SimpleGrid cols={{ base: 1, sm: isAdmin ? 3 : 2 }}>
            {isAdmin && (
              <Action
                icon={<IconUserPlus size={20} />}
                title="Invite people"
                text="Bring your colleagues in with a link and choose their role."
                action={
                  <Button component={Link} to="/settings/members?invite=1" variant="light">
                    Invite people
                  </Button>
                }
              />
            )}
            <Action
              icon={<IconKey size={20} />}
              title="Create an API key"
              text="Connect scripts and other tools to Relata with a scoped key."
              action={
                <Button component={Link} to="/settings/api-keys?create=1" variant="light">
                  Create API key
                </Button>
              }
            />
            <Action
              icon={<IconBook size={20} />}
              title="Explore the API"
              text="Every endpoint, with request and response shapes, in the interactive reference."
              action={
                <Button
                  component="a"
                  href="/api/docs"
                  target="_blank"
                  rel="noopener"
                  variant="light"
                  rightSection={<IconExternalLink size={14} />}
                >
                  Open API docs
                </Button>
              }
            />
          </SimpleGrid>
        </Stack>
      </Stack>
    </>
  );
}
