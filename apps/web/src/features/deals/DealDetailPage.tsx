import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconBan,
  IconPencil,
  IconStar,
  IconThumbDown,
  IconTrash,
  IconTrophy,
} from '@tabler/icons-react';
import { RESTORE_DAYS, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { confirmDanger } from '../../components/confirm';
import { formatDate, formatDateTime } from '../../components/format';
import { notifySuccess } from '../../components/notify';
import { usePageTitle } from '../../components/PageHeader';
import { AssignOwnerButton } from '../../components/records/AssignOwnerButton';
import { CustomFieldsPanel } from '../../components/records/CustomFieldsPanel';
import { DetailList, orDash } from '../../components/records/DetailList';
import { MoneyText } from '../../components/records/MoneyText';
import { useRecordActions } from '../../components/records/record-actions';
import { RecordDetailGate } from '../../components/records/RecordDetailGate';
import { useCustomFieldDefs } from '../../components/records/records-api';
import { RecordTagsEditor } from '../../components/records/RecordTagsEditor';
import { type PathStage, StagePath } from '../../components/records/StagePath';
import { useRole } from '../../components/session';
import { RecordTabs } from '../../components/timeline';
import { confirmWin } from './confirm-win';
import { DealFormModal } from './DealFormModal';
import {
  type DealWire,
  type PipelineWire,
  useDeal,
  useDealTransition,
  useDeleteDeal,
  useMoveDeal,
  useUpdateDeal,
} from './deals-api';
import {
  DEAL_PRIORITY_COLORS,
  DEAL_PRIORITY_LABELS,
  DEAL_STATUS_COLORS,
  DEAL_STATUS_LABELS,
  DEAL_TYPE_LABELS,
} from './labels';
import { type LosingDeal, LostDealDialog } from './LostDealDialog';

/**
 * One deal: status, amount, company, the clickable stage path (open stages move the deal; the won
 * stage asks to confirm; a lost stage asks for the reason), Won / Lost / Abandon / Reopen, edit
 * (If-Match), owner, tags, details, custom fields, and its contacts (set the primary one).
 */
export function DealDetailPage({ id, pipelines }: { id: string; pipelines: PipelineWire[] | undefined }) {
  const deal = useDeal(id);
  usePageTitle(deal.data?.name ?? 'Deal');
  return (
    <RecordDetailGate query={deal} noun="deal" plural="deals">
      {(data) => <DealView deal={data} pipelines={pipelines} onReload={() => deal.refetch()} />}
    </RecordDetailGate>
  );
}

export function DealView({
  deal,
  pipelines,
  onReload,
}: {
  deal: DealWire;
  pipelines: PipelineWire[] | undefined;
  onReload: () => void;
}) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [editing, setEditing] = useState(false);
  const [losing, setLosing] = useState<LosingDeal | null>(null);
  const update = useUpdateDeal();
  const move = useMoveDeal();
  const transition = useDealTransition();
  const del = useDeleteDeal();
  const defs = useCustomFieldDefs('deal');
  const pipeline = pipelines?.find((p) => p.id === deal.pipeline_id);
  const open = deal.status === 'open';

  const actions = useRecordActions({ record: deal, noun: 'deal', plural: 'deals', update, del, onReload });
  const win = () =>
    confirmWin(deal.name, (reason) =>
      transition.mutate(
        { id: deal.id, action: 'won', version: deal.version, reason },
        { onSuccess: () => notifySuccess(`${deal.name} won`), onError: actions.failed('Could not mark the deal won') },
      ),
    );
  const onStage = (stage: PathStage) => {
    if (stage.kind === 'lost') setLosing({ id: deal.id, name: deal.name, stageId: stage.id, version: deal.version });
    else if (stage.kind === 'won')
      confirmWin(deal.name, (wonReason) =>
        move.mutate(
          { id: deal.id, stageId: stage.id, version: deal.version, wonReason },
          { onSuccess: () => notifySuccess(`${deal.name} won`), onError: actions.failed('Could not move the deal') },
        ),
      );
    else
      move.mutate(
        { id: deal.id, stageId: stage.id, version: deal.version },
        {
          onSuccess: () => notifySuccess(`Moved to ${stage.name}`),
          onError: actions.failed('Could not move the deal'),
        },
      );
  };
  const onAbandon = () =>
    confirmDanger({
      title: `Abandon ${deal.name}?`,
      message: 'The deal closes without a result and leaves the board. You can reopen it later.',
      confirmLabel: 'Abandon deal',
      onConfirm: () =>
        transition.mutate(
          { id: deal.id, action: 'abandon', version: deal.version },
          {
            onSuccess: () => notifySuccess(`${deal.name} abandoned`),
            onError: actions.failed('Could not abandon the deal'),
          },
        ),
    });
  const onReopen = () =>
    confirmDanger({
      title: `Reopen ${deal.name}?`,
      message: 'The deal becomes open again; its won or lost dates and the lost reason are cleared.',
      confirmLabel: 'Reopen deal',
      onConfirm: () =>
        transition.mutate(
          { id: deal.id, action: 'reopen', version: deal.version },
          {
            onSuccess: () => notifySuccess(`${deal.name} reopened`),
            onError: actions.failed('Could not reopen the deal'),
          },
        ),
    });
  const onDelete = () =>
    actions.confirmDelete(`It moves to the recycle bin and can be restored for ${RESTORE_DAYS} days.`);
  const makePrimary = (contactId: string, name: string) =>
    actions.patch({ primary_contact_id: contactId }, `${name} is now the primary contact`);

  const activeDefs = (defs.data ?? []).filter((d) => !d.archived);
  return (
    <Stack gap="lg">
      <Breadcrumbs separatorMargin={6} aria-label="Breadcrumb">
        <Anchor component={Link} to="/deals" size="sm">
          Deals
        </Anchor>
        <Text size="sm" c="dimmed" aria-current="page">
          {deal.name}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} size="h2">
              {deal.name}
            </Title>
            <Badge variant="light" color={DEAL_STATUS_COLORS[deal.status]} tt="none" data-testid="deal-status">
              {DEAL_STATUS_LABELS[deal.status]}
            </Badge>
          </Group>
          <Group gap="lg" wrap="wrap">
            <MoneyText value={deal.amount} fw={700} size="lg" />
            {deal.company && (
              <Anchor component={Link} to={`/companies/${deal.company.id}`} size="sm">
                {deal.company.name}
              </Anchor>
            )}
            <Text size="sm" c="dimmed">
              Owner: <b>{deal.owner?.name ?? 'Unassigned'}</b>
            </Text>
            <Text size="sm" c="dimmed">
              {deal.pipeline.name} · {deal.stage.name} for {deal.days_in_stage}{' '}
              {deal.days_in_stage === 1 ? 'day' : 'days'}
            </Text>
          </Group>
        </Stack>
        {canWrite && (
          <Group gap="sm">
            {open && (
              <>
                <Button color="teal" leftSection={<IconTrophy size={16} />} onClick={win}>
                  Won
                </Button>
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconThumbDown size={16} />}
                  onClick={() => setLosing({ id: deal.id, name: deal.name, version: deal.version })}
                >
                  Lost
                </Button>
                <Button variant="default" leftSection={<IconBan size={16} />} onClick={onAbandon}>
                  Abandon
                </Button>
              </>
            )}
            {!open && (
              <Button leftSection={<IconArrowBackUp size={16} />} onClick={onReopen} loading={transition.isPending}>
                Reopen
              </Button>
            )}
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <AssignOwnerButton
              current={deal.owner}
              busy={actions.patching('owner_id')}
              onAssign={actions.assignOwner}
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
          label="Deal stages"
          stages={pipeline.stages}
          currentId={deal.stage_id}
          onSelect={onStage}
          disabled={!canWrite || deal.status === 'abandoned'}
          busyId={move.isPending ? (move.variables?.stageId ?? null) : null}
        />
      ) : (
        <Group>
          <Badge variant="light" tt="none">
            {deal.stage.name}
          </Badge>
        </Group>
      )}

      {deal.status === 'won' && (
        <Alert color="teal" icon={<IconTrophy size={18} />} title="Won" role="status">
          <Text size="sm">
            {deal.won_reason ? `${deal.won_reason} · ` : ''}Won on {formatDateTime(deal.won_at)}.
          </Text>
        </Alert>
      )}
      {deal.status === 'lost' && (
        <Alert color="red" icon={<IconThumbDown size={18} />} title="Lost" role="status">
          <Text size="sm">
            {deal.lost_reason ?? 'No reason given'} · {formatDateTime(deal.closed_at)}
          </Text>
        </Alert>
      )}
      {deal.status === 'abandoned' && (
        <Alert color="gray" icon={<IconBan size={18} />} title="Abandoned" role="status">
          <Text size="sm">Closed on {formatDateTime(deal.closed_at)}. Reopen it to work on it again.</Text>
        </Alert>
      )}

      <RecordTagsEditor
        tags={deal.tags}
        canEdit={canWrite}
        busy={actions.patching('tag_ids')}
        onChange={actions.setTags}
      />

      <RecordTabs record={{ type: 'deal', id: deal.id }}>
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
                      { label: 'Amount', value: <MoneyText value={deal.amount} /> },
                      {
                        label: 'Probability',
                        value: `${deal.probability}%${deal.probability_override === null ? ' (stage)' : ''}`,
                      },
                      {
                        label: 'Expected close',
                        value: orDash(deal.expected_close_date && formatDate(deal.expected_close_date)),
                      },
                      { label: 'Type', value: orDash(deal.type && DEAL_TYPE_LABELS[deal.type]) },
                      {
                        label: 'Priority',
                        value: orDash(
                          deal.priority && (
                            <Badge size="sm" variant="light" color={DEAL_PRIORITY_COLORS[deal.priority]} tt="none">
                              {DEAL_PRIORITY_LABELS[deal.priority]}
                            </Badge>
                          ),
                        ),
                      },
                      {
                        label: 'Company',
                        value: orDash(
                          deal.company && (
                            <Anchor component={Link} to={`/companies/${deal.company.id}`} size="sm">
                              {deal.company.name}
                            </Anchor>
                          ),
                        ),
                      },
                      { label: 'Won', value: orDash(deal.won_at && formatDateTime(deal.won_at)) },
                      { label: 'Closed', value: orDash(deal.closed_at && formatDateTime(deal.closed_at)) },
                      { label: 'Won reason', value: orDash(deal.won_reason) },
                      { label: 'Lost reason', value: orDash(deal.lost_reason) },
                      {
                        label: 'Source lead',
                        value: orDash(
                          deal.source_lead_id && (
                            <Anchor component={Link} to={`/leads/${deal.source_lead_id}`} size="sm">
                              Open the lead
                            </Anchor>
                          ),
                        ),
                      },
                      { label: 'Created', value: formatDateTime(deal.created_at) },
                      { label: 'Updated', value: formatDateTime(deal.updated_at) },
                    ]}
                  />
                </Stack>
              </Paper>
              <CustomFieldsPanel defs={activeDefs} values={deal.custom_fields} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder radius="md" p="lg">
              <Stack gap="md">
                <Group justify="space-between">
                  <Title order={2} size="h5">
                    Contacts
                  </Title>
                  {canWrite && (
                    <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
                      Change
                    </Button>
                  )}
                </Group>
                {deal.contacts.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No contacts on this deal. Use Edit to add the people involved.
                  </Text>
                ) : (
                  <Table aria-label={`Contacts of ${deal.name}`} verticalSpacing="xs">
                    <Table.Tbody>
                      {deal.contacts.map((c) => (
                        <Table.Tr key={c.id}>
                          <Table.Td>
                            <Group gap="xs">
                              <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500}>
                                {c.name}
                              </Anchor>
                              {c.is_primary && (
                                <Badge size="xs" variant="light" color="yellow" tt="none">
                                  Primary
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td w={50}>
                            {canWrite && !c.is_primary && (
                              <Tooltip label="Make primary" withArrow>
                                <ActionIcon
                                  variant="subtle"
                                  color="yellow"
                                  aria-label={`Make ${c.name} primary`}
                                  onClick={() => makePrimary(c.id, c.name)}
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
                )}
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      </RecordTabs>

      <DealFormModal
        opened={editing}
        deal={deal}
        pipelines={pipelines ?? []}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
        onReload={onReload}
      />
      <LostDealDialog deal={losing} onClose={() => setLosing(null)} />
    </Stack>
  );
}
