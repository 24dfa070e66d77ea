/**
 * Pieces the table / board pages (leads, deals) share: the view toggle, the board's quick filters,
 * and the shape of the board a route hands to a page (the board itself is composed by the route).
 */
import { Group, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconLayoutKanban, IconSearch, IconTable } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { TagSelect } from './TagPicker';
import type { RecordViewMode } from './view-mode';

/** A card of a board, as far as a page needs it. */
export interface BoardCardRef {
  id: string;
  name: string;
}
/** A stage of a board, as far as a page needs it. */
export interface BoardStageRef {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
}
/** Quick filters of a board. */
export interface BoardFilters {
  owner_id?: string;
  tag_id?: string;
  q?: string;
}
/** What a route gives a page to draw a board (the board itself lives outside this feature). */
export interface BoardSlotProps {
  pipelineId: string;
  filters: BoardFilters;
  onOpen: (card: BoardCardRef) => void;
  onClosingStage: (card: BoardCardRef, stage: BoardStageRef) => void;
}

/** Draws the board of a pipeline (given by the route). */
export type BoardSlot = (props: BoardSlotProps) => ReactNode;
/** Draws a pipeline picker (given by the route). */
export type PipelineSelectSlot = (props: { value: string | null; onChange: (id: string) => void }) => ReactNode;

/** The board's quick filters: everyone / mine / unassigned, a tag, and text. */
export function BoardQuickFilters({
  value,
  onChange,
}: {
  value: BoardFilters;
  onChange: (next: BoardFilters) => void;
}) {
  const [text, setText] = useState(value.q ?? '');
  const pushText = useDebouncedCallback((t: string) => onChange({ ...value, q: t.trim() || undefined }), 300);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Owner"
        value={value.owner_id ?? 'all'}
        onChange={(o) => onChange({ ...value, owner_id: o === 'all' ? undefined : o })}
        data={[
          { value: 'all', label: 'Everyone' },
          { value: 'me', label: 'Mine' },
          { value: 'none', label: 'Unassigned' },
        ]}
      />
      <TagSelect
        aria-label="Tag"
        placeholder="Any tag"
        value={value.tag_id ?? null}
        onChange={(id) => onChange({ ...value, tag_id: id ?? undefined })}
        w={200}
      />
      <TextInput
        aria-label="Search the board"
        placeholder="Search the board"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          pushText(e.currentTarget.value);
        }}
        style={{ flex: '1 1 200px', maxWidth: 320 }}
      />
    </Group>
  );
}

/** Table / board toggle. */
export function ViewToggle({ value, onChange }: { value: RecordViewMode; onChange: (v: RecordViewMode) => void }) {
  return (
    <SegmentedControl
      aria-label="View"
      value={value}
      onChange={(v) => onChange(v as RecordViewMode)}
      data={[
        {
          value: 'table',
          label: (
            <Group gap={6} wrap="nowrap">
              <IconTable size={16} aria-hidden />
              <span>Table</span>
            </Group>
          ),
        },
        {
          value: 'board',
          label: (
            <Group gap={6} wrap="nowrap">
              <IconLayoutKanban size={16} aria-hidden />
              <span>Board</span>
            </Group>
          ),
        },
      ]}
    />
  );
}

/**
 * The board view of a leads or deals page: the pipeline picker, the quick filters (kept here: they
 * belong to this view only) and the board of the chosen pipeline, once one is known.
 */
export function SalesBoardView(props: {
  pipelineId: string | null;
  onPipelineChange: (id: string) => void;
  renderPipelineSelect: PipelineSelectSlot;
  renderBoard: BoardSlot;
  onOpen: BoardSlotProps['onOpen'];
  onClosingStage: BoardSlotProps['onClosingStage'];
}) {
  const [filters, setFilters] = useState<BoardFilters>({});
  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end" wrap="wrap">
        {props.renderPipelineSelect({ value: props.pipelineId, onChange: props.onPipelineChange })}
        <BoardQuickFilters value={filters} onChange={setFilters} />
      </Group>
      {props.pipelineId &&
        props.renderBoard({
          pipelineId: props.pipelineId,
          filters,
          onOpen: props.onOpen,
          onClosingStage: props.onClosingStage,
        })}
    </Stack>
  );
}
