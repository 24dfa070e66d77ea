import { Anchor, Badge, Button, Text } from '@mantine/core';
import { IconFileImport, IconPigMoney, IconPlus } from '@tabler/icons-react';
import { DEAL_PRIORITIES, DEAL_STATUSES, DEAL_TYPES, roleAtLeast } from '@relata/shared';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/records/ExportMenu';
import { ViewSwitcher } from '../../components/records/ViewSwitcher';
import type { FilterDef } from '../../components/records/filters';
import { MoneyText } from '../../components/records/MoneyText';
import { RecordListView } from '../../components/records/RecordListView';
import {
  type BoardCardRef,
  SalesBoardView,
  type BoardSlot,
  type BoardStageRef,
  type PipelineSelectSlot,
  ViewToggle,
} from '../../components/records/sales-views';
import { TagBadges } from '../../components/records/TagBadges';
import { useViewMode } from '../../components/records/view-mode';
import { useRememberedPipeline } from '../../components/records/remembered-pipeline';
import { useRole } from '../../components/session';
import { DealFormModal } from './DealFormModal';
import { type DealWire, type PipelineWire, useMoveDeal } from './deals-api';
import {
  DEAL_PRIORITY_COLORS,
  DEAL_PRIORITY_LABELS,
  DEAL_STATUS_COLORS,
  DEAL_STATUS_LABELS,
  DEAL_TYPE_LABELS,
} from './labels';
import { type LosingDeal, LostDealDialog } from './LostDealDialog';
import { confirmWin } from './confirm-win';

