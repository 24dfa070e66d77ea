import { ActionIcon, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconStar, IconUnlink, IconUserPlus } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { confirmDanger } from '../../components/confirm';
import { notifyError, notifySuccess } from '../../components/notify';
import { ContactSelect } from '../../components/records/ContactSelect';
import { type LeadWire, useAddLeadContact, useMakePrimaryLeadContact, useRemoveLeadContact } from './leads-api';

/** What the route gives the panel to create a contact on the spot (the contact form lives elsewhere). */
export type NewContactSlot = (props: {
  opened: boolean;
  onClose: () => void;
  onCreated: (contact: { id: string; name: string }) => void;
}) => ReactNode;

/**
 * A lead's contacts (decision makers): add an existing contact (search), optionally create one and
 * add it, make one primary, unlink one (after confirming).
 */
export function LeadContactsPanel({
  lead,
  canWrite,
  renderNewContact,
}: {
  lead: LeadWire;
  canWrite: boolean;
  renderNewContact?: NewContactSlot;
}) {
  const add = useAddLeadContact();
  const remove = useRemoveLeadContact();
  const primary = useMakePrimaryLeadContact();
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const open = lead.status === 'open';
  const editable = canWrite && lead.status !== 'converted';

  const addContact = (c: { id: string; name: string }) =>
    add.mutate(
      { id: lead.id, contactId: c.id },
      {
        onSuccess: () => {
          notifySuccess(`${c.name} added to the lead`);
          setPicked(null);
        },
        onError: (err) => notifyError(err, `Could not add ${c.name}`),
      },
    );
  const onRemove = (c: { id: string; name: string }) =>
    confirmDanger({
      title: `Remove ${c.name} from this lead?`,
      message: 'The contact stays in your contacts; only the link to this lead goes.',
      confirmLabel: 'Remove contact',
      onConfirm: () =>
        remove.mutate(
          { id: lead.id, contactId: c.id },
          {
            onSuccess: () => notifySuccess(`${c.name} removed from the lead`),
            onError: (err) => notifyError(err, `Could not remove ${c.name}`),
          },
        ),
    });

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Contacts
          </Title>
          {editable && renderNewContact && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconUserPlus size={14} />}
              onClick={() => setCreating(true)}
            >
              New contact
            </Button>
          )}
        </Group>
        {lead.contacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            No contacts yet. Add the people who decide{open ? ' — they carry over when the lead is converted' : ''}.
          </Text>
        ) : (
          <Table aria-label={`Contacts of ${lead.title}`} verticalSpacing="xs" highlightOnHover>
            <Table.Tbody>
              {lead.contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
                        {c.name}
                      </Anchor>
                      {c.is_primary && (
                        <Badge size="xs" variant="light" color="yellow" tt="none">
                          Primary
                        </Badge>
                      )}
                    </Group>
                    {c.email && (
                      <Text size="xs" c="dimmed">
                        {c.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td w={90}>
                    {editable && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {!c.is_primary && (
                          <Tooltip label="Make primary" withArrow>
                            <ActionIcon
                              variant="subtle"
                              color="yellow"
                              aria-label={`Make ${c.name} primary`}
                              loading={primary.isPending && primary.variables?.contactId === c.id}
                              onClick={() =>
                                primary.mutate(
                                  { id: lead.id, contactId: c.id },
                                  {
                                    onSuccess: () => notifySuccess(`${c.name} is now the primary contact`),
                                    onError: (err) => notifyError(err, 'Could not change the primary contact'),
                                  },
                                )
                              }
                            >
                              <IconStar size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                        <Tooltip label="Remove from the lead" withArrow>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${c.name}`}
                            onClick={() => onRemove(c)}
                          >
                            <IconUnlink size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {editable && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <ContactSelect
              label="Add a contact"
              value={picked?.id ?? null}
              onChange={setPicked}
              exclude={lead.contacts.map((c) => c.id)}
              style={{ flex: 1 }}
            />
            <Button disabled={!picked} loading={add.isPending} onClick={() => picked && addContact(picked)}>
              Add
            </Button>
          </Group>
        )}
      </Stack>
      {renderNewContact?.({
        opened: creating,
        onClose: () => setCreating(false),
        onCreated: (c) => {
          setCreating(false);
          addContact(c);
        },
      })}
    </Paper>
  );
}
