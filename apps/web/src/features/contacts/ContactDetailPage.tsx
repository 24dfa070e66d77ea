import { Anchor, Badge, Breadcrumbs, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBriefcase, IconMail, IconPhone } from '@tabler/icons-react';
import { RESTORE_DAYS, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format';
import { usePageTitle } from '../../components/PageHeader';
import { CustomFieldsPanel } from '../../components/records/CustomFieldsPanel';
import { DetailList, orDash } from '../../components/records/DetailList';
import { formatPhone } from '../../components/records/phone';
import { useRecordActions } from '../../components/records/record-actions';
import { RecordDetailGate } from '../../components/records/RecordDetailGate';
import { RecordHeaderActions } from '../../components/records/RecordHeaderActions';
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
  return (
    <RecordDetailGate query={contact} noun="contact" plural="contacts">
      {(data) => <ContactView contact={data} onReload={() => contact.refetch()} />}
    </RecordDetailGate>
  );
}

function ContactView({ contact, onReload }: { contact: ContactWire; onReload: () => void }) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [editing, setEditing] = useState(false);
  const update = useUpdateContact();
  const del = useDeleteContact();
  const defs = useCustomFieldDefs('contact');
  const activeDefs = (defs.data ?? []).filter((d) => !d.archived);
  const actions = useRecordActions({ record: contact, noun: 'contact', plural: 'contacts', update, del, onReload });

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
          <RecordHeaderActions
            onEdit={() => setEditing(true)}
            owner={contact.owner}
            onAssign={actions.assignOwner}
            assigning={actions.patching('owner_id')}
            onDelete={() =>
              actions.confirmDelete(
                `The contact moves to the recycle bin and can be restored for ${RESTORE_DAYS} days.`,
              )
            }
            deleting={del.isPending}
          />
        )}
      </Group>

      <RecordTagsEditor
        tags={contact.tags}
        canEdit={canWrite}
        busy={actions.patching('tag_ids')}
        onChange={actions.setTags}
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
              <CustomFieldsPanel defs={activeDefs} values={contact.custom_fields} cols={1} />
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
