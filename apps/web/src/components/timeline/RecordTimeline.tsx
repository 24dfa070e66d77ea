import { Box, Button, Center, Chip, Group, Loader, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { roleAtLeast } from '@relata/shared';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconTimeline } from '@tabler/icons-react';
import { defaultRangeExtractor, observeElementRect, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EmptyBlock } from '../EmptyBlock';
import { ErrorAlert } from '../ErrorAlert';
import { notifyError, notifySuccess } from '../notify';
import { useRole } from '../session';
import { CompleteActivityDialog, type CompletingActivity } from './CompleteActivityDialog';
import { QuickAddBar } from './QuickAddBar';
import { type TimelineRecord, useActivityTransition, useTimeline } from './timeline-api';
import { dayBounds, TIMELINE_FILTERS, type TimelineRow, timelineRows, typesForFilters } from './timeline-model';
import { type EntryActions, TimelineEntryView } from './TimelineEntryView';

/** Estimated heights (px) before rows are measured. */
const DAY_ESTIMATE = 34;
const ENTRY_ESTIMATE = 92;
/** jsdom (tests) measures nothing: pretend the list shows this many pixels. */
const FALLBACK_VIEWPORT = 600;
/** Load the next page when this close (in rows) to the end of what is loaded. */
const PREFETCH = 8;

const rowKey = (row: TimelineRow) => (row.kind === 'day' ? `day:${row.key}` : `entry:${row.entry.id}`);

/** The index of the day header that owns the first visible row (the one kept stuck on top). */
function activeHeader(headers: readonly number[], range: Pick<Range, 'startIndex'> | null): number | null {
  if (!range || headers.length === 0) return null;
  let active: number | null = null;
  for (const i of headers) {
    if (i <= range.startIndex) active = i;
    else break;
  }
  return active ?? headers[0]!;
}

function TimelineSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading the timeline">
      <Skeleton h={18} w={160} />
      {[0, 1, 2].map((i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <Skeleton h={28} w={28} circle />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton h={14} w="60%" />
            <Skeleton h={12} w="35%" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

function VirtualTimeline({
  rows,
  record,
  actions,
  hasMore,
  loadingMore,
  loadFailed,
  loadMore,
}: {
  rows: TimelineRow[];
  record: TimelineRecord;
  actions: EntryActions;
  hasMore: boolean;
  loadingMore: boolean;
  /** The last page load failed: wait for the retry button instead of asking again on each scroll. */
  loadFailed: boolean;
  loadMore: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headers = useMemo(() => rows.flatMap((r, i) => (r.kind === 'day' ? [i] : [])), [rows]);
  const count = rows.length + (hasMore ? 1 : 0);
  // TanStack Virtual's instance is mutable: the compiler leaves this component unmemoised, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'day' ? DAY_ESTIMATE : ENTRY_ESTIMATE),
    overscan: 6,
    getItemKey: (i) => (rows[i] ? rowKey(rows[i]) : 'more'),
    // Keep the current day's header rendered so it can stick to the top while its entries scroll.
    rangeExtractor: (range) => {
      const active = activeHeader(headers, range);
      const indexes = defaultRangeExtractor(range);
      return active === null || indexes.includes(active) ? indexes : [active, ...indexes];
    },
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) =>
        cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT }),
      ),
  });
  const items = virtualizer.getVirtualItems();
  const stuck = activeHeader(headers, virtualizer.range);
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && !loadFailed && lastIndex >= rows.length - PREFETCH) loadMore();
  }, [hasMore, loadingMore, loadFailed, lastIndex, rows.length, loadMore]);

  return (
    <Box
      ref={scrollRef}
      role="region"
      aria-label="Timeline entries"
      tabIndex={0}
      style={{ maxHeight: 'min(70vh, 720px)', overflowY: 'auto', contain: 'content' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), width: '100%', position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index];
          const isStuck = item.index === stuck;
          const style: React.CSSProperties = isStuck
            ? { position: 'sticky', top: 0, left: 0, width: '100%', zIndex: 2 }
            : { position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` };
          if (!row) {
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={style}>
                <Center py="sm">{loadingMore ? <Loader size="sm" aria-label="Loading older entries" /> : null}</Center>
              </div>
            );
          }
          if (row.kind === 'day') {
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={style}>
                <Text
                  role="heading"
                  aria-level={3}
                  size="xs"
                  fw={700}
                  tt="uppercase"
                  c="dimmed"
                  px="sm"
                  py={8}
                  bg="var(--mantine-color-body)"
                  style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                  data-sticky={isStuck || undefined}
                >
                  {row.label}
                </Text>
              </div>
            );
          }
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={style}>
              <TimelineEntryView entry={row.entry} record={record} actions={actions} />
            </div>
          );
        })}
      </div>
    </Box>
  );
}

/**
 * The unified timeline of a lead, deal, contact or company (`GET /api/v1/timeline`): a quick-add
 * bar (log a call, schedule a meeting, add a task, write a note), type filter chips, and the
 * entries newest first in a virtualised list that loads older keyset pages as it scrolls, with a
 * sticky header for each day (the user's time zone). Activities can be completed (with an optional
 * outcome) or reopened in place. A company's timeline includes its contacts' and deals' events (the
 * server rolls them up).
 */
export function RecordTimeline({ record }: { record: TimelineRecord }) {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const [filters, setFilters] = useState<string[]>([]);
  const [days, setDays] = useState<[string | null, string | null]>([null, null]);
  const filter = useMemo(() => ({ types: typesForFilters(filters), ...dayBounds(days) }), [filters, days]);
  const timeline = useTimeline(record, filter);
  const filtered = filters.length > 0 || days[0] !== null;
  const transition = useActivityTransition();
  const [completing, setCompleting] = useState<CompletingActivity | null>(null);
  const entries = useMemo(() => timeline.data?.pages.flatMap((p) => p.data) ?? [], [timeline.data]);
  const rows = useMemo(() => timelineRows(entries), [entries]);
  const { fetchNextPage } = timeline;
  const loadMore = useMemo(() => () => void fetchNextPage(), [fetchNextPage]);

  const actions: EntryActions = {
    onComplete: canWrite ? (id, subject) => setCompleting({ id, subject }) : null,
    onReopen: canWrite
      ? (id) =>
          transition.mutate(
            { activity: { id }, transition: 'reopen' },
            {
              onSuccess: (a) => notifySuccess(`${a.subject} reopened`),
              onError: (err) => notifyError(err, 'Could not reopen the activity'),
            },
          )
      : null,
    busyId: transition.isPending ? (transition.variables?.activity.id ?? null) : null,
  };

  let list: React.ReactNode;
  if (timeline.isPending) list = <TimelineSkeleton />;
  else if (!timeline.data)
    list = <ErrorAlert error={timeline.error} title="Could not load the timeline" onRetry={() => timeline.refetch()} />;
  else if (rows.length === 0)
    list = (
      <EmptyBlock
        icon={<IconTimeline size={28} />}
        title={filtered ? 'Nothing matches the filters' : 'Nothing has happened here yet'}
        description={
          filtered
            ? 'No entries of the selected types or days. Clear the filters to see everything.'
            : canWrite
              ? 'Log a call, schedule a meeting, add a task or write a note: it shows up here, with every stage and status change.'
              : 'Calls, meetings, tasks, notes and changes to this record show up here.'
        }
      />
    );
  else
    list = (
      <VirtualTimeline
        rows={rows}
        record={record}
        actions={actions}
        hasMore={timeline.hasNextPage}
        loadingMore={timeline.isFetchingNextPage}
        loadFailed={timeline.isFetchNextPageError}
        loadMore={loadMore}
      />
    );

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="md">
        {canWrite && <QuickAddBar record={record} />}
        <Group gap="xs" wrap="wrap" aria-label="Show only" role="group">
          <Chip.Group multiple value={filters} onChange={setFilters}>
            {TIMELINE_FILTERS.map((f) => (
              <Chip key={f.value} value={f.value} size="xs" variant="outline">
                {f.label}
              </Chip>
            ))}
          </Chip.Group>
          <DatePickerInput
            type="range"
            size="xs"
            w={220}
            clearable
            allowSingleDateInRange
            aria-label="Days"
            placeholder="Any day"
            valueFormat="D MMM YYYY"
            leftSection={<IconCalendar size={14} />}
            value={days}
            onChange={(v) => setDays(v as [string | null, string | null])}
          />
          {filtered && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                setFilters([]);
                setDays([null, null]);
              }}
            >
              Show all
            </Button>
          )}
        </Group>
        {list}
        {timeline.isFetchNextPageError && (
          <ErrorAlert error={timeline.error} title="Could not load older entries" onRetry={loadMore} />
        )}
      </Stack>
      <CompleteActivityDialog activity={completing} onClose={() => setCompleting(null)} />
    </Paper>
  );
}
