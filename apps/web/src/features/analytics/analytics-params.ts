/**
 * The period and filters of the Dashboard and Reports pages, kept in the URL's search params
 * (`period`, `date`, `from`, `to`, `owner_id`, `team_id`, `pipeline_id`) so a view can be shared and
 * survives Back; the time zone is always the browser's (IANA name), so days are the user's days.
 */
import { ANALYTICS_PERIODS, type AnalyticsPeriod } from '@relata/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** The report query every analytics call shares (see `AnalyticsQuery` in @relata/shared). */
export interface AnalyticsParams {
  period: AnalyticsPeriod;
  date?: string;
  from?: string;
  to?: string;
  time_zone: string;
  owner_id?: string;
  team_id?: string;
  pipeline_id?: string;
}

/** The URL keys that belong to the period and filters. */
export const PARAM_KEYS = ['period', 'date', 'from', 'to', 'owner_id', 'team_id', 'pipeline_id'] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

/** The browser's IANA time zone (`UTC` when the runtime cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * Reads the analytics params from `search`: an unknown period falls back to `month`; `date` only
 * with a calendar period, `from`/`to` only with `custom` (and both present), as the API requires.
 */
export function paramsFromSearch(search: URLSearchParams, timeZone = browserTimeZone()): AnalyticsParams {
  const raw = search.get('period');
  const period = (ANALYTICS_PERIODS as readonly string[]).includes(raw ?? '') ? (raw as AnalyticsPeriod) : 'month';
  const out: AnalyticsParams = { period, time_zone: timeZone };
  const from = search.get('from');
  const to = search.get('to');
  const date = search.get('date');
  if (period === 'custom') {
    if (isDay(from) && isDay(to)) Object.assign(out, { from, to });
    else out.period = 'month';
  } else if (isDay(date)) out.date = date;
  for (const k of ['owner_id', 'team_id', 'pipeline_id'] as const) {
    const v = search.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** `YYYY-MM-DD` of a local Date (no time zone conversion). */
export function dayOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * A day in the calendar period `steps` periods away from the one containing `date`: the same weekday
 * `steps` weeks away, or the first day of the month, quarter or year `steps` periods away.
 */
export function shiftDate(date: string, period: Exclude<AnalyticsPeriod, 'custom'>, steps: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (period === 'week') return dayOf(new Date(y, m - 1, d + 7 * steps));
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  const start = Math.floor((m - 1) / months) * months;
  return dayOf(new Date(y, start + months * steps, 1));
}

/**
 * The page's analytics params and a setter that merges changes into the URL (null/'' removes a key;
 * switching to a calendar period drops `from`/`to`, to `custom` drops `date`). Other search params
 * (the report tab, the drill-down) are kept.
 */
export function useAnalyticsParams() {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => paramsFromSearch(search), [search]);
  const update = useCallback(
    (changes: Partial<Record<ParamKey, string | null>>) =>
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (changes.period && changes.period !== 'custom') {
          next.delete('from');
          next.delete('to');
        }
        if (changes.period === 'custom') next.delete('date');
        return next;
      }),
    [setSearch],
  );
  return { params, update };
}
