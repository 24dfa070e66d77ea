import { Anchor, Badge, Button, Stack, Text } from '@mantine/core';
import { IconFileImport, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { LEAD_PRIORITIES, LEAD_STATUSES, RATINGS, roleAtLeast } from '@relata/shared';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/records/ExportMenu';
import { ViewSwitcher } from '../../components/records/ViewSwitcher';
import type { FilterDef } from '../../components/records/filters';
import { MoneyText } from '../../components/records/MoneyText';
import { RecordListView } from '../../components/records/RecordListView';
import { TagBadges } from '../../components/records/TagBadges';
import {
  SalesBoardView,
  type BoardSlot,
  type PipelineSelectSlot,
  ViewToggle,
} from '../../components/records/sales-views';
import { useViewMode } from '../../components/records/view-mode';
import { useRememberedPipeline } from '../../components/records/remembered-pipeline';
import { useRole } from '../../components/session';
import { ConvertLeadDialog, type PipelineWire } from './ConvertLeadDialog';
import { LEAD_STATUS_COLORS, LEAD_STATUS_LABELS, PRIORITY_COLORS, PRIORITY_LABELS, RATING_LABELS } from './labels';
import { LeadFormModal } from './LeadFormModal';
import { type LeadRow, leadRow } from './leads-api';
import { LeadStatsCards } from './LeadStatsCards';
import { LoseLeadDialog } from './LoseLeadDialog';

const col = createColumnHelper<LeadRow>();
const dim = (s: string | null | undefined) =>
  s ? (
    <Text size="sm">{s}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );

const COLUMNS = [
  col.accessor('title', {
    id: 'title',
    header: 'Title',
    meta: { sortKey: 'title', minWidth: 220 },
    cell: ({ row }) => (
      <Anchor component={Link} to={`/leads/${row.original.id}`} fw={600} size="sm">
        {row.original.title}
      </Anchor>
    ),
  }),
  col.accessor('company_name', {
    id: 'company_name',
    header: 'Company',
    meta: { minWidth: 160 },
    cell: (c) => dim(c.getValue()),
  }),
  col.accessor((l) => l.stage.name, {
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
      <Badge variant="dot" color={LEAD_STATUS_COLORS[c.getValue()]} tt="none">
        {LEAD_STATUS_LABELS[c.getValue()]}
      </Badge>
    ),
  }),
  col.accessor((l) => l.owner?.name ?? null, {
    id: 'owner',
    header: 'Owner',
    meta: { minWidth: 130 },
    cell: (c) => dim(c.getValue() ?? 'Unassigned'),
  }),
  col.accessor('expected_revenue', {
    id: 'expected_revenue',
    header: 'Expected revenue',
    meta: { minWidth: 150 },
    cell: (c) => <MoneyText value={c.getValue()} />,
  }),
  col.accessor('priority', {
    id: 'priority',
    header: 'Priority',
    meta: { minWidth: 100 },
    cell: (c) => {
      const p = c.getValue();
      return p ? (
        <Badge variant="light" color={PRIORITY_COLORS[p]} tt="none" radius="sm">
          {PRIORITY_LABELS[p]}
        </Badge>
      ) : (
        dim(null)
      );
    },
  }),
  col.accessor('tags', {
    id: 'tags',
    header: 'Tags',
    meta: { minWidth: 150 },
    cell: (c) => <TagBadges tags={c.getValue()} max={3} />,
  }),
  col.accessor('rating', {
    id: 'rating',
    header: 'Rating',
    meta: { minWidth: 90 },
    cell: (c) => dim(c.getValue() ? RATING_LABELS[c.getValue()!] : null),
  }),
  col.accessor('score', {
    id: 'score',
    header: 'Score',
    meta: { sortKey: 'score', descFirst: true, minWidth: 90 },
    cell: (c) => dim(c.getValue()?.toString()),
  }),
  col.accessor('source', { id: 'source', header: 'Source', meta: { minWidth: 120 }, cell: (c) => dim(c.getValue()) }),
  col.accessor('email', { id: 'email', header: 'Email', meta: { minWidth: 180 }, cell: (c) => dim(c.getValue()) }),
  col.accessor('next_follow_up_at', {
    id: 'next_follow_up_at',
    header: 'Next follow-up',
    meta: { sortKey: 'next_follow_up_at', minWidth: 140 },
    cell: (c) => dim(c.getValue() ? formatDate(c.getValue()) : null),
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
const HIDDEN = ['rating', 'score', 'source', 'email', 'next_follow_up_at', 'created_at'];
const COLUMN_IDS = COLUMNS.map((c) => c.id!);

function leadFilters(pipelines: PipelineWire[]): FilterDef[] {
  const many = pipelines.length > 1;
  return [
    { kind: 'owner', key: 'owner_id', label: 'Owner', primary: true },
    { kind: 'tag', key: 'tag_id', label: 'Tag', primary: true },
    {
      kind: 'select',
      key: 'status',
      label: 'Status',
      primary: true,
      options: LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] })),
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
    {
      kind: 'select',
      key: 'priority',
      label: 'Priority',
      options: LEAD_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
    },
    {
      kind: 'select',
      key: 'rating',
      label: 'Rating',
      options: RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] })),
    },
    { kind: 'text', key: 'source', label: 'Source', placeholder: 'Exact source, e.g. Website' },
    { kind: 'text', key: 'segment', label: 'Segment', placeholder: 'Exact segment' },
    { kind: 'dateRange', from: 'created_from', to: 'created_to', label: 'Created' },
    { kind: 'dateRange', from: 'updated_from', to: 'updated_to', label: 'Updated' },
  ];
}

