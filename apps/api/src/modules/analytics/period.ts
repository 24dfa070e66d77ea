/**
 * Analytics periods (contract: packages/shared/src/analytics.ts, "Periods"): the calendar period that
 * contains a day — ISO week (Monday–Sunday), month, quarter, year — or a custom range of days, in an
 * IANA time zone, with the previous period, and the UTC instants that bound them (half-open:
 * `start ≤ t < end`). Days are converted to instants by PostgreSQL (`timestamp AT TIME ZONE zone`,
 * the zone a bound parameter), so the database's time-zone rules decide DST edges.
 */
import { sql } from 'drizzle-orm';
import type { AnalyticsPeriod, ResolvedPeriod } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { addDays, todayIn } from '../../lib/calendar-date.js';
import { invalid } from '../../lib/errors.js';

/** A half-open UTC interval `[start, end)` as ISO 8601 instants. */
export interface Range {
  start: string;
  end: string;
}

/** The resolved period plus its instants: current, previous, today (in the zone) and now. */
export interface PeriodWindow {
  period: ResolvedPeriod;
  current: Range;
  previous: Range;
  /** Today's calendar day in `time_zone` as an interval. */
  today: Range;
  /** Today's date in `time_zone` (YYYY-MM-DD). */
  todayDate: string;
  /** The request's "now" (UTC). */
  now: string;
  /** Days in the previous period. */
  previousDays: number;
}

const DAY = 86_400_000;
/** UTC midnight of year/month (0-based)/day as epoch ms; unlike Date.UTC, years 0–99 stay themselves. */
const utc = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m, d);
  return t.getTime();
};
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);

/** First and last day of the calendar `period` that contains `date`. */
export function calendarPeriod(period: Exclude<AnalyticsPeriod, 'custom'>, date: string): [string, string] {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  if (period === 'week') {
    const dow = (new Date(ms(date)).getUTCDay() + 6) % 7; // Monday = 0
    const from = addDays(date, -dow);
    return [from, addDays(from, 6)];
  }
  const startMonth = period === 'month' ? m : period === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : 1;
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const from = toDate(utc(y, startMonth - 1, 1));
  const to = toDate(utc(y, startMonth - 1 + months, 1) - DAY);
  return [from, to];
}

/**
 * Resolves the period of a query: `custom` is `from`..`to` and its previous period the same number
 * of days just before `from`; otherwise the calendar period containing `date` (default today in
 * `time_zone`) and the calendar period before it. One statement turns the boundary days into UTC
 * instants. A zone PostgreSQL does not know → 400 on `query.time_zone`.
 */
export async function resolvePeriod(
  tx: Tx,
  q: {
    period: AnalyticsPeriod;
    date?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    time_zone: string;
  },
  nowDate = new Date(),
): Promise<PeriodWindow> {
  const tz = q.time_zone;
  const todayDate = todayIn(tz, nowDate);
  let from: string;
  let to: string;
  let previous_from: string;
  let previous_to: string;
  if (q.period === 'custom') {
    from = q.from!;
    to = q.to!;
    const days = daysBetween(from, to) + 1;
    previous_to = addDays(from, -1);
    previous_from = addDays(from, -days);
  } else {
    [from, to] = calendarPeriod(q.period, q.date ?? todayDate);
    [previous_from, previous_to] = calendarPeriod(q.period, addDays(from, -1));
  }
  // Both periods must lie within the years 0001–9999 (PostgreSQL has no year 0).
  if (previous_from < '0001-01-01' || previous_from.startsWith('-') || to >= '9999-12-31' || to.startsWith('+')) {
    const path = q.period === 'custom' ? 'query.from' : 'query.date';
    throw invalid([{ path, message: 'the period and the one before it must lie within the years 0001–9999' }]);
  }
  const days = [from, addDays(to, 1), previous_from, todayDate, addDays(todayDate, 1)];
  let rows: Array<{ t: string }>;
  try {
    rows = await queryRows<{ t: string }>(
      tx,
      sql`select to_char((x::timestamp at time zone ${tz}::text) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t
            from unnest(${sql.param(days)}::date[]) with ordinality u(x, o) order by o`,
    );
  } catch {
    throw invalid([{ path: 'query.time_zone', message: 'is not a time zone the database knows' }]);
  }
  const [start, end, prevStart, todayStart, todayEnd] = rows.map((r) => r.t) as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    period: {
      period: q.period,
      from,
      to,
      previous_from,
      previous_to,
      time_zone: tz,
      days: daysBetween(from, to) + 1,
    },
    current: { start, end },
    previous: { start: prevStart, end: start },
    today: { start: todayStart, end: todayEnd },
    todayDate,
    now: nowDate.toISOString(),
    previousDays: daysBetween(previous_from, previous_to) + 1,
  };
}

/** The calendar months (YYYY-MM) that meet `from`..`to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}
