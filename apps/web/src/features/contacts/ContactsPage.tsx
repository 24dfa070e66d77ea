import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { IconFileImport, IconPlus, IconUsers } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/records/ExportMenu';
import { ViewSwitcher } from '../../components/records/ViewSwitcher';
import { formatPhone } from '../../components/records/phone';
import type { FilterDef } from '../../components/records/filters';
import { RecordListView } from '../../components/records/RecordListView';
import { TagBadges } from '../../components/records/TagBadges';
import type { ContactWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { ContactFormModal } from './ContactFormModal';

const col = createColumnHelper<ContactWire>();
const dim = (s: string | null | undefined) =>
  s ? (
    <Text size="sm">{s}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );

const COLUMNS = [
  col.accessor('name', {
    id: 'name',
    header: 'Name',
    meta: { sortKey: 'name', minWidth: 200 },
    cell: ({ row }) => (
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/contacts/${row.original.id}`} fw={600} size="sm">
          {row.original.name}
        </Anchor>
        {row.original.is_primary && (
          <Badge size="xs" variant="light" tt="none" style={{ flex: 'none' }}>
            Primary
          </Badge>
        )}
      </Group>
    ),
  }),
  col.accessor('email', {
    id: 'email',
    header: 'Email',
    meta: { sortKey: 'email', minWidth: 180 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor('phone', {
    id: 'phone',
    header: 'Phone',
    meta: { minWidth: 150 },
    cell: (c) => dim(formatPhone(c.getValue())),
  }),
  col.accessor('company', {
    id: 'company',
    header: 'Company',
    meta: { minWidth: 150 },
    cell: (c) => {
      const company = c.getValue();
      return company ? (
        <Anchor component={Link} to={`/companies/${company.id}`} size="sm">
          {company.name}
        </Anchor>
      ) : (
        dim(null)
      );
    },
  }),
  col.accessor('job_title', {
    id: 'job_title',
    header: 'Job title',
    meta: { minWidth: 150 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor((c) => c.owner?.name ?? null, {
    id: 'owner',
    header: 'Owner',
    meta: { minWidth: 130 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor('tags', {
    id: 'tags',
    header: 'Tags',
    meta: { minWidth: 150 },
    cell: (c) => <TagBadges tags={c.getValue()} max={3} />,
  }),
  col.accessor('mobile', {
    id: 'mobile',
    header: 'Mobile',
    meta: { minWidth: 150 },
    cell: (c) => dim(formatPhone(c.getValue())),
  }),
  col.accessor('department', {
    id: 'department',
    header: 'Department',
    meta: { minWidth: 140 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor('last_name', {
    id: 'last_name',
    header: 'Last name',
    meta: { sortKey: 'last_name', minWidth: 130 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor('email_opt_out', {
    id: 'email_opt_out',
    header: 'Email opt-out',
    meta: { minWidth: 120 },
    cell: (c) => dim(c.getValue() ? 'Opted out' : null),
  }),
  col.accessor('created_at', {
    id: 'created_at',
    header: 'Created',
    meta: { sortKey: 'created_at', descFirst: true, minWidth: 120 },
    cell: (c) => <Text size="sm">{formatDate(c.getValue())}</Text>,
  }),
  col.accessor('updated_at', {
    id: 'updated_at',
    header: 'Updated',
    meta: { sortKey: 'updated_at', descFirst: true, minWidth: 120 },
    cell: (c) => <Text size="sm">{formatDate(c.getValue())}</Text>,
  }),
];
const HIDDEN = ['job_title', 'updated_at', 'mobile', 'department', 'last_name', 'email_opt_out', 'created_at'];
const COLUMN_IDS = COLUMNS.map((c) => c.id!);

const FILTERS: FilterDef[] = [
  { kind: 'owner', key: 'owner_id', label: 'Owner', primary: true },
  { kind: 'tag', key: 'tag_id', label: 'Tag', primary: true },
  { kind: 'company', key: 'company_id', label: 'Company', primary: true },
  { kind: 'bool', key: 'has_email', label: 'Email', yes: 'Has an email', no: 'No email' },
  { kind: 'bool', key: 'has_phone', label: 'Phone', yes: 'Has a phone', no: 'No phone' },
  { kind: 'bool', key: 'opted_out', label: 'Email opt-out', yes: 'Opted out', no: 'Not opted out' },
  { kind: 'bool', key: 'is_primary', label: 'Primary contact', yes: 'Primary only', no: 'Not primary' },
  { kind: 'dateRange', from: 'created_from', to: 'created_to', label: 'Created' },
  { kind: 'dateRange', from: 'updated_from', to: 'updated_to', label: 'Updated' },
];

/** Contacts: the list with search, filters, columns and bulk actions; "New contact". */
export function ContactsPage() {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [viewKey, setViewKey] = useState(0);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const newButton = canWrite && (
    <>
      <Button
        component={Link}
        to="/settings/import?entity=contacts"
        variant="default"
        leftSection={<IconFileImport size={16} />}
      >
        Import
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
        New contact
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Contacts"
        description="The people at your companies, and everyone else you talk to."
        actions={
          <>
            <ViewSwitcher
              entity="contacts"
              recordType="contact"
              columnIds={COLUMN_IDS}
              defaultHidden={HIDDEN}
              onApplied={() => setViewKey((k) => k + 1)}
            />
            <ExportMenu
              resource="contacts"
              entity="contact"
              columnIds={COLUMN_IDS}
              defaultHidden={HIDDEN}
              vcardIds={selectedIds}
            />
            {newButton}
          </>
        }
      />
      <RecordListView<ContactWire>
        key={viewKey}
        resource="contacts"
        entity="contact"
        nouns={{ one: 'contact', many: 'contacts' }}
        label="Contacts"
        columns={COLUMNS}
        defaultHidden={HIDDEN}
        filterDefs={FILTERS}
        canWrite={canWrite}
        searchPlaceholder="Name, email or phone"
        onSelectionChange={setSelectedIds}
        empty={
          <EmptyBlock
            icon={<IconUsers size={24} />}
            title="No contacts yet"
            description={
              canWrite
                ? 'Add the people you work with, and link them to their companies.'
                : 'Members of the organisation can add contacts.'
            }
            action={
              canWrite ? (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  Add your first contact
                </Button>
              ) : undefined
            }
          />
        }
      />
      <ContactFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          void navigate(`/contacts/${c.id}`);
        }}
      />
    </>
  );
}
