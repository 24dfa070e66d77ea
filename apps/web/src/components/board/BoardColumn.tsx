import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { defaultRangeExtractor, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { formatMoney } from '../records/money';
import { useLoadMore } from './board-api';
import { BoardCardView } from './BoardCardView';
import type { BoardCardWire, BoardColumnWire, BoardEntityName, BoardFilters, StageWire } from './types';

/** Estimated card height before it is measured, and the gap between cards (px). */
const CARD_ESTIMATE = 112;
const GAP = 8;
/** jsdom (tests) measures nothing: pretend the column shows this many pixels. */
const FALLBACK_VIEWPORT = 600;
/** Load the next page when this close (in cards) to the end of what is loaded. */
const PREFETCH = 6;

export const columnDropId = (stageId: string) => `column:${stageId}`;

/** Drag data of a card and of a column, read back in the board's drag handlers. */
export type DragData = { type: 'card'; card: BoardCardWire } | { type: 'column'; stageId: string };

/** Where the card being dragged from another column would land, if over this column. */
export interface DropHint {
  stageId: string;
  overId: string | null;
  below: boolean;
}

function SortableCard({
  card,
  stages,
  onOpen,
  onMoveTo,
  canMove,
  hint,
}: {
  card: BoardCardWire;
  stages: StageWire[];
  onOpen: (card: BoardCardWire) => void;
  onMoveTo: (card: BoardCardWire, stage: StageWire) => void;
  canMove: boolean;
  hint: 'before' | 'after' | null;
}) {
  const sortable = useSortable({
    id: card.id,
    data: { type: 'card', card } satisfies DragData,
    disabled: !canMove,
  });
  return (
    <BoardCardView
      card={card}
      stages={stages}
      onOpen={onOpen}
      onMoveTo={canMove ? (stage) => onMoveTo(card, stage) : undefined}
      dropIndicator={hint}
      drag={
        canMove
          ? {
              setNode: sortable.setNodeRef,
              setActivator: sortable.setActivatorNodeRef,
              attributes: sortable.attributes,
              listeners: sortable.listeners,
              style: { transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition },
              isDragging: sortable.isDragging,
            }
          : undefined
      }
    />
  );
}

function Totals({ column }: { column: BoardColumnWire }) {
  if (column.amounts.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No amounts
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {column.amounts.map((a) => (
        <Text key={a.currency} size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
          <Text span inherit fw={600}>
            {formatMoney({ amount: a.sum, currency: a.currency })}
          </Text>
          <Text span inherit c="dimmed">
            {' · weighted '}
            {formatMoney({ amount: a.weighted_sum, currency: a.currency })}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}

/**
 * One stage column: a region named after the stage, its header (colour, name, count, money per
 * currency) and a virtualised list of its cards that reads the next page as the end comes into view.
 */
export function BoardColumn({
  column,
  stages,
  pipelineId,
  entity,
  filters,
  noun,
  canMove,
  activeId,
  hint,
  isTarget,
  onOpen,
  onMoveTo,
}: {
  column: BoardColumnWire;
  stages: StageWire[];
  pipelineId: string;
  entity: BoardEntityName;
  filters: BoardFilters;
  noun: string;
  canMove: (card: BoardCardWire) => boolean;
  activeId: string | null;
  hint: DropHint | null;
  isTarget: boolean;
  onOpen: (card: BoardCardWire) => void;
  onMoveTo: (card: BoardCardWire, stage: StageWire) => void;
}) {
  const { stage, cards } = column;
  const scrollRef = useRef<HTMLDivElement>(null);
  const loadMore = useLoadMore(pipelineId, entity, filters, stage.id);
  const { setNodeRef } = useDroppable({ id: columnDropId(stage.id), data: { type: 'column', stageId: stage.id } });
  const activeIndex = activeId ? cards.findIndex((c) => c.id === activeId) : -1;
  // TanStack Virtual's instance is mutable: the compiler leaves this component unmemoised, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE,
    gap: GAP,
    overscan: 4,
    getItemKey: (i) => cards[i]!.id,
    // Keep the card being dragged mounted even when it scrolls out of view.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return activeIndex >= 0 && !indexes.includes(activeIndex)
        ? [...indexes, activeIndex].sort((a, b) => a - b)
        : indexes;
    },
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) =>
        cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT }),
      ),
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  const cursor = column.next_cursor;

  useEffect(() => {
    if (cursor && !loadMore.isPending && !loadMore.isError && lastIndex >= cards.length - PREFETCH) {
      loadMore.mutate(cursor);
    }
  }, [cursor, lastIndex, cards.length, loadMore]);

  const hinted = hint && hint.stageId === stage.id ? hint : null;
  const hintFor = (card: BoardCardWire, index: number): 'before' | 'after' | null => {
    if (!hinted) return null;
    if (hinted.overId === card.id) return hinted.below ? 'after' : 'before';
    if (hinted.overId === null && index === cards.length - 1) return 'after';
    return null;
  };

  return (
    <Paper
      component="section"
      aria-label={stage.name}
      radius="md"
      p={0}
      withBorder
      style={{
        width: 288,
        flex: '0 0 288px',
        display: 'flex',
        flexDirection: 'column',
        background: 'var(--mantine-color-default-hover)',
        borderTop: `4px solid ${stage.color}`,
        outline: isTarget ? '2px solid var(--mantine-primary-color-filled)' : undefined,
        maxHeight: '100%',
      }}
    >
      <Stack gap={4} p="sm" pb="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={700} size="sm" truncate component="h2" m={0}>
              {stage.name}
            </Text>
            {stage.kind !== 'open' && (
              <Badge size="xs" variant="light" color={stage.kind === 'won' ? 'teal' : 'red'}>
                {stage.kind}
              </Badge>
            )}
          </Group>
          <Tooltip label={`${column.count.toLocaleString()} ${noun} · ${stage.probability}% probability`} withArrow>
            <Badge variant="default" size="sm" aria-label={`${column.count} ${noun}`}>
              {column.count.toLocaleString()}
            </Badge>
          </Tooltip>
        </Group>
        <Totals column={column} />
      </Stack>
      <div
        ref={(node) => {
          scrollRef.current = node;
          setNodeRef(node);
        }}
        role="list"
        aria-label={`${stage.name} cards`}
        style={{ overflowY: 'auto', flex: 1, minHeight: 120, padding: '0 8px 8px' }}
      >
        <SortableContext id={stage.id} items={cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
          {cards.length === 0 ? (
            <Paper
              withBorder
              radius="md"
              p="md"
              style={{ borderStyle: 'dashed', background: 'transparent', textAlign: 'center' }}
            >
              <Text size="xs" c="dimmed">
                No {noun} in this stage
              </Text>
            </Paper>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const card = cards[item.index]!;
                return (
                  <div
                    key={item.key}
                    role="listitem"
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{ position: 'absolute', top: item.start, left: 0, right: 0 }}
                  >
                    <SortableCard
                      card={card}
                      stages={stages}
                      onOpen={onOpen}
                      onMoveTo={onMoveTo}
                      canMove={canMove(card)}
                      hint={hintFor(card, item.index)}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </SortableContext>
        {loadMore.isPending && <Skeleton h={CARD_ESTIMATE} radius="md" mt={GAP} aria-label="Loading more cards" />}
        {loadMore.isError && (
          <Stack gap={4} align="center" mt="xs" role="alert">
            <Text size="xs" c="red">
              {loadMore.error instanceof Error ? loadMore.error.message : 'Could not load more cards'}
            </Text>
            <Button size="compact-xs" variant="light" color="red" onClick={() => cursor && loadMore.mutate(cursor)}>
              Retry
            </Button>
          </Stack>
        )}
      </div>
    </Paper>
  );
}

/** Grey placeholders while the board's first screen loads. */
export function BoardSkeleton() {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" aria-busy="true" aria-label="Loading board">
      {[0, 1, 2, 3].map((i) => (
        <Paper key={i} withBorder radius="md" p="sm" style={{ width: 288, flex: '0 0 288px' }}>
          <Skeleton h={16} w="60%" mb={8} />
          <Skeleton h={12} w="40%" mb="md" />
          <Stack gap={8}>
            {[0, 1, 2].map((j) => (
              <Skeleton key={j} h={88} radius="md" />
            ))}
          </Stack>
        </Paper>
      ))}
    </Group>
  );
}
