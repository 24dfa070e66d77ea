import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBriefcase, IconMail, IconPencil, IconPhone, IconTrash } from '@tabler/icons-react';
import { RESTORE_DAYS, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../components/api';
import { confirmDanger } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { usePageTitle } from '../../components/PageHeader';
import { AssignOwnerButton } from '../../components/records/AssignOwnerButton';
import { CustomValueText } from '../../components/records/CustomValueText';
import { DetailList, orDash } from '../../components/records/DetailList';
import { formatPhone } from '../../components/records/phone';
import { isStale } from '../../components/records/record-form';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { RecordTagsEditor } from '../../components/records/RecordTagsEditor';
import type { ContactWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { RecordTabs } from '../../components/timeline';
import { ContactFormModal } from './ContactFormModal';
import { useContact, useDeleteContact, useUpdateContact } from './contacts-api';

/** One contact: key facts and actions (edit, assign owner, delete), company link, tags, details, custom fields. */
export function ContactDetailPage({ id }: { id: string }) {
  const contact = useContact(id);
  usePageTitle(contact.data?.name ?? 'Contact');
  if (contact.isPending) {
    return (
      <Stack>
        <Skeleton h={20} w={240} />
        <Skeleton h={40} w="50%" />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (contact.error) {
    const gone = contact.error instanceof ApiError && contact.error.status === 404;
    return (
      <Stack>
        <ErrorAlert
          error={gone ? new Error('This contact does not exist or was deleted.') : contact.error}
          title="Could not load the contact"
          onRetry={gone ? undefined : () => contact.refetch()}
        />
        <Group>
          <Button component={Link} to="/contacts" variant="default">
            Back to contacts
          </Button>
          {gone && (
            <Button component={Link} to="/recycle-bin?tab=contacts" variant="subtle">
              Open the recycle bin
            </Button>
          )}
        </Group>
      </Stack>
    );
  }
  return <ContactView contact={contact.data} onReload={() => contact.refetch()} />;
}

function ContactView({ contact, onReload }: { contact: ContactWire; onReload: () => void }) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const update = useUpdateContact();
  const del = useDeleteContact();
  const defs = useCustomFieldDefs('contact');
  const activeDefs = (defs.data ?? []).filter((d) => !d.archived);

  const patch = (body: Record<string, unknown>, done: string) =>
    update.mutate(
      { id: contact.id, version: contact.version, body },
      {
        onSuccess: () => notifySuccess(done),
        onError: (err) => {
          if (isStale(err)) {
            notifyError(new Error('Someone else changed this contact. The latest version is shown now.'), 'Not saved');
            onReload();
          } else notifyError(err, 'Could not save');
        },
      },
    );
  const onDelete = () =>
    confirmDanger({
      title: `Delete ${contact.name}?`,
      message: `The contact moves to the recycle bin and can be restored for ${RESTORE_DAYS} days.`,
      confirmLabel: 'Delete contact',
      onConfirm: () =>
        del.mutate(contact.id, {
          onSuccess: () => {
            notifySuccess(`${contact.name} deleted`);
            void navigate('/contacts');
          },
          onError: (err) => notifyError(err, 'Could not delete the contact'),
        }),
    });

  const flags = [
    contact.do_not_call && 'Do not call',
    contact.email_opt_out && 'Opted out of email',
    contact.sms_opt_out && 'Opted out of SMS',
  ].filter(Boolean) as string[];

  return (
    <Stack gap="lg">
      <Breadcrumbs separatorMargin={6} aria-label="Breadcrumb">
        <Anchor component={Link} to="/contacts" size="sm">
          Contacts
        </Anchor>
        <Text size="sm" c="dimmed" aria-current="page">
          {contact.name}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h2">
              {contact.name}
            </Title>
            {contact.is_primary && (
              <Badge variant="light" tt="none">
                Primary contact
              </Badge>
            )}
            {flags.map((f) => (
              <Badge key={f} variant="outline" color="orange" tt="none">
                {f}
              </Badge>
            ))}
          </Group>
          <Group gap="lg" wrap="wrap">
            {(contact.job_title || contact.company) && (
              <Group gap={4} wrap="nowrap">
                <IconBriefcase size={14} aria-hidden />
                <Text size="sm">
                  {contact.job_title}
                  {contact.job_title && contact.company && ' at '}
                  {contact.company && (
                    <Anchor component={Link} to={`/companies/${contact.company.id}`} size="sm" fw={600}>
                      {contact.company.name}
                    </Anchor>
                  )}
                </Text>
              </Group>
            )}
            {contact.email && (
              <Group gap={4} wrap="nowrap">
                <IconMail size={14} aria-hidden />
                <Anchor href={`mailto:${contact.email}`} size="sm">
                  {contact.email}
                </Anchor>
              </Group>
            )}
            {contact.phone && (
              <Group gap={4} wrap="nowrap">
                <IconPhone size={14} aria-hidden />
                <Anchor href={`tel:${contact.phone}`} size="sm">
                  {formatPhone(contact.phone)}
                </Anchor>
              </Group>
            )}
            <Text size="sm" c="dimmed">
              Owner: <b>{contact.owner?.name ?? 'Unassigned'}</b>
            </Text>
          </Group>
        </Stack>
        {canWrite && (
          <Group gap="sm">
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <AssignOwnerButton
              current={contact.owner}
              busy={update.isPending && 'owner_id' in (update.variables?.body ?? {})}
              onAssign={(owner_id) => patch({ owner_id }, 'Owner updated')}
            />
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={onDelete}
              loading={del.isPending}
            >
              Delete
            </Button>
          </Group>
        )}
      </Group>

      <RecordTagsEditor
        tags={contact.tags}
        canEdit={canWrite}
        busy={update.isPending && 'tag_ids' in (update.variables?.body ?? {})}
        onChange={(tag_ids) => patch({ tag_ids }, 'Tags updated')}
      />

      <RecordTabs record={{ type: 'contact', id: contact.id }}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: activeDefs.length > 0 ? 7 : 12 }}>
            <Paper withBorder radius="md" p="lg">
              <Stack gap="md">
                <Title order={2} size="h5">
                  Details
                </Title>
                <DetailList
                  items={[
                    { label: 'Email', value: orDash(contact.email) },
                    { label: 'Phone', value: orDash(formatPhone(contact.phone)) },
                    { label: 'Mobile', value: orDash(formatPhone(contact.mobile)) },
                    { label: 'Job title', value: orDash(contact.job_title) },
                    { label: 'Department', value: orDash(contact.department) },
                    {
                      label: 'Company',
                      value: orDash(
                        contact.company && (
                          <Anchor component={Link} to={`/companies/${contact.company.id}`} size="sm">
                            {contact.company.name}
                          </Anchor>
                        ),
                      ),
                    },
                    { label: 'Source', value: orDash(contact.source) },
                    {
                      label: 'Unsubscribed',
                      value: orDash(contact.unsubscribed_at && formatDateTime(contact.unsubscribed_at)),
                    },
                    { label: 'Created', value: formatDateTime(contact.created_at) },
                    { label: 'Updated', value: formatDateTime(contact.updated_at) },
                  ]}
                />
              </Stack>
            </Paper>
          </Grid.Col>
          {activeDefs.length > 0 && (
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder radius="md" p="lg">
                <Stack gap="md">
                  <Title order={2} size="h5">
                    Custom fields
                  </Title>
                  <DetailList
                    cols={1}
                    items={activeDefs.map((d) => ({
                      label: d.label,
                      value: <CustomValueText def={d} value={contact.custom_fields[d.key]} />,
                    }))}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
          )}
        </Grid>
      </RecordTabs>

      <ContactFormModal
        opened={editing}
        contact={contact}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
        onReload={onReload}
      />
    </Stack>
  );
}
