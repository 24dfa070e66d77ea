import { Button, Divider, Stack, Text, UnstyledButton, Group, Paper } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { CenteredPage } from '../../components/CenteredPage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { useMe } from '../../components/session';
import { CreateOrgForm } from './CreateOrgForm';
import { useSwitchOrg } from './orgs-api';

/**
 * `/onboarding`: create an organisation. A user without an active organisation also sees the ones
 * they belong to, to pick one; a user inside one (from the switcher) can go back.
 */
export function OnboardingPage() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const switchOrg = useSwitchOrg();
  const memberships = me?.memberships ?? [];
  const inOrg = Boolean(me?.org);
  const choosing = !inOrg && memberships.length > 0;
  const title = inOrg ? 'Create an organisation' : choosing ? 'Choose an organisation' : 'Create your organisation';
  const subtitle = inOrg
    ? 'You will be its owner and switch to it.'
    : choosing
      ? 'Continue in an organisation you belong to, or start a new one.'
      : 'An organisation is the shared workspace of your team. You can invite people next.';
  return (
    <CenteredPage title={title} subtitle={subtitle} width={480}>
      {choosing && (
        <Stack gap="xs" mb="lg">
          <ErrorAlert error={switchOrg.error} title="Could not switch" />
          {memberships.map((m) => (
            <Paper key={m.org_id} withBorder radius="md">
              <UnstyledButton
                w="100%"
                p="sm"
                onClick={() => switchOrg.mutate(m.org_id, { onSuccess: () => navigate('/', { replace: true }) })}
                disabled={switchOrg.isPending}
                aria-label={`Continue in ${m.org_name}`}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={2}>
                    <Text fw={600}>{m.org_name}</Text>
                    <Text size="xs" c="dimmed">
                      {m.org_slug}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="nowrap">
                    <RoleBadge role={m.role} />
                    <IconChevronRight size={16} />
                  </Group>
                </Group>
              </UnstyledButton>
            </Paper>
          ))}
          <Divider label="or create a new one" labelPosition="center" mt="sm" />
        </Stack>
      )}
      <CreateOrgForm
        onCreated={() => navigate('/', { replace: true })}
        secondary={
          inOrg ? (
            <Button variant="default" onClick={() => navigate('/')}>
              Cancel
            </Button>
          ) : undefined
        }
      />
    </CenteredPage>
  );
}
