import { Alert, Button, Group, Paper, Radio, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { UpdateOrgBody, roleAtLeast } from '@relata/shared';
import { ApiError } from '../../components/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { countryOptions } from '../../components/records/countries';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { type OrgWire, useOrg, useUpdateOrg } from './orgs-api';

const FIELDS = ['name', 'slug', 'default_region', 'record_visibility'] as const;

/** Settings → Organisation: name and handle; editable by admins, read-only for everyone else. */
export function OrgSettingsPage() {
  const org = useOrg();
  return (
    <>
      <PageHeader
        title="Organisation"
        description="The name and handle of this workspace, how phone numbers are read, and who sees which records."
      />
      {org.isPending ? (
        <Paper withBorder p="lg" radius="md" maw={560}>
          <Stack>
            <Skeleton h={56} />
            <Skeleton h={56} />
            <Skeleton h={36} w={120} />
          </Stack>
        </Paper>
      ) : org.error ? (
        <ErrorAlert error={org.error} title="Could not load the organisation" onRetry={() => org.refetch()} />
      ) : (
        <OrgForm key={org.data.version} org={org.data} onReload={() => org.refetch()} />
      )}
    </>
  );
}

function OrgForm({ org, onReload }: { org: OrgWire; onReload: () => void }) {
  const role = useRole();
  const canEdit = role !== null && roleAtLeast(role, 'admin');
  const update = useUpdateOrg();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: {
      name: org.name,
      slug: org.slug,
      default_region: org.default_region,
      record_visibility: org.record_visibility,
    },
    validate: contractResolver(UpdateOrgBody),
  });
  const submit = form.onSubmit((values) =>
    update.mutate(
      { ...values, version: org.version },
      {
        onSuccess: () => notifySuccess('Organisation updated'),
        onError: (err) => setServerFieldErrors(form, err, FIELDS),
      },
    ),
  );
  const stale = update.error instanceof ApiError && update.error.status === 412;
  return (
    <Paper withBorder p="lg" radius="md" maw={560}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {!canEdit && (
            <Alert variant="light" color="gray" icon={<IconLock size={18} />}>
              Only admins and owners can change these settings.
            </Alert>
          )}
          {stale ? (
            <Alert color="yellow" title="Someone else changed these settings" role="alert">
              <Group justify="space-between">
                <Text size="sm">Reload to see the latest values, then make your change again.</Text>
                <Button size="xs" variant="white" onClick={onReload}>
                  Reload
                </Button>
              </Group>
            </Alert>
          ) : (
            <ErrorAlert error={formLevelError(update.error, FIELDS)} title="Could not save" />
          )}
          <TextInput label="Name" required disabled={!canEdit} key={form.key('name')} {...form.getInputProps('name')} />
          <TextInput
            label="Handle"
            description="3–48 lowercase letters, digits and hyphens"
            required
            disabled={!canEdit}
            key={form.key('slug')}
            {...form.getInputProps('slug')}
          />
          <Select
            label="Default country for phone numbers"
            description="Numbers typed without a country code (such as 030 1234567) are read as numbers of this country."
            searchable
            allowDeselect={false}
            data={countryOptions()}
            disabled={!canEdit}
            key={form.key('default_region')}
            {...form.getInputProps('default_region')}
          />
          <Radio.Group
            label="Record visibility"
            description="Managers, admins and owners always see every record; viewers read all and change nothing."
            key={form.key('record_visibility')}
            {...form.getInputProps('record_visibility')}
          >
            <Stack gap="xs" mt="xs">
              <Radio
                value="private"
                disabled={!canEdit}
                label="Private"
                description="Members see and edit their own records and unassigned ones."
              />
              <Radio
                value="shared"
                disabled={!canEdit}
                label="Shared"
                description="Members see and edit every company and contact."
              />
            </Stack>
          </Radio.Group>
          <Text size="xs" c="dimmed">
            Created {formatDate(org.created_at)}
          </Text>
          {canEdit && (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save changes
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
