import { Anchor, Badge, Breadcrumbs, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconWorld } from '@tabler/icons-react';
import { RESTORE_DAYS, roleAtLeast } from '@relata/shared';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format';
import { usePageTitle } from '../../components/PageHeader';
import { countryName } from '../../components/records/countries';
import { CustomFieldsPanel } from '../../components/records/CustomFieldsPanel';
import { DetailList, orDash } from '../../components/records/DetailList';
import { MoneyText } from '../../components/records/MoneyText';
import { formatPhone } from '../../components/records/phone';
import { useRecordActions } from '../../components/records/record-actions';
import { RecordDetailGate } from '../../components/records/RecordDetailGate';
import { RecordHeaderActions } from '../../components/records/RecordHeaderActions';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { RecordTagsEditor } from '../../components/records/RecordTagsEditor';
import type { CompanyDetailWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { RecordTabs } from '../../components/timeline';
import { useCompany, useDeleteCompany, useUpdateCompany } from './companies-api';
import { CompanyChildren } from './CompanyChildren';
import { CompanyFormModal } from './CompanyFormModal';
import { COMPANY_TYPE_COLORS, COMPANY_TYPE_LABELS, RATING_COLORS, RATING_LABELS } from './labels';

function address(a: CompanyDetailWire['billing_address']): string | null {
  const line = [a.street, [a.postal_code, a.city].filter(Boolean).join(' '), a.state, countryName(a.country)]
    .filter(Boolean)
    .join(', ');
  return line || null;
}

/**
 * One company: hierarchy breadcrumb, key facts and actions (edit, assign owner, delete), tags edited
 * in place, details, custom fields, subsidiaries, and `contacts` (the company's people, composed by
 * the route from the contacts feature).
 */
export function CompanyDetailPage({
  id,
  contacts,
}: {
  id: string;
  /** The company's contacts panel, given the company. */
  contacts?: (company: { id: string; name: string }) => ReactNode;
}) {
  const company = useCompany(id);
  usePageTitle(company.data?.name ?? 'Company');
  return (
    <RecordDetailGate query={company} noun="company" plural="companies">
      {(data) => <CompanyView company={data} contacts={contacts} onReload={() => company.refetch()} />}
    </RecordDetailGate>
  );
}

function CompanyView({
  company,
  contacts,
  onReload,
}: {
  company: CompanyDetailWire;
  contacts?: (company: { id: string; name: string }) => ReactNode;
  onReload: () => void;
}) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [editing, setEditing] = useState(false);
  const update = useUpdateCompany();
  const del = useDeleteCompany();
  const defs = useCustomFieldDefs('company');
  const actions = useRecordActions({ record: company, noun: 'company', plural: 'companies', update, del, onReload });

  const activeDefs = (defs.data ?? []).filter((d) => !d.archived);
  const website = company.website;
  return (
    <Stack gap="lg">
      <Breadcrumbs separatorMargin={6} aria-label="Breadcrumb">
        <Anchor component={Link} to="/companies" size="sm">
          Companies
        </Anchor>
        {company.ancestors.map((a) => (
          <Anchor key={a.id} component={Link} to={`/companies/${a.id}`} size="sm">
            {a.name}
          </Anchor>
        ))}
        <Text size="sm" c="dimmed" aria-current="page">
          {company.name}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h2">
              {company.name}
            </Title>
            {company.type && (
              <Badge variant="light" color={COMPANY_TYPE_COLORS[company.type]} tt="none">
                {COMPANY_TYPE_LABELS[company.type]}
              </Badge>
            )}
            {company.rating && (
              <Badge variant="outline" color={RATING_COLORS[company.rating]} tt="none">
                {RATING_LABELS[company.rating]}
              </Badge>
            )}
          </Group>
          <Group gap="lg" wrap="wrap">
            {company.domain && (
              <Group gap={4} wrap="nowrap">
                <IconWorld size={14} aria-hidden />
                <Anchor
                  href={website ?? `https://${company.domain}`}
                  target="_blank"
                  rel="noopener noreferrer"
                  size="sm"
                >
                  {company.domain}
                </Anchor>
              </Group>
            )}
            <Text size="sm" c="dimmed">
              Owner: <b>{company.owner?.name ?? 'Unassigned'}</b>
            </Text>
            <Text size="sm" c="dimmed">
              {company.contact_count} {company.contact_count === 1 ? 'contact' : 'contacts'}
            </Text>
          </Group>
        </Stack>
        {canWrite && (
          <RecordHeaderActions
            onEdit={() => setEditing(true)}
            owner={company.owner}
            onAssign={actions.assignOwner}
            assigning={actions.patching('owner_id')}
            onDelete={() =>
              actions.confirmDelete(
                `It moves to the recycle bin and can be restored for ${RESTORE_DAYS} days. Its contacts stay.`,
              )
            }
            deleting={del.isPending}
          />
        )}
      </Group>

      <RecordTagsEditor
        tags={company.tags}
        canEdit={canWrite}
        busy={actions.patching('tag_ids')}
        onChange={actions.setTags}
      />

      <RecordTabs record={{ type: 'company', id: company.id }}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <Paper withBorder radius="md" p="lg">
                <Stack gap="md">
                  <Title order={2} size="h5">
                    Details
                  </Title>
                  <DetailList
                    items={[
                      {
                        label: 'Website',
                        value: orDash(
                          website && (
                            <Anchor href={website} target="_blank" rel="noopener noreferrer" size="sm">
                              {website}
                            </Anchor>
                          ),
                        ),
                      },
                      {
                        label: 'Phone',
                        value: orDash(
                          company.phone && (
                            <Anchor href={`tel:${company.phone}`} size="sm">
                              {formatPhone(company.phone)}
                            </Anchor>
                          ),
                        ),
                      },
                      { label: 'Industry', value: orDash(company.industry) },
                      { label: 'Size', value: orDash(company.size_band && `${company.size_band} employees`) },
                      { label: 'Employees', value: orDash(company.employees?.toLocaleString()) },
                      { label: 'Annual revenue', value: <MoneyText value={company.annual_revenue} /> },
                      { label: 'Tax id', value: orDash(company.tax_id) },
                      {
                        label: 'Parent company',
                        value: orDash(
                          company.parent && (
                            <Anchor component={Link} to={`/companies/${company.parent.id}`} size="sm">
                              {company.parent.name}
                            </Anchor>
                          ),
                        ),
                      },
                      { label: 'Billing address', value: orDash(address(company.billing_address)) },
                      { label: 'Created', value: formatDateTime(company.created_at) },
                      { label: 'Updated', value: formatDateTime(company.updated_at) },
                    ]}
                  />
                </Stack>
              </Paper>
              <CustomFieldsPanel defs={activeDefs} values={company.custom_fields} />
              {contacts?.({ id: company.id, name: company.name })}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <CompanyChildren companyId={company.id} count={company.child_count} />
          </Grid.Col>
        </Grid>
      </RecordTabs>

      <CompanyFormModal
        opened={editing}
        company={company}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
        onReload={onReload}
      />
    </Stack>
  );
}
