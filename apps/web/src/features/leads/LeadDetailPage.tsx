import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconArrowBackUp,
  IconCircleCheck,
  IconPencil,
  IconThumbDown,
  IconTransform,
  IconTrash,
} from '@tabler/icons-react';
import { RESTORE_DAYS, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { usePageTitle } from '../../components/PageHeader';
import { AssignOwnerButton } from '../../components/records/AssignOwnerButton';
import { CustomFieldsPanel } from '../../components/records/CustomFieldsPanel';
import { DetailList, orDash } from '../../components/records/DetailList';
import { MoneyText } from '../../components/records/MoneyText';
import { OWNER_NONE } from '../../components/records/OwnerSelect';
import { formatPhone } from '../../components/records/phone';
import { useRecordActions } from '../../components/records/record-actions';
import { RecordDetailGate } from '../../components/records/RecordDetailGate';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { RecordTagsEditor } from '../../components/records/RecordTagsEditor';
import { type PathStage, StagePath } from '../../components/records/StagePath';
import { useRole } from '../../components/session';
import { RecordTabs } from '../../components/timeline';
import { ConvertLeadDialog, type PipelineWire } from './ConvertLeadDialog';
import {
  LEAD_STATUS_COLORS,
  LEAD_STATUS_LABELS,
  PRIORITY_COLORS,
  PRIORITY_LABELS,
  RATING_COLORS,
  RATING_LABELS,
} from './labels';
import { LeadContactsPanel, type NewContactSlot } from './LeadContactsPanel';
import { LeadFormModal } from './LeadFormModal';
import {
  type LeadWire,
  useAssignLead,
  useDeleteLead,
  useLead,
  useMoveLead,
  useReopenLead,
  useUpdateLead,
} from './leads-api';
import { LoseLeadDialog } from './LoseLeadDialog';

/**
 * One lead: status and stage path (click an open stage to move there; the won stage converts, a
 * lost one asks for a reason), Convert / Mark lost / Reopen, edit (If-Match), owner, tags, details,
 * custom fields and the lead's contacts.
 */
export function LeadDetailPage({
  id,
  pipelines,
  dealPipelines,
  renderNewContact,
}: {
  id: string;
  /** The lead pipelines (for the stage path). */
  pipelines: PipelineWire[] | undefined;
  dealPipelines: PipelineWire[];
  renderNewContact?: NewContactSlot;
}) {
  const lead = useLead(id);
  usePageTitle(lead.data?.title ?? 'Lead');
  return (
    <RecordDetailGate query={lead} noun="lead" plural="leads">
      {(data) => (
        <LeadView
          lead={data}
          pipelines={pipelines}
          dealPipelines={dealPipelines}
          renderNewContact={renderNewContact}
          onReload={() => lead.refetch()}
        />
      )}
    </RecordDetailGate>
  );
}

function LeadView({
  lead,
  pipelines,
  dealPipelines,
  renderNewContact,
  onReload,
}: {
  lead: LeadWire;
  pipelines: PipelineWire[] | undefined;
  dealPipelines: PipelineWire[];
  renderNewContact?: NewContactSlot;
  onReload: () => void;
}) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const [losing, setLosing] = useState(false);
  const update = useUpdateLead();
  const assign = useAssignLead();
  const move = useMoveLead();
  const reopen = useReopenLead();
  const del = useDeleteLead();
  const defs = useCustomFieldDefs('lead');
  const pipeline = pipelines?.find((p) => p.id === lead.pipeline_id);
  const open = lead.status === 'open';

  const actions = useRecordActions({
    record: { id: lead.id, version: lead.version, name: lead.title },
    noun: 'lead',
    plural: 'leads',
    update,
    del,
    onReload,
  });
  const onStage = (stage: PathStage) => {
    if (stage.kind === 'won') setConverting(true);
    else if (stage.kind === 'lost') setLosing(true);
    else
      move.mutate(
        { id: lead.id, stageId: stage.id },
        {
          onSuccess: () => notifySuccess(`Moved to ${stage.name}`),
          onError: (err) => notifyError(err, 'Could not move the lead'),
        },
      );
  };
  const onReopen = () =>
    reopen.mutate(lead.id, {
      onSuccess: () => notifySuccess(`${lead.title} reopened`),
      onError: (err) => notifyError(err, 'Could not reopen the lead'),
    });
  const onDelete = () =>
    actions.confirmDelete(
      `It moves to the recycle bin and can be restored for ${RESTORE_DAYS} days. Its contacts stay.`,
    );

  const activeDefs = (defs.data ?? []).filter((d) => !d.archived);
  return (
    <Stack gap="lg">
      <Breadcrumbs separatorMargin={6} aria-label="Breadcrumb">
        <Anchor component={Link} to="/leads" size="sm">
          Leads
        </Anchor>
        <Text size="sm" c="dimmed" aria-current="page">
          {lead.title}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h2">
              {lead.title}
            </Title>
            <Badge variant="light" color={LEAD_STATUS_COLORS[lead.status]} tt="none" data-testid="lead-status">
              {LEAD_STATUS_LABELS[lead.status]}
            </Badge>
            {lead.rating && (
              <Badge variant="outline" color={RATING_COLORS[lead.rating]} tt="none">
                {RATING_LABELS[lead.rating]}
              </Badge>
            )}
          </Group>
          <Group gap="lg" wrap="wrap">
            {lead.company_name && (
              <Text size="sm" c="dimmed">
                {lead.company_name}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              Owner: <b>{lead.owner?.name ?? 'Unassigned'}</b>
            </Text>
            <Text size="sm" c="dimmed">
              {pipeline ? `${pipeline.name} · ` : ''}
              {lead.stage.name} for {lead.days_in_stage} {lead.days_in_stage === 1 ? 'day' : 'days'}
            </Text>
          </Group>
        </Stack>
        {canWrite && (
          <Group gap="sm">
            {open && (
              <>
                <Button color="teal" leftSection={<IconTransform size={16} />} onClick={() => setConverting(true)}>
                  Convert
                </Button>
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconThumbDown size={16} />}
                  onClick={() => setLosing(true)}
                >
                  Mark lost
                </Button>
              </>
            )}
            {lead.status === 'lost' && (
              <Button leftSection={<IconArrowBackUp size={16} />} onClick={onReopen} loading={reopen.isPending}>
                Reopen
              </Button>
            )}
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <AssignOwnerButton
              current={lead.owner}
              busy={assign.isPending}
              onAssign={(owner) =>
                assign.mutate(
                  { id: lead.id, to: owner ?? OWNER_NONE },
                  {
                    onSuccess: () => notifySuccess('Owner updated'),
                    onError: (err) => notifyError(err, 'Could not change the owner'),
                  },
                )
              }
            />
            <Button
              color="red"
              variant="subtle"
              leftSection={<IconTrash size={16} />}
              onClick={onDelete}
              loading={del.isPending}
            >
              Delete
            </Button>
          </Group>
        )}
      </Group>

      {pipeline ? (
        <StagePath
          label="Lead stages"
          stages={pipeline.stages}
          currentId={lead.stage_id}
          onSelect={onStage}
          disabled={!canWrite || !open}
          busyId={move.isPending ? (move.variables?.stageId ?? null) : null}
        />
      ) : (
        <Group>
          <Badge variant="light" tt="none">
            {lead.stage.name}
          </Badge>
        </Group>
      )}

      {lead.status === 'converted' && (
        <Alert color="teal" icon={<IconCircleCheck size={18} />} title="Converted" role="status">
          <Group gap="lg">
            <Text size="sm">Converted on {formatDateTime(lead.converted_at)}.</Text>
            {lead.converted_company && (
              <Anchor component={Link} to={`/companies/${lead.converted_company.id}`} size="sm" fw={600}>
                Company: {lead.converted_company.name}
              </Anchor>
            )}
            {lead.converted_deal_id && (
              <Anchor component={Link} to={`/deals/${lead.converted_deal_id}`} size="sm" fw={600}>
                Open the deal
              </Anchor>
            )}
          </Group>
        </Alert>
      )}
      {lead.status === 'lost' && (
        <Alert color="red" icon={<IconThumbDown size={18} />} title="Lost" role="status">
          <Text size="sm">
            {lead.lost_reason ?? 'No reason given'} · {formatDateTime(lead.lost_at)}
          </Text>
        </Alert>
      )}

      <RecordTagsEditor
        tags={lead.tags}
        canEdit={canWrite}
        busy={actions.patching('tag_ids')}
        onChange={actions.setTags}
      />

      <RecordTabs record={{ type: 'lead', id: lead.id }}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              <Paper withBorder radius="md" p="lg">
                <Stack gap="md">
                  <Title order={2} size="h5">
                    Details
                  </Title>
                  <DetailList
                    items={[
                      { label: 'Company name', value: orDash(lead.company_name) },
                      {
                        label: 'Email',
                        value: orDash(
                          lead.email && (
                            <Anchor href={`mailto:${lead.email}`} size="sm">
                              {lead.email}
                            </Anchor>
                          ),
                        ),
                      },
                      {
                        label: 'Phones',
                        value: orDash(
                          lead.phones.length > 0 ? lead.phones.map((p) => formatPhone(p)).join(', ') : null,
                        ),
                      },
                      { label: 'Expected revenue', value: <MoneyText value={lead.expected_revenue} /> },
                      { label: 'Probability', value: `${lead.effective_probability}%` },
                      {
                        label: 'Priority',
                        value: orDash(
                          lead.priority && (
                            <Badge size="sm" variant="light" color={PRIORITY_COLORS[lead.priority]} tt="none">
                              {PRIORITY_LABELS[lead.priority]}
                            </Badge>
                          ),
                        ),
                      },
                      { label: 'Source', value: orDash(lead.source) },
                      { label: 'Segment', value: orDash(lead.segment) },
                      { label: 'Score', value: orDash(lead.score?.toString()) },
                      { label: 'Location', value: orDash(lead.location) },
                      {
                        label: 'Next follow-up',
                        value: orDash(lead.next_follow_up_at && formatDateTime(lead.next_follow_up_at)),
                      },
                      { label: 'Created', value: formatDateTime(lead.created_at) },
                      { label: 'Updated', value: formatDateTime(lead.updated_at) },
                    ]}
                  />
                </Stack>
              </Paper>
              <CustomFieldsPanel defs={activeDefs} values={lead.custom_fields} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <LeadContactsPanel lead={lead} canWrite={canWrite} renderNewContact={renderNewContact} />
          </Grid.Col>
        </Grid>
      </RecordTabs>

      <LeadFormModal
        opened={editing}
        lead={lead}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
        onReload={onReload}
      />
      <ConvertLeadDialog
        leadId={converting ? lead.id : null}
        dealPipelines={dealPipelines}
        onClose={() => setConverting(false)}
        onOpenDeal={(dealId) => void navigate(`/deals/${dealId}`)}
      />
      <LoseLeadDialog lead={losing ? lead : null} onClose={() => setLosing(false)} />
    </Stack>
  );
}