/**
 * Leads: statistics cards, then the leads as a table (search, filters, columns, bulk actions) or
 * as a board of the chosen lead pipeline (quick filters); the view is remembered per person.
 * Dropping a card into the won stage opens "Convert", into a lost stage "Mark lost".
 */
export function LeadsPage({
  pipelines,
  dealPipelines,
  renderBoard,
  renderPipelineSelect,
}: {
  /** The lead pipelines (undefined while loading). */
  pipelines: PipelineWire[] | undefined;
  dealPipelines: PipelineWire[];
  renderBoard: BoardSlot;
  renderPipelineSelect: PipelineSelectSlot;
}) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const [view, setView] = useViewMode('lead');
  const [creating, setCreating] = useState(false);
  const [viewKey, setViewKey] = useState(0);
  const [pipelineId, setChosenPipeline] = useRememberedPipeline('lead', pipelines);
  const [converting, setConverting] = useState<string | null>(null);
  const [losing, setLosing] = useState<{ id: string; title: string } | null>(null);
  const filterDefs = useMemo(() => leadFilters(pipelines ?? []), [pipelines]);

  const newButton = canWrite && (
    <>
      <Button
        component={Link}
        to="/settings/import?entity=leads"
        variant="default"
        leftSection={<IconFileImport size={16} />}
      >
        Import
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
        New lead
      </Button>
    </>
  );
  return (
    <>
      <PageHeader
        title="Leads"
        description="Prospects to qualify: work them through the lead pipeline, then convert or lose them."
        actions={
          <>
            <ViewToggle value={view} onChange={setView} />
            <ViewSwitcher
              entity="leads"
              recordType="lead"
              columnIds={COLUMN_IDS}
              defaultHidden={HIDDEN}
              onApplied={() => setViewKey((k) => k + 1)}
            />
            <ExportMenu resource="leads" entity="lead" columnIds={COLUMN_IDS} defaultHidden={HIDDEN} />
            {newButton}
          </>
        }
      />
      <Stack gap="lg">
        <LeadStatsCards />
        {view === 'table' ? (
          <RecordListView<LeadRow>
            key={viewKey}
            resource="leads"
            entity="lead"
            nouns={{ one: 'lead', many: 'leads' }}
            label="Leads"
            columns={COLUMNS}
            defaultHidden={HIDDEN}
            filterDefs={filterDefs}
            canWrite={canWrite}
            searchPlaceholder="Title, company, email or phone"
            toRow={leadRow}
            empty={
              <EmptyBlock
                icon={<IconTargetArrow size={24} />}
                title="No leads yet"
                description={
                  canWrite
                    ? 'Add the prospects you are talking to; qualify them into companies, contacts and deals.'
                    : 'Members of the organisation can add leads.'
                }
                action={
                  canWrite ? (
                    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                      Add your first lead
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
            onOpen={(card) => void navigate(`/leads/${card.id}`)}
            onClosingStage={(card, stage) => {
              if (stage.kind === 'won') setConverting(card.id);
              else if (stage.kind === 'lost') setLosing({ id: card.id, title: card.name });
            }}
          />
        )}
      </Stack>
      <LeadFormModal
        opened={creating}
        pipelineId={view === 'board' ? pipelineId : null}
        onClose={() => setCreating(false)}
        onSaved={(l) => {
          setCreating(false);
          void navigate(`/leads/${l.id}`);
        }}
      />
      <ConvertLeadDialog
        leadId={converting}
        dealPipelines={dealPipelines}
        onClose={() => setConverting(null)}
        onOpenDeal={(id) => void navigate(`/deals/${id}`)}
      />
      <LoseLeadDialog lead={losing} onClose={() => setLosing(null)} />
    </>
  );
}
