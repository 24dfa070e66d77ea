import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconStar, IconUserPlus } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { flatten, LoadMore } from '../../components/pagination';
import { isStale } from '../../components/records/record-form';
import { useRecordCount } from '../../components/records/records-api';
import { useRole } from '../../components/session';
import { ContactFormModal } from './ContactFormModal';
import { useCompanyContacts, useUpdateContact } from './contacts-api';

/** The people of a company (primary first), "Add contact" and "Make primary" — shown on the company page. */
export function CompanyContactsPanel({ company }: { company: { id: string; name: string } }) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const contacts = useCompanyContacts(company.id);
  const update = useUpdateContact();
  const [adding, setAdding] = useState(false);
  const rows = flatten(contacts.data);
  const sorted = [...rows.filter((c) => c.is_primary), ...rows.filter((c) => !c.is_primary)];
  const count = useRecordCount('contacts', { company_id: company.id });
  const total = count.data ? `${count.data.total.toLocaleString()}${count.data.total_capped ? '+' : ''}` : rows.length;

  const makePrimary = (c: (typeof rows)[number]) =>
    update.mutate(
      { id: c.id, version: c.version, body: { is_primary: true } },
      {
        onSuccess: () => notifySuccess(`${c.name} is now the primary contact`),
        onError: (err) => {
          notifyError(
            err,
            isStale(err) ? 'Someone else changed this contact; try again' : 'Could not change the primary contact',
          );
          if (isStale(err)) void contacts.refetch();
        },
      },
    );

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Contacts ({total})
          </Title>
          {canWrite && (
            <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={() => setAdding(true)}>
              Add contact
            </Button>
          )}
        </Group>
        <ErrorAlert error={contacts.error} title="Could not load the contacts" onRetry={() => contacts.refetch()} />
        {contacts.isPending ? (
          <Skeleton h={80} />
        ) : rows.length === 0 && !contacts.error ? (
          <Text size="sm" c="dimmed">
            Nobody from {company.name} yet.{canWrite ? ' Add the people you talk to there.' : ''}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520} type="native">
            <Table verticalSpacing="xs" aria-label={`Contacts of ${company.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Job title</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600}>
                          {c.name}
                        </Anchor>
                        {c.is_primary && (
                          <Badge size="xs" variant="light" tt="none" style={{ flex: 'none' }}>
                            Primary
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.job_title ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.email ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {canWrite && !c.is_primary && (
                        <Tooltip label={`Make ${c.name} the primary contact`} withArrow>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Make ${c.name} primary`}
                            loading={update.isPending && update.variables?.id === c.id}
                            onClick={() => makePrimary(c)}
                          >
                            <IconStar size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore {...contacts} />
      </Stack>
      <ContactFormModal
        opened={adding}
        company={company}
        onClose={() => setAdding(false)}
        onSaved={() => setAdding(false)}
      />
    </Paper>
  );
}