const col = createColumnHelper<DealWire>();
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
    meta: { sortKey: 'name', minWidth: 220 },
    cell: ({ row }) => (
      <Anchor component={Link} to={`/deals/${row.original.id}`} fw={600} size="sm">
        {row.original.name}
      </Anchor>
    ),
  }),
  col.accessor((d) => d.company?.name ?? null, {
    id: 'company',
    header: 'Company',
    meta: { minWidth: 160 },
    cell: ({ row }) =>
      row.original.company ? (
        <Anchor component={Link} to={`/companies/${row.original.company.id}`} size="sm">
          {row.original.company.name}
        </Anchor>
      ) : (
        dim(null)
      ),
  }),
  col.accessor('amount', {
    id: 'amount',
    header: 'Amount',
    meta: { sortKey: 'amount', descFirst: true, minWidth: 130 },
    cell: (c) => <MoneyText value={c.getValue()} />,
  }),
  col.accessor((d) => d.stage.name, {
    id: 'stage',
    header: 'Stage',
    meta: { minWidth: 130 },
    cell: ({ row }) => (
      <Badge
        variant="light"
        radius="sm"
        tt="none"
        color={row.original.stage.kind === 'won' ? 'teal' : row.original.stage.kind === 'lost' ? 'red' : 'gray'}
      >
        {row.original.stage.name}
      </Badge>
    ),
  }),
  col.accessor('status', {
    id: 'status',
    header: 'Status',
    meta: { minWidth: 110 },
    cell: (c) => (
      <Badge variant="dot" color={DEAL_STATUS_COLORS[c.getValue()]} tt="none">
        {DEAL_STATUS_LABELS[c.getValue()]}
      </Badge>
    ),
  }),
  col.accessor('expected_close_date', {
    id: 'expected_close_date',
    header: 'Expected close',
    meta: { sortKey: 'expected_close_date', minWidth: 140 },
    cell: (c) => dim(c.getValue() ? formatDate(c.getValue()) : null),
  }),
  col.accessor('probability', {
    id: 'probability',
    header: 'Probability',
    meta: { minWidth: 110 },
    cell: (c) => <Text size="sm">{c.getValue()}%</Text>,
  }),
  col.accessor((d) => d.owner?.name ?? null, {
    id: 'owner',
    header: 'Owner',
    meta: { minWidth: 130 },
    cell: (c) => dim(c.getValue() ?? 'Unassigned'),
  }),
  col.accessor('tags', {
    id: 'tags',
    header: 'Tags',
    meta: { minWidth: 150 },
    cell: (c) => <TagBadges tags={c.getValue()} max={3} />,
  }),
  col.accessor('type', {
    id: 'type',
    header: 'Type',
    meta: { minWidth: 120 },
    cell: (c) => dim(c.getValue() ? DEAL_TYPE_LABELS[c.getValue()!] : null),
  }),
  col.accessor('priority', {
    id: 'priority',
    header: 'Priority',
    meta: { minWidth: 100 },
    cell: (c) => {
      const p = c.getValue();
      return p ? (
        <Badge variant="light" color={DEAL_PRIORITY_COLORS[p]} tt="none" radius="sm">
          {DEAL_PRIORITY_LABELS[p]}
        </Badge>
      ) : (
        dim(null)
      );
    },
  }),
  col.accessor((d) => d.pipeline.name, {
    id: 'pipeline',
    header: 'Pipeline',
    meta: { minWidth: 140 },
    cell: (c) => dim(c.getValue()),
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
const HIDDEN = ['type', 'priority', 'pipeline', 'created_at'];
const COLUMN_IDS = COLUMNS.map((c) => c.id!);

function dealFilters(pipelines: PipelineWire[]): FilterDef[] {
  const many = pipelines.length > 1;
  return [
    { kind: 'owner', key: 'owner_id', label: 'Owner', primary: true },
    { kind: 'tag', key: 'tag_id', label: 'Tag', primary: true },
    {
      kind: 'select',
      key: 'status',
      label: 'Status',
      primary: true,
      options: DEAL_STATUSES.map((s) => ({ value: s, label: DEAL_STATUS_LABELS[s] })),
    },
    {
      kind: 'select',
      key: 'stage_id',
      label: 'Stage',
      primary: true,
      options: pipelines.flatMap((p) =>
        p.stages.map((s) => ({ value: s.id, label: many ? `${p.name} · ${s.name}` : s.name })),
      ),
    },
    { kind: 'company', key: 'company_id', label: 'Company' },
    {
      kind: 'select',
      key: 'type',
      label: 'Type',
      options: DEAL_TYPES.map((t) => ({ value: t, label: DEAL_TYPE_LABELS[t] })),
    },
    {
      kind: 'select',
      key: 'priority',
      label: 'Priority',
      options: DEAL_PRIORITIES.map((p) => ({ value: p, label: DEAL_PRIORITY_LABELS[p] })),
    },
    { kind: 'dateRange', from: 'expected_close_from', to: 'expected_close_to', label: 'Expected close' },
    { kind: 'numberRange', from: 'amount_min', to: 'amount_max', label: 'Amount', scale: 100 },
    { kind: 'dateRange', from: 'created_from', to: 'created_to', label: 'Created' },
    { kind: 'dateRange', from: 'updated_from', to: 'updated_to', label: 'Updated' },
  ];
}

/**
 * Deals: the table (search, filters, columns, bulk actions) or the board of the chosen deal
 * pipeline (quick filters); the view is remembered per person. Dropping a card into a lost stage
 * asks for the reason; into the won stage asks to confirm, then marks the deal won.
 */
export function DealsPage({
  pipelines,
  renderBoard,
  renderPipelineSelect,
}: {
  pipelines: PipelineWire[] | undefined;
  renderBoard: BoardSlot;
  renderPipelineSelect: PipelineSelectSlot;
}) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [view, setView] = useViewMode('deal');
  const [creating, setCreating] = useState(false);
  const [viewKey, setViewKey] = useState(0);
  const [pipelineId, setChosenPipeline] = useRememberedPipeline('deal', pipelines);
  const [losing, setLosing] = useState<LosingDeal | null>(null);
  const move = useMoveDeal();
  const filterDefs = useMemo(() => dealFilters(pipelines ?? []), [pipelines]);

  const onClosingStage = (card: BoardCardRef, stage: BoardStageRef) => {
    if (stage.kind === 'lost') setLosing({ id: card.id, name: card.name, stageId: stage.id });
    else if (stage.kind === 'won')
      confirmWin(card.name, (wonReason) =>
        move.mutate(
          { id: card.id, stageId: stage.id, wonReason },
          {
            onSuccess: (d) => notifySuccess(`${d.name} won`),
            onError: (err) => notifyError(err, 'Could not mark the deal won'),
          },
        ),
      );
  };
  const newButton = canWrite && (
    <>
      <Button
        component={Link}
        to="/settings/import?entity=deals"
        variant="default"
        leftSection={<IconFileImport size={16} />}
      >
        Import
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
        New deal
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Deals"
        description="Opportunities in your pipelines: amounts, stages and what closes when."
        actions={
          <>
            <ViewToggle value={view} onChange={setView} />
            <ViewSwitcher
              entity="deals"
              recordType="deal"
              columnIds={COLUMN_IDS}
              defaultHidden={HIDDEN}
              onApplied={() => setViewKey((k) => k + 1)}
            />
            <ExportMenu resource="deals" entity="deal" columnIds={COLUMN_IDS} defaultHidden={HIDDEN} />
            {newButton}
          </>
        }
      />
      {view === 'table' ? (
        <RecordListView<DealWire>
          key={viewKey}
          resource="deals"
          entity="deal"
          nouns={{ one: 'deal', many: 'deals' }}
          label="Deals"
          columns={COLUMNS}
          defaultHidden={HIDDEN}
          filterDefs={filterDefs}
          canWrite={canWrite}
          searchPlaceholder="Deal name"
          empty={
            <EmptyBlock
              icon={<IconPigMoney size={24} />}
              title="No deals yet"
              description={
                canWrite
                  ? 'Track the opportunities you are working on, or convert a qualified lead into one.'
                  : 'Members of the organisation can add deals.'
              }
              action={
                canWrite ? (
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                    Add your first deal
                  </Button>
                ) : undefined
              }
            />
          }
        />
      ) : (
        <SalesBoardView
          pipelineId={pipelineId}
          onPipelineChange={setChosenPipeline}
          renderPipelineSelect={renderPipelineSelect}
          renderBoard={renderBoard}
          onOpen={(card) => void navigate(`/deals/${card.id}`)}
          onClosingStage={onClosingStage}
        />
      )}
      <DealFormModal
        opened={creating}
        pipelines={pipelines ?? []}
        pipelineId={view === 'board' ? pipelineId : null}
        onClose={() => setCreating(false)}
        onSaved={(d) => {
          setCreating(false);
          void navigate(`/deals/${d.id}`);
        }}
      />
      <LostDealDialog deal={losing} onClose={() => setLosing(null)} />
    </>
  );
}
