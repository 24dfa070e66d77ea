import { Group, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { AnalyticsMetric } from '@relata/shared';
import { useState } from 'react';
import { formatMoney } from '../../components/records/money';
import { type DrillTarget, type RepsWire, useReps } from './analytics-api';
import { formatFigure } from './analytics-format';
import type { AnalyticsParams } from './analytics-params';
import { ExportCsvButton } from './ExportCsvButton';
import { MoneyNote } from './MoneyNote';
import { CountButton } from './CountButton';
import { ReportFrame } from './ReportFrame';

type Figures = RepsWire['total'];
type Rep = RepsWire['reps'][number];
type Team = RepsWire['teams'][number];
type SortKey =
  | 'name'
  | 'created'
  | 'created_value'
  | 'won'
  | 'won_value'
  | 'lost'
  | 'win_rate'
  | 'average_deal_size'
  | 'avg_days_to_close'
  | 'velocity';

const COLUMNS: Array<{ key: SortKey; label: string; metric?: AnalyticsMetric }> = [
  { key: 'name', label: 'Owner' },
  { key: 'created', label: 'Created', metric: 'deals_created' },
  { key: 'created_value', label: 'Created value' },
  { key: 'won', label: 'Won', metric: 'deals_won' },
  { key: 'won_value', label: 'Won value' },
  { key: 'lost', label: 'Lost', metric: 'deals_lost' },
  { key: 'win_rate', label: 'Win rate' },
  { key: 'average_deal_size', label: 'Avg deal size' },
  { key: 'avg_days_to_close', label: 'Avg days to close' },
  { key: 'velocity', label: 'Won per week' },
];

/** A figure of a row; the average deal size of a row with nothing won is undefined (null), not 0. */
function figure(f: Figures, key: Exclude<SortKey, 'name'>): Figures[typeof key] | null {
  if (key === 'average_deal_size' && f.won === 0) return null;
  return f[key];
}

function sortValue(f: Figures, name: string, key: SortKey): number | string | null {
  if (key === 'name') return name.toLocaleLowerCase();
  const v = figure(f, key);
  return typeof v === 'object' && v !== null ? v.total.amount : v;
}

/** Sorts by `key` (nulls last either way), ties by name. */
function sorted<T>(rows: T[], name: (r: T) => string, figures: (r: T) => Figures, key: SortKey, desc: boolean): T[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(figures(a), name(a), key);
    const y = sortValue(figures(b), name(b), key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return (desc ? -c : c) || name(a).localeCompare(name(b));
  });
}

/**
 * Rep performance (`GET /api/v1/analytics/reps`): one row per owner, then one per team (every deal
 * owned by its members), then the total of the scope; sortable by any column (click a header; again
 * to reverse). Counts open the deals behind them (created / won / lost in the period, for that
 * owner or team). Figures undefined on nothing (win rate with nothing closed, average deal size and
 * days to close with nothing won) read "—" and sort last.
 */
export function RepsReport({ params, onDrill }: { params: AnalyticsParams; onDrill: (t: DrillTarget) => void }) {
  const reps = useReps(params);
  const data = reps.data;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'won_value', desc: true });
  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' }));

  const cells = (f: Figures, who: string, narrowing: Partial<DrillTarget> | null) =>
    COLUMNS.slice(1).map((c) => {
      const v = figure(f, c.key as Exclude<SortKey, 'name'>);
      let text: string;
      if (typeof v === 'object' && v !== null) text = formatMoney(v.total);
      else if (c.key === 'average_deal_size') text = '—';
      else if (c.key === 'win_rate') text = formatFigure(v, 'ratio');
      else if (c.key === 'avg_days_to_close' || c.key === 'velocity') text = formatFigure(v, 'decimal');
      else text = formatFigure(v, 'count');
      const n = typeof v === 'number' ? v : 0;
      return (
        <Table.Td key={c.key} ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {c.metric && narrowing ? (
            <CountButton
              count={n}
              label={`Show the ${n} deals ${c.label.toLowerCase()} by ${who}`}
              onOpen={() =>
                onDrill({ metric: c.metric!, title: `Deals ${c.label.toLowerCase()} · ${who}`, ...narrowing })
              }
            />
          ) : (
            text
          )}
        </Table.Td>
      );
    });

  const repRows = data
    ? sorted<Rep>(
        data.reps,
        (r) => r.owner.name,
        (r) => r,
        sort.key,
        sort.desc,
      )
    : [];
  const teamRows = data
    ? sorted<Team>(
        data.teams,
        (t) => t.team.name,
        (t) => t,
        sort.key,
        sort.desc,
      )
    : [];

  return (
    <ReportFrame
      title="Rep performance"
      description="Deals created, won and lost in the period per owner, with team roll-ups and the total."
      actions={<ExportCsvButton report="reps" params={params} label="Export the rep table as CSV" />}
      query={reps}
      isEmpty={!!data && data.reps.length === 0}
      emptyText="No deals created, won or lost in the period."
    >
      {data && (
        <>
          <ScrollArea>
            <Table striped highlightOnHover aria-label="Rep performance" miw={940} fz="sm" horizontalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((c) => {
                    const active = sort.key === c.key;
                    const Icon = !active ? IconArrowsSort : sort.desc ? IconSortDescending : IconSortAscending;
                    return (
                      <Table.Th
                        key={c.key}
                        ta={c.key === 'name' ? 'left' : 'right'}
                        aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                      >
                        <UnstyledButton onClick={() => toggle(c.key)} aria-label={`Sort by ${c.label}`}>
                          <Group gap={2} wrap="nowrap" justify={c.key === 'name' ? 'flex-start' : 'flex-end'}>
                            <Text size="xs" fw={700}>
                              {c.label}
                            </Text>
                            <Icon size={12} opacity={active ? 1 : 0.4} style={{ flexShrink: 0 }} />
                          </Group>
                        </UnstyledButton>
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {repRows.map((r) => (
                  <Table.Tr key={r.owner.id ?? 'none'} data-testid="rep-row">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.owner.name}</Table.Td>
                    {cells(r, r.owner.name, { owner_id: r.owner.id ?? 'none' })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              {teamRows.length > 0 && (
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th colSpan={COLUMNS.length} scope="rowgroup">
                      Teams
                    </Table.Th>
                  </Table.Tr>
                  {teamRows.map((t) => (
                    <Table.Tr key={t.team.id} data-testid="team-row">
                      <Table.Td>
                        {t.team.name}{' '}
                        <Text span size="xs" c="dimmed">
                          ({t.member_count} {t.member_count === 1 ? 'member' : 'members'})
                        </Text>
                      </Table.Td>
                      {cells(t, `team ${t.team.name}`, { team_id: t.team.id })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              )}
              <Table.Tfoot>
                <Table.Tr data-testid="total-row" style={{ fontWeight: 700 }}>
                  <Table.Td>Total</Table.Td>
                  {cells(data.total, 'everyone', {})}
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollArea>
          <MoneyNote figures={[data.total.created_value, data.total.won_value]} withAmounts={false} />
        </>
      )}
    </ReportFrame>
  );
}
