import { Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyBlock } from '../EmptyBlock';
import { ErrorAlert } from '../ErrorAlert';
import { flatten, LoadMore } from '../pagination';
import { BulkBar, type Nouns } from './BulkBar';
import { ColumnChooser } from './ColumnChooser';
import { useColumnVisibility } from './column-visibility';
import { CustomValueText } from './CustomValueText';
import { FilterBar } from './FilterBar';
import { SegmentChip } from './SegmentChip';
import { customFieldFilters, type FilterDef, filtersFromSearch } from './filters';
import { useCustomFieldDefs, useRecordCount, useRecordList } from './records-api';
import { RecordTable } from './RecordTable';
import type { CustomFieldEntity, FilterValues, RecordBase, RecordResource } from './types';

/** Search debounce: one request once the user pauses typing. */
export const SEARCH_DEBOUNCE_MS = 300;
const DEFAULT_SORT = '-updated_at';

/** "12 companies", "1 company", "10,000+ companies". */
export function totalText(total: number, capped: boolean, nouns: Nouns): string {
  return `${total.toLocaleString()}${capped ? '+' : ''} ${total === 1 && !capped ? nouns.one : nouns.many}`;
}

function TableSkeleton() {
  return (
    <Paper withBorder radius="md" p="md" aria-busy="true" aria-label="Loading">
      <Stack gap="sm">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} h={32} />
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * A complete record list (companies, contacts): search (debounced), filters (the entity's and its
 * custom fields'), sortable and choosable columns (custom fields included), row selection with bulk
 * actions, keyset "Load more", the total, and loading / error / empty / no-match states. Filters
 * and sort live in the URL, so a filtered list can be bookmarked and Back works.
 */
export function RecordListView<T extends RecordBase>({
  resource,
  entity,
  nouns,
  label,
  columns,
  defaultHidden = [],
  filterDefs,
  canWrite,
  empty,
  searchPlaceholder,
  toRow,
  onSelectionChange,
}: {
  resource: RecordResource;
  entity: CustomFieldEntity;
  nouns: Nouns;
  /** Accessible name of the table. */
  label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  /** Column ids hidden until the user shows them. Custom field columns start hidden too. */
  defaultHidden?: string[];
  filterDefs: FilterDef[];
  canWrite: boolean;
  /** Shown when there are no records at all (the first action to take). */
  empty: ReactNode;
  searchPlaceholder: string;
  /** Maps a row as the API sends it to `T` (a lead's `title` → `name`); keep the function stable. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  toRow?: (raw: any) => T;
  /**
   * Called with the selected record ids whenever the selection changes (all loaded rows after
   * "select all matching"; `[]` when cleared or when the filters change). Pass a stable function.
   */
  onSelectionChange?: (ids: string[]) => void;
}) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const listParams = useMemo(() => ({ ...filters, sort }), [filters, sort]);
  const defs = useCustomFieldDefs(entity);
  const list = useRecordList<T>(resource, listParams);
  const count = useRecordCount(resource, filters);

  const [search, setSearch] = useState(params.get('q') ?? '');
  const writeParams = (next: FilterValues, nextSort = sort) =>
    setParams(
      () => {
        const p = new URLSearchParams();
        for (const [k, v] of Object.entries(next)) p.set(k, v);
        if (nextSort !== DEFAULT_SORT) p.set('sort', nextSort);
        return p;
      },
      { replace: true },
    );
  const debouncedSearch = useDebouncedCallback((text: string) => {
    const next = { ...filtersFromSearch(params) };
    if (text.trim()) next.q = text.trim();
    else delete next.q;
    writeParams(next);
  }, SEARCH_DEBOUNCE_MS);
  const onSearchChange = (text: string) => {
    setSearch(text);
    debouncedSearch(text);
  };
  const clearFilters = () => {
    setSearch('');
    debouncedSearch.cancel();
    writeParams({});
  };

  const allColumns = useMemo(() => {
    const custom: ColumnDef<T, unknown>[] = (defs.data ?? [])
      .filter((d) => !d.archived)
      .map((d) => ({
        id: `cf.${d.key}`,
        header: d.label,
        cell: ({ row }) => <CustomValueText def={d} value={row.original.custom_fields[d.key]} />,
        meta: { sortKey: `cf.${d.key}`, minWidth: 140 },
      }));
    return [...columns, ...custom];
  }, [columns, defs.data]);
  const defaults = useMemo(
    () =>
      Object.fromEntries([
        ...defaultHidden.map((id) => [id, false]),
        ...(defs.data ?? []).map((d) => [`cf.${d.key}`, false]),
      ]) as Record<string, boolean>,
    [defaultHidden, defs.data],
  );
  const { visibility, setColumn, reset } = useColumnVisibility(entity, defaults);
  const choosable = allColumns.map((c) => ({ id: c.id!, label: typeof c.header === 'string' ? c.header : c.id! }));

  const allFilterDefs = useMemo(() => [...filterDefs, ...customFieldFilters(defs.data ?? [])], [filterDefs, defs.data]);

  // Selection belongs to one filter + sort: a new query starts with nothing selected.
  const queryKey = JSON.stringify(listParams);
  const [selection, setSelection] = useState<{ key: string; rows: RowSelectionState; all: boolean }>({
    key: queryKey,
    rows: {},
    all: false,
  });
  const current = selection.key === queryKey ? selection : { key: queryKey, rows: {}, all: false };
  const rows = useMemo(() => {
    const raw = flatten(list.data);
    return toRow ? raw.map(toRow) : raw;
  }, [list.data, toRow]);
  const selectedIds = Object.keys(current.rows).filter((id) => current.rows[id]);
  // The effective selection ("all matching" = every loaded row) reported to the page, once per change.
  const effectiveKey = (current.all ? rows.map((r) => r.id) : selectedIds).join(',');
  useEffect(() => {
    onSelectionChange?.(effectiveKey ? effectiveKey.split(',') : []);
  }, [effectiveKey, onSelectionChange]);
  const filtered = Object.keys(filters).length > 0;

  let body: ReactNode;
  if (list.isPending) body = <TableSkeleton />;
  else if (rows.length === 0 && list.error) body = null;
  else if (rows.length === 0 && !filtered) body = empty;
  else if (rows.length === 0) {
    body = (
      <EmptyBlock
        icon={<IconFilterOff size={24} />}
        title={`No ${nouns.many} match`}
        description="Try a different search or remove some filters."
        action={
          <Button variant="light" onClick={clearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  } else {
    body = (
      <RecordTable<T>
        label={label}
        data={rows}
        columns={allColumns}
        sort={sort}
        onSortChange={(s) => writeParams(filters, s)}
        visibility={visibility}
        selectable={canWrite}
        selection={current.all ? Object.fromEntries(rows.map((r) => [r.id, true])) : current.rows}
        onSelectionChange={(next) => setSelection({ key: queryKey, rows: next, all: false })}
      />
    );
  }

  return (
    <Stack gap="md">
      <FilterBar
        defs={allFilterDefs}
        values={filters}
        onChange={(next) => writeParams(next)}
        search={search}
        onSearchChange={onSearchChange}
        searchLabel={`Search ${nouns.many}`}
        searchPlaceholder={searchPlaceholder}
        actions={<ColumnChooser columns={choosable} visibility={visibility} onChange={setColumn} onReset={reset} />}
      />
      <Group justify="space-between" mih={28}>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="record-total">
          {count.data ? totalText(count.data.total, count.data.total_capped, nouns) : '\u00a0'}
          {list.isFetching && !list.isPending && !list.isFetchingNextPage ? ' · updating…' : ''}
        </Text>
        {filters.segment_id && (
          <SegmentChip
            segmentId={filters.segment_id}
            onRemove={() => {
              const { segment_id: _removed, ...rest } = filters;
              writeParams(rest);
            }}
          />
        )}
      </Group>
      {canWrite && (
        <BulkBar
          resource={resource}
          nouns={nouns}
          selectedIds={current.all ? rows.map((r) => r.id) : selectedIds}
          loadedCount={rows.length}
          total={count.data?.total ?? null}
          totalCapped={count.data?.total_capped ?? false}
          moreToLoad={list.hasNextPage}
          allMatching={current.all}
          filter={filters}
          onSelectAllMatching={() => setSelection({ key: queryKey, rows: current.rows, all: true })}
          onClear={() => setSelection({ key: queryKey, rows: {}, all: false })}
        />
      )}
      <ErrorAlert error={list.error} title={`Could not load ${nouns.many}`} onRetry={() => list.refetch()} />
      {body}
      <LoadMore {...list} />
    </Stack>
  );
}
