import { Group, ScrollArea } from '@mantine/core';
import {
  type Announcements,
  closestCenter,
  closestCorners,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  type DragMoveEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { roleAtLeast } from '@relata/shared';
import { notifications } from '@mantine/notifications';
import { type JSX, useState } from 'react';
import { ErrorAlert } from '../ErrorAlert';
import { useRole } from '../session';
import { useBoard, useMoveCard } from './board-api';
import { placementFor } from './board-model';
import { BoardCardView } from './BoardCardView';
import { BoardColumn, BoardSkeleton, type DragData, type DropHint } from './BoardColumn';
import type { BoardCardWire, BoardEntityName, BoardFilters, StageWire } from './types';

export interface PipelineBoardProps {
  entity: BoardEntityName;
  pipelineId: string;
  filters: BoardFilters;
  /** Open a card's record page (e.g. navigate to /deals/:id). */
  onOpen: (card: BoardCardWire) => void;
  /**
   * When given, dropping (or "Move to stage" choosing) a card into a won/lost stage calls this
   * instead of moving; the page opens its convert/won/lost dialog.
   */
  onClosingStage?: (card: BoardCardWire, stage: StageWire) => void;
}

const dragData = (x: { data: { current?: unknown } } | null | undefined) => x?.data.current as DragData | undefined;

/**
 * Cards first: the pointer's card, else the card nearest the pointer inside the column it is over
 * (so the empty space under a column's cards means "after the last one"), else the column itself;
 * without a pointer (keyboard) the closest corners.
 */
const collision: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);
  const card = hits.find((h) => dragData(args.droppableContainers.find((c) => c.id === h.id))?.type === 'card');
  if (card) return [card];
  const column = hits[0];
  if (column) {
    const stageId = (dragData(args.droppableContainers.find((c) => c.id === column.id)) as { stageId?: string })
      ?.stageId;
    const inColumn = args.droppableContainers.filter((c) => {
      const d = dragData(c);
      return d?.type === 'card' && d.card.stage_id === stageId;
    });
    if (inColumn.length > 0) return closestCenter({ ...args, droppableContainers: inColumn });
    return [column];
  }
  return closestCorners(args);
};

/** Is the dragged card's centre below the middle of the card it is over? */
function isBelow(e: DragMoveEvent | DragEndEvent): boolean {
  const rect = e.active.rect.current.translated;
  if (!rect || !e.over) return false;
  return rect.top + rect.height / 2 > e.over.rect.top + e.over.rect.height / 2;
}

/**
 * A pipeline's Kanban board: one column per stage side by side (horizontal scroll), cards dragged
 * between and within columns (pointer or keyboard via the drag handle) or sent with each card's
 * "Move to stage" menu. Moves are optimistic and undone with an error toast when refused.
 */
