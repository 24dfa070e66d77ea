/** Wire-shaped analytics answers for the page tests (contracts in @relata/shared `analytics.ts`). */
import type { DashboardWire, FunnelWire, MoneyFigureWire, RecordsWire, RepsWire } from './analytics-api';

const id = (prefix: string, n: number) =>
  `01900000-0000-7000-8000-${prefix}${String(n).padStart(12 - prefix.length, '0')}`;

export const PIPELINE_ID = id('a', 1);
export const stageId = (n: number) => id('b1', n);
export const ownerId = (n: number) => id('e', n);
export const TEAM_ID = id('f', 1);

/** A money figure in USD (minor units); `extra` adds other currencies converted into the total. */
export function money(
  usd: number,
  extra: { by?: Array<{ currency: string; amount: number }>; missing?: string[] } = {},
): MoneyFigureWire {
  const by = [...(extra.by ?? []), ...(usd ? [{ currency: 'USD', amount: usd }] : [])].sort((a, b) =>
    a.currency.localeCompare(b.currency),
  );
  return {
    by_currency: by,
    total: { currency: 'USD', amount: usd, converted: (extra.by ?? []).length > 0, missing_rates: extra.missing ?? [] },
  };
}

export function period(p: 'week' | 'month' | 'quarter' | 'year' = 'month') {
  const ranges = {
    week: ['2026-11-30', '2026-12-06', '2026-11-23', '2026-11-29', 7],
    month: ['2026-12-01', '2026-12-31', '2026-11-01', '2026-11-30', 31],
    quarter: ['2026-10-01', '2026-12-31', '2026-07-01', '2026-09-30', 92],
    year: ['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31', 365],
  } as const;
  const [from, to, previous_from, previous_to, days] = ranges[p];
  return { period: p, from, to, previous_from, previous_to, time_zone: 'Europe/Paris', days };
}

const c = (current: number | null, previous: number | null = null) => ({ current, previous });

/** The dashboard of a month: 12 open leads, 5 won (4 before), a converted won value with JPY lacking a rate. */
export function dashboard(p: 'week' | 'month' | 'quarter' | 'year' = 'month', won = 5): DashboardWire {
  return {
    period: period(p),
    reporting_currency: 'USD',
    open_leads: c(12),
    new_leads: c(7, 9),
    unassigned_leads: c(3),
    open_deals: c(20),
    open_deals_value: { current: money(5_000_000), previous: null },
    weighted_pipeline: { current: money(2_000_000), previous: null },
    won_deals: c(won, 4),
    won_value: {
      current: money(1_250_000, {
        by: [
          { currency: 'EUR', amount: 300_000 },
          { currency: 'JPY', amount: 50_000 },
        ],
        missing: ['JPY'],
      }),
      previous: money(1_000_000),
    },
    lost_deals: c(3, 1),
    win_rate: c(0.625, 0.8),
    conversion: c(0.25, 0.2),
    cohort_conversion: c(0.1, 0.3),
    average_deal_size: { current: money(250_000), previous: money(250_000) },
    sales_cycle_median_days: c(21.5, 30),
    sales_cycle_mean_days: c(25.25, 28),
    velocity: c(1.129, 0.9),
    activities_due_today: c(4),
    activities_overdue: c(2),
  };
}

/** A deals funnel: Qualify 10 → Proposal 6 → Won 3, Lost 2. */
export function funnel(entered = [10, 6, 3, 2]): FunnelWire {
  const stages = [
    ['Qualify', 'open'],
    ['Proposal', 'open'],
    ['Won', 'won'],
    ['Lost', 'lost'],
  ] as const;
  return {
    period: period(),
    pipeline: { id: PIPELINE_ID, name: 'Sales', kind: 'deal' },
    stages: stages.map(([name, kind], i) => {
      const open = kind === 'open';
      const advanced = open ? Math.min(entered[i]!, entered[i + 1] ?? 0) : null;
      return {
        stage_id: stageId(i + 1),
        name,
        kind,
        position: i,
        entered: entered[i]!,
        advanced,
        conversion: open && entered[i]! > 0 ? advanced! / entered[i]! : null,
        drop_off: open ? entered[i]! - advanced! : null,
        avg_days: open ? 4.5 : null,
        median_days: open ? 3 : null,
      };
    }),
  };
}

const figures = (created: number, won: number, lost: number, wonValue: number) => ({
  created,
  won,
  lost,
  win_rate: won + lost ? won / (won + lost) : null,
  created_value: money(created * 100_000),
  won_value: money(wonValue),
  average_deal_size: money(won ? Math.round(wonValue / won) : 0),
  avg_days_to_close: won ? 10 + won : null,
  velocity: won / (31 / 7),
});

/** Three reps (Ada leads by won value, Grace has most created), one team, the total. */
export function reps(): RepsWire {
  return {
    period: period(),
    reporting_currency: 'USD',
    reps: [
      { owner: { id: ownerId(1), name: 'Ada Lovelace' }, team_ids: [TEAM_ID], ...figures(4, 3, 1, 900_000) },
      { owner: { id: ownerId(2), name: 'Grace Hopper' }, team_ids: [TEAM_ID], ...figures(9, 1, 2, 200_000) },
      { owner: { id: null, name: 'Unassigned' }, team_ids: [], ...figures(2, 0, 0, 0) },
    ],
    teams: [{ team: { id: TEAM_ID, name: 'EMEA' }, member_count: 2, ...figures(13, 4, 3, 1_100_000) }],
    total: figures(15, 4, 3, 1_100_000),
  };
}

/** A page of `n` deals behind a figure, with `total`. */
export function records(n: number, total = n, next_cursor: string | null = null): RecordsWire {
  return {
    metric: 'deals_entered_stage',
    period: period(),
    total,
    next_cursor,
    data: Array.from({ length: n }, (_, i) => ({
      id: id('d', i + 1),
      entity: 'deal' as const,
      name: `Deal ${i + 1}`,
      amount: { amount: 100_000 * (i + 1), currency: 'USD' },
      status: 'open',
      stage: { id: stageId(1), name: 'Qualify' },
      owner: { id: ownerId(1), name: 'Ada Lovelace' },
      created_at: '2026-12-02T10:00:00.000Z',
      closed_at: null,
      expected_close_date: '2027-01-15',
    })),
  };
}
