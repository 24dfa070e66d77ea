import { ActionIcon, Button, Menu, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowMerge, IconDots, IconPencil, IconPlus, IconSearch, IconTags, IconTrash } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { confirmDanger } from '../../components/confirm';
import { DataTable } from '../../components/DataTable';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { ListBody } from '../../components/ListBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { flatten, LoadMore } from '../../components/pagination';
import { TagBadge } from '../../components/records/TagBadges';
import type { TagWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { MergeTagModal } from './MergeTagModal';
import { TagFormModal } from './TagFormModal';
import { useDeleteTag, useTags } from './tags-api';

function Count({ n, to }: { n: number; to: string }) {
  return n === 0 ? (
    <Text size="sm" c="dimmed">
      0
    </Text>
  ) : (
    <Text size="sm" component={Link} to={to} c="blue" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {n.toLocaleString()}
    </Text>
  );
}

/** Settings → Tags: every tag with how many companies and contacts carry it; rename, recolour, merge, delete. */
export function TagsPage() {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const tags = useTags(q);
  const del = useDeleteTag();
  const [editing, setEditing] = useState<TagWire | 'new' | null>(null);
  const [merging, setMerging] = useState<TagWire | null>(null);
  const rows = flatten(tags.data);

  const onDelete = (t: TagWire) =>
    confirmDanger({
      title: `Delete tag ${t.name}?`,
      message: `It is removed from ${t.usage.companies} ${t.usage.companies === 1 ? 'company' : 'companies'} and ${t.usage.contacts} ${t.usage.contacts === 1 ? 'contact' : 'contacts'}. The records stay.`,
      confirmLabel: 'Delete tag',
      onConfirm: () =>
        del.mutate(t.id, {
          onSuccess: () => notifySuccess(`Tag ${t.name} deleted`),
          onError: (err) => notifyError(err, 'Could not delete the tag'),
        }),
    });

  const newButton = canWrite && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New tag
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Tags"
        description="Labels for companies and contacts, to filter lists and act on many records at once."
        actions={newButton || undefined}
      />
      <Stack gap="md">
        <TextInput
          aria-label="Search tags"
          placeholder="Search tags by name"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={360}
        />
        <ListBody
          query={tags}
          isEmpty={rows.length === 0}
          errorTitle="Could not load tags"
          empty={
            <EmptyBlock
              icon={<IconTags size={24} />}
              title={q ? 'No tags match' : 'No tags yet'}
              description={
                q
                  ? `No tag name contains “${q}”.`
                  : 'Create tags here, or type a new one wherever you tag a company or contact.'
              }
              action={!q && newButton ? newButton : undefined}
            />
          }
        >
          <DataTable
            label="Tags"
            minWidth={620}
            highlightOnHover
            columns={['Tag', 'Companies', 'Contacts', 'Created', { label: 'Actions', width: 60, hidden: true }]}
          >
            {rows.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <TagBadge tag={t} size="md" />
                </Table.Td>
                <Table.Td>
                  <Count n={t.usage.companies} to={`/companies?tag_id=${t.id}`} />
                </Table.Td>
                <Table.Td>
                  <Count n={t.usage.contacts} to={`/contacts?tag_id=${t.id}`} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(t.created_at)}</Text>
                </Table.Td>
                <Table.Td>
                  {canWrite && (
                    <Menu position="bottom-end" shadow="md" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for tag ${t.name}`}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(t)}>
                          Rename or recolour
                        </Menu.Item>
                        <Menu.Item leftSection={<IconArrowMerge size={14} />} onClick={() => setMerging(t)}>
                          Merge into another tag
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onDelete(t)}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </ListBody>
        <LoadMore {...tags} />
      </Stack>
      <TagFormModal
        opened={editing !== null}
        tag={editing && editing !== 'new' ? editing : undefined}
        onClose={() => setEditing(null)}
      />
      <MergeTagModal tag={merging} onClose={() => setMerging(null)} />
    </>
  );
}
