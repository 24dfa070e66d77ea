import { Checkbox, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowSelectionState,
  type Updater,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/** Extra column settings: the API sort key (sortable when set) and a minimum width. */
export interface RecordColumnMeta {
  sortKey?: string;
  /** First click sorts descending (dates, amounts): newest / largest first. */
  descFirst?: boolean;
  minWidth?: number;
}

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    sortKey?: string;
    descFirst?: boolean;
    minWidth?: number;
  }
}

/** Parses an API sort (`-updated_at`) into key and direction. */
export function parseSort(sort: string): { key: string; desc: boolean } {
  return sort.startsWith('-') ? { key: sort.slice(1), desc: true } : { key: sort, desc: false };
}

/** The sort after clicking a column: the other direction on the sorted column, else its first direction. */
export function nextSort(current: string, meta: RecordColumnMeta): string {
  const { key, desc } = parseSort(current);
  if (!meta.sortKey) return current;
  if (key === meta.sortKey) return desc ? meta.sortKey : `-${meta.sortKey}`;
  return meta.descFirst ? `-${meta.sortKey}` : meta.sortKey;
}

const ROW_HEIGHT = 53;
/** Viewport assumed when the scroll box has no layout yet (hidden, or jsdom in tests). */
const FALLBACK_VIEWPORT = 640;

function SortIcon({ active, desc }: { active: boolean; desc: boolean }) {
  if (!active) return <IconArrowsSort size={14} style={{ opacity: 0.4 }} aria-hidden />;
  return desc ? <IconArrowDown size={14} aria-hidden /> : <IconArrowUp size={14} aria-hidden />;
}

/**
 * A record list as a table: TanStack Table columns (hidden per `visibility`), server-side sorting
 * through the column headers (`sort` is the API's sort parameter), optional row selection with a
 * "select all loaded" checkbox, and rows virtualised with TanStack Virtual inside a scroll box with
 * a sticky header — a long list renders only the rows in view.
 */
export function RecordTable<T extends { id: string; name: string }>({
  label,
  data,
  columns,
  sort,
  onSortChange,
  visibility,
  selectable = false,
  selection = {},
  onSelectionChange,
  maxHeight = 'max(360px, calc(100vh - 330px))',
}: {
  label: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  sort: string;
  onSortChange: (sort: string) => void;
  visibility: VisibilityState;
  selectable?: boolean;
  selection?: RowSelectionState;
  onSelectionChange?: (next: RowSelectionState) => void;
  maxHeight?: string | number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Table's instance is mutable: the compiler leaves this component unmemoised, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableRowSelection: selectable,
    state: { columnVisibility: visibility, rowSelection: selection },
    onRowSelectionChange: (updater: Updater<RowSelectionState>) =>
      onSelectionChange?.(typeof updater === 'function' ? updater(selection) : updater),
  });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) =>
        cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT }),
      ),
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0]!.start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const visibleColumns = table.getVisibleLeafColumns();
  const colSpan = visibleColumns.length + (selectable ? 1 : 0);
  const { key: sortKey, desc } = parseSort(sort);
  const allLoaded = table.getIsAllRowsSelected();
  const someLoaded = table.getIsSomeRowsSelected();

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <div ref={scrollRef} style={{ maxHeight, overflow: 'auto' }} data-testid="record-table-scroll">
        <Table
          stickyHeader
          verticalSpacing="sm"
          highlightOnHover
          aria-label={label}
          aria-rowcount={rows.length + 1}
          style={{ minWidth: visibleColumns.reduce((w, c) => w + (c.columnDef.meta?.minWidth ?? 140), 48) }}
        >
          <Table.Thead style={{ zIndex: 2 }}>
            <Table.Tr>
              {selectable && (
                <Table.Th w={44}>
                  <Checkbox
                    aria-label="Select all loaded rows"
                    checked={allLoaded}
                    indeterminate={!allLoaded && someLoaded}
                    disabled={rows.length === 0}
                    onChange={table.getToggleAllRowsSelectedHandler()}
                  />
                </Table.Th>
              )}
              {table.getHeaderGroups()[0]!.headers.map((header) => {
                const meta = header.column.columnDef.meta ?? {};
                const title = flexRender(header.column.columnDef.header, header.getContext());
                const active = Boolean(meta.sortKey) && meta.sortKey === sortKey;
                return (
                  <Table.Th
                    key={header.id}
                    style={{ minWidth: meta.minWidth, whiteSpace: 'nowrap' }}
                    aria-sort={active ? (desc ? 'descending' : 'ascending') : meta.sortKey ? 'none' : undefined}
                  >
                    {meta.sortKey ? (
                      <UnstyledButton
                        onClick={() => onSortChange(nextSort(sort, meta))}
                        style={{
                          display: 'inline-flex',
                          alignItems: 'center',
                          gap: 4,
                          fontWeight: 700,
                          fontSize: 'inherit',
                        }}
                      >
                        {title}
                        <SortIcon active={active} desc={desc} />
                      </UnstyledButton>
                    ) : (
                      title
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 && (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              const selected = row.getIsSelected();
              return (
                <Table.Tr
                  key={row.id}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  aria-rowindex={item.index + 2}
                  aria-selected={selectable ? selected : undefined}
                  bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  {selectable && (
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${row.original.name}`}
                        checked={selected}
                        onChange={row.getToggleSelectedHandler()}
                      />
                    </Table.Td>
                  )}
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id} style={{ verticalAlign: 'middle' }}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed" ta="center" p="lg">
            Nothing to show.
          </Text>
        )}
      </div>
    </Paper>
  );
}
