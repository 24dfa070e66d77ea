/**
 * `format=csv` of every analytics report: RFC 4180 CSV via csv-stringify (one row per table row,
 * a header row), `text/csv; charset=utf-8`, `Content-Disposition: attachment;
 * filename="relata-<report>-<period>.csv"` (period: `2026-11`, `2026-W48`, `2026-Q4`, `2026`, or
 * `<from>_<to>`). Money is the converted total in decimal major units (`1234.56`) with a
 * `currency` column (the reporting currency); ratios are fractions 0–1; text cells that a
 * spreadsheet could read as a formula get a leading `'` (exports.format.ts `guardFormula`).
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type {
  AnalyticsDashboard,
  AnalyticsDistribution,
  AnalyticsForecast,
  AnalyticsFunnel,
  AnalyticsReasons,
  AnalyticsRecords,
  AnalyticsReps,
  MoneyFigure,
  RepFigures,
  ResolvedPeriod,
} from '@relata/shared';
import { formatMinor, guardFormula } from '../exports/exports.format.js';

type Cell = string | number | null;

const money = (m: MoneyFigure | null) => (m ? formatMinor(m.total.amount, m.total.currency) : null);
const text = (s: string | null) => (s === null ? null : guardFormula(s));

/** The period part of a file name. */
export function periodLabel(p: ResolvedPeriod | null, today: string): string {
  if (!p) return today;
  switch (p.period) {
    case 'month':
      return p.from.slice(0, 7);
    case 'year':
      return p.from.slice(0, 4);
    case 'quarter':
      return `${p.from.slice(0, 4)}-Q${Math.floor(Number(p.from.slice(5, 7)) / 3) + 1}`;
    case 'week': {
      // ISO week number of the Monday `from` (its Thursday decides the year).
      const thu = new Date(Date.parse(`${p.from}T00:00:00Z`) + 3 * 86_400_000);
      const jan1 = Date.UTC(thu.getUTCFullYear(), 0, 1);
      const week = Math.floor((thu.getTime() - jan1) / 86_400_000 / 7) + 1;
      return `${thu.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    }
    default:
      return `${p.from}_${p.to}`;
  }
}

/**
 * Sets the CSV headers on `reply` and returns the document (first row = header) for the handler to
 * return — the tenancy plugin sends it after the request transaction commits. (Returning `reply`
 * itself would wait for the response inside the transaction: FastifyReply is a thenable.)
 */
export function sendCsv(reply: FastifyReply, report: string, label: string, rows: Cell[][]): string {
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="relata-${report}-${label}.csv"`);
  return stringify(rows, { record_delimiter: 'windows' });
}

export function dashboardCsv(d: AnalyticsDashboard): Cell[][] {
  const rows: Cell[][] = [['metric', 'current', 'previous', 'currency']];
  for (const [key, value] of Object.entries(d)) {
    if (key === 'period' || key === 'reporting_currency') continue;
    const v = value as { current: unknown; previous: unknown };
    if (v.current !== null && typeof v.current === 'object') {
      rows.push([key, money(v.current as MoneyFigure), money(v.previous as MoneyFigure | null), d.reporting_currency]);
    } else rows.push([key, v.current as number | null, v.previous as number | null, null]);
  }
  return rows;
}

export function funnelCsv(f: AnalyticsFunnel): Cell[][] {
  return [
    [
      'stage_id',
      'stage',
      'kind',
      'position',
      'entered',
      'advanced',
      'conversion',
      'drop_off',
      'avg_days',
      'median_days',
    ],
    ...f.stages.map((s) => [
      s.stage_id,
      text(s.name),
      s.kind,
      s.position,
      s.entered,
      s.advanced,
      s.conversion,
      s.drop_off,
      s.avg_days,
      s.median_days,
    ]),
  ];
}

export function forecastCsv(f: AnalyticsForecast): Cell[][] {
  return [
    [
      'month',
      'group_id',
      'group',
      'open_count',
      'total',
      'weighted',
      'won_count',
      'won',
      'lost_count',
      'lost',
      'currency',
    ],
    ...f.rows.map((r) => [
      r.month,
      r.group?.id ?? null,
      text(r.group?.name ?? null),
      r.open_count,
      money(r.total),
      money(r.weighted),
      r.won_count,
      money(r.won),
      r.lost_count,
      money(r.lost),
      f.reporting_currency,
    ]),
  ];
}

export function distributionCsv(d: AnalyticsDistribution): Cell[][] {
  return [
    ['stage_id', 'stage', 'count', 'value', 'weighted', 'currency'],
    ...d.stages.map((s) => [
      s.stage_id,
      text(s.name),
      s.count,
      money(s.value),
      money(s.weighted),
      d.reporting_currency,
    ]),
  ];
}

const repCells = (f: RepFigures, currency: string): Cell[] => [
  f.created,
  f.won,
  f.lost,
  f.win_rate,
  money(f.created_value),
  money(f.won_value),
  money(f.average_deal_size),
  f.avg_days_to_close,
  f.velocity,
  currency,
];

export function repsCsv(r: AnalyticsReps): Cell[][] {
  const c = r.reporting_currency;
  return [
    [
      'level',
      'id',
      'name',
      'created',
      'won',
      'lost',
      'win_rate',
      'created_value',
      'won_value',
      'average_deal_size',
      'avg_days_to_close',
      'velocity',
      'currency',
    ],
    ...r.reps.map((x) => ['rep', x.owner.id, text(x.owner.name), ...repCells(x, c)]),
    ...r.teams.map((x) => ['team', x.team.id, text(x.team.name), ...repCells(x, c)]),
    ['total', null, null, ...repCells(r.total, c)],
  ];
}

export function reasonsCsv(r: AnalyticsReasons): Cell[][] {
  return [
    ['outcome', 'reason', 'count', 'value', 'currency'],
    ...r.won.map((x) => ['won', text(x.reason), x.count, money(x.value), r.reporting_currency]),
    ...r.lost.map((x) => ['lost', text(x.reason), x.count, money(x.value), r.reporting_currency]),
  ];
}

export function recordsCsv(r: AnalyticsRecords): Cell[][] {
  return [
    [
      'id',
      'entity',
      'name',
      'amount',
      'currency',
      'status',
      'stage',
      'owner',
      'created_at',
      'closed_at',
      'expected_close_date',
    ],
    ...r.data.map((x) => [
      x.id,
      x.entity,
      text(x.name),
      x.amount ? formatMinor(x.amount.amount, x.amount.currency) : null,
      x.amount?.currency ?? null,
      x.status,
      text(x.stage?.name ?? null),
      text(x.owner?.name ?? null),
      x.created_at.toISOString(),
      x.closed_at?.toISOString() ?? null,
      x.expected_close_date,
    ]),
  ];
}