export function PipelineBoard({
  entity,
  pipelineId,
  filters,
  onOpen,
  onClosingStage,
}: PipelineBoardProps): JSX.Element {
  const board = useBoard(pipelineId, entity, filters);
  const move = useMoveCard(pipelineId, entity, filters);
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [active, setActive] = useState<BoardCardWire | null>(null);
  const [hint, setHint] = useState<DropHint | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const noun = entity === 'deal' ? 'deals' : 'leads';

  if (board.isPending) return <BoardSkeleton />;
  if (!board.data) {
    return <ErrorAlert error={board.error} title="Could not load the board" onRetry={() => board.refetch()} />;
  }
  const data = board.data;
  const stages = data.columns.map((c) => c.stage as StageWire);
  const stageOf = (id: string) => stages.find((s) => s.id === id);
  const columnOf = (stageId: string) => data.columns.find((c) => c.stage.id === stageId);
  // Converted or lost leads stay where they are; deals reopen by moving back to an open stage.
  const canMove = (card: BoardCardWire) => canWrite && (entity === 'deal' || card.status === 'open');

  /** Moves `card` to `stage` at `placement`, or hands a closing stage to the page. */
  const send = (card: BoardCardWire, stage: StageWire, placement: { before_id?: string; after_id?: string }) => {
    if (stage.id !== card.stage_id && stage.kind !== 'open') {
      if (onClosingStage) return onClosingStage(card, stage);
      if (entity === 'lead') {
        notifications.show({
          color: 'yellow',
          title: `${card.name} stays in ${stageOf(card.stage_id)?.name ?? 'its stage'}`,
          message: stage.kind === 'won' ? 'Convert the lead to qualify it.' : 'Mark the lead lost instead.',
        });
        return;
      }
    }
    move.mutate({ card, stage_id: stage.id, ...placement });
  };

  const onMoveTo = (card: BoardCardWire, stage: StageWire) => send(card, stage, {});

  const targetOf = (e: DragMoveEvent | DragEndEvent): DropHint | null => {
    const over = dragData(e.over);
    if (!over) return null;
    if (over.type === 'column') return { stageId: over.stageId, overId: null, below: false };
    return { stageId: over.card.stage_id, overId: over.card.id, below: isBelow(e) };
  };

  const onDragStart = (e: DragStartEvent) => {
    const d = dragData(e.active);
    setActive(d?.type === 'card' ? d.card : null);
  };
  const onDragMove = (e: DragMoveEvent) => {
    const next = targetOf(e);
    const shown = next && active && next.stageId !== active.stage_id ? next : null;
    if (shown?.stageId !== hint?.stageId || shown?.overId !== hint?.overId || shown?.below !== hint?.below) {
      setHint(shown);
    }
  };
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    setHint(null);
    const d = dragData(e.active);
    const target = targetOf(e);
    if (d?.type !== 'card' || !target) return;
    const card = d.card;
    const column = columnOf(target.stageId);
    const stage = stageOf(target.stageId);
    if (!column || !stage) return;
    const placement = placementFor({
      ids: column.cards.map((c) => c.id),
      cardId: card.id,
      overId: target.overId,
      sameColumn: target.stageId === card.stage_id,
      below: target.below,
    });
    if (placement) send(card, stage, placement);
  };

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => {
      const c = dragData(a);
      return c?.type === 'card' ? `Picked up ${c.card.name} in ${stageOf(c.card.stage_id)?.name}.` : undefined;
    },
    onDragOver: ({ over }) => {
      const o = dragData(over);
      if (!o) return undefined;
      const stageId = o.type === 'card' ? o.card.stage_id : o.stageId;
      return o.type === 'card'
        ? `Over ${o.card.name} in ${stageOf(stageId)?.name}.`
        : `Over ${stageOf(stageId)?.name}.`;
    },
    onDragEnd: ({ over }) => {
      const o = dragData(over);
      if (!o) return 'Dropped back where it was.';
      return `Dropped in ${stageOf(o.type === 'card' ? o.card.stage_id : o.stageId)?.name}.`;
    },
    onDragCancel: () => 'Move cancelled.',
  };

  return (
    <div role="region" aria-label={`${data.pipeline.name} board`} aria-busy={board.isFetching || undefined}>
      {board.error && (
        <ErrorAlert error={board.error} title="Could not refresh the board" onRetry={() => board.refetch()} />
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragMove={onDragMove}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setActive(null);
          setHint(null);
        }}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To move a card, press space or enter, use the arrow keys to choose a place, then press space or enter to drop it, or escape to cancel. The "Move to stage" menu on each card does the same without dragging.',
          },
        }}
      >
        <ScrollArea type="auto" offsetScrollbars="x" scrollbars="x">
          <Group gap="sm" wrap="nowrap" align="stretch" pb="sm" style={{ height: 'max(420px, calc(100dvh - 330px))' }}>
            {data.columns.map((column) => (
              <BoardColumn
                key={column.stage.id}
                column={column}
                stages={stages}
                pipelineId={pipelineId}
                entity={entity}
                filters={filters}
                noun={noun}
                canMove={canMove}
                activeId={active?.id ?? null}
                hint={hint}
                isTarget={hint?.stageId === column.stage.id}
                onOpen={onOpen}
                onMoveTo={onMoveTo}
              />
            ))}
          </Group>
        </ScrollArea>
        <DragOverlay dropAnimation={null}>
          {active ? <BoardCardView card={active} stages={stages} onOpen={() => {}} overlay /> : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}
