import { Anchor, Badge, Button, Text } from '@mantine/core';
import { IconBuildingSkyscraper, IconFileImport, IconPlus } from '@tabler/icons-react';
import { COMPANY_TYPES, RATINGS, roleAtLeast } from '@relata/shared';
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/records/ExportMenu';
import { ViewSwitcher } from '../../components/records/ViewSwitcher';
import type { FilterDef } from '../../components/records/filters';
import { MoneyText } from '../../components/records/MoneyText';
import { formatPhone } from '../../components/records/phone';
import { RecordListView } from '../../components/records/RecordListView';
import { TagBadges } from '../../components/records/TagBadges';
import type { CompanyWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { CompanyFormModal } from './CompanyFormModal';
import { COMPANY_TYPE_COLORS, COMPANY_TYPE_LABELS, RATING_LABELS } from './labels';

const col = createColumnHelper<CompanyWire>();
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
      <Anchor component={Link} to={`/companies/${row.original.id}`} fw={600} size="sm">
        {row.original.name}
      </Anchor>
    ),
  }),
  col.accessor('domain', {
    id: 'domain',
    header: 'Domain',
    meta: { sortKey: 'domain', minWidth: 150 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor('type', {
    id: 'type',
    header: 'Type',
    meta: { minWidth: 120 },
    cell: (c) => {
      const t = c.getValue();
      return t ? (
        <Badge variant="light" color={COMPANY_TYPE_COLORS[t]} radius="sm" tt="none">
          {COMPANY_TYPE_LABELS[t]}
        </Badge>
      ) : (
        dim(null)
      );
    },
  }),
  col.accessor('industry', {
    id: 'industry',
    header: 'Industry',
    meta: { minWidth: 130 },
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
  col.accessor('contact_count', {
    id: 'contacts',
    header: 'Contacts',
    meta: { minWidth: 90 },
    cell: (c) => <Text size="sm">{c.getValue()}</Text>,
  }),
  col.accessor('phone', {
    id: 'phone',
    header: 'Phone',
    meta: { minWidth: 150 },
    cell: (c) => dim(formatPhone(c.getValue())),
  }),
  col.accessor('rating', {
    id: 'rating',
    header: 'Rating',
    meta: { minWidth: 90 },
    cell: (c) => dim(c.getValue() ? RATING_LABELS[c.getValue()!] : null),
  }),
  col.accessor('employees', {
    id: 'employees',
    header: 'Employees',
    meta: { sortKey: 'employees', descFirst: true, minWidth: 120 },
    cell: (c) => dim(c.getValue()?.toLocaleString()),
  }),
  col.accessor('annual_revenue', {
    id: 'annual_revenue',
    header: 'Annual revenue',
    meta: { sortKey: 'annual_revenue', descFirst: true, minWidth: 150 },
    cell: (c) => <MoneyText value={c.getValue()} />,
  }),
  col.accessor('parent', {
    id: 'parent',
    header: 'Parent',
    meta: { minWidth: 150 },
    cell: (c) => dim(c.getValue()?.name),
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
const HIDDEN = ['industry', 'phone', 'rating', 'employees', 'annual_revenue', 'parent', 'created_at'];
const COLUMN_IDS = COLUMNS.map((c) => c.id!);

const FILTERS: FilterDef[] = [
  { kind: 'owner', key: 'owner_id', label: 'Owner', primary: true },
  { kind: 'tag', key: 'tag_id', label: 'Tag', primary: true },
  {
    kind: 'select',
    key: 'type',
    label: 'Type',
    primary: true,
    options: COMPANY_TYPES.map((t) => ({ value: t, label: COMPANY_TYPE_LABELS[t] })),
  },
  { kind: 'text', key: 'industry', label: 'Industry', placeholder: 'e.g. Software' },
  {
    kind: 'select',
    key: 'rating',
    label: 'Rating',
    options: RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] })),
  },
  { kind: 'company', key: 'parent_id', label: 'Parent company' },
  { kind: 'bool', key: 'has_domain', label: 'Domain', yes: 'Has a domain', no: 'No domain' },
  { kind: 'bool', key: 'has_phone', label: 'Phone', yes: 'Has a phone', no: 'No phone' },
  { kind: 'dateRange', from: 'created_from', to: 'created_to', label: 'Created' },
  { kind: 'dateRange', from: 'updated_from', to: 'updated_to', label: 'Updated' },
];

/** Companies: the list with search, filters, columns and bulk actions; "New company". */
export function CompaniesPage() {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [viewKey, setViewKey] = useState(0);
  const newButton = canWrite && (
    <>
      <Button
        component={Link}
        to="/settings/import?entity=companies"
        variant="default"
        leftSection={<IconFileImport size={16} />}
      >
        Import
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
        New company
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Companies"
        description="The organisations you sell to, buy from and work with."
        actions={
          <>
            <ViewSwitcher
              entity="companies"
              recordType="company"
              columnIds={COLUMN_IDS}
              defaultHidden={HIDDEN}
              onApplied={() => setViewKey((k) => k + 1)}
            />
            <ExportMenu resource="companies" entity="company" columnIds={COLUMN_IDS} defaultHidden={HIDDEN} />
            {newButton}
          </>
        }
      />
      <RecordListView<CompanyWire>
        key={viewKey}
        resource="companies"
        entity="company"
        nouns={{ one: 'company', many: 'companies' }}
        label="Companies"
        columns={COLUMNS}
        defaultHidden={HIDDEN}
        filterDefs={FILTERS}
        canWrite={canWrite}
        searchPlaceholder="Name, domain or phone"
        empty={
          <EmptyBlock
            icon={<IconBuildingSkyscraper size={24} />}
            title="No companies yet"
            description={
              canWrite
                ? 'Add the companies you work with: their people, deals and history gather around them.'
                : 'Members of the organisation can add companies.'
            }
            action={
              canWrite ? (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  Add your first company
                </Button>
              ) : undefined
            }
          />
        }
      />
      <CompanyFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          void navigate(`/companies/${c.id}`);
        }}
      />
    </>
  );
}
