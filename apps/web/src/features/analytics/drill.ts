/**
 * The open drill-down, kept in the URL (`drill=<metric>`, `drill_title`, `drill_stage_id`,
 * `drill_month`, `drill_reason`, `drill_owner_id`, `drill_team_id`, `drill_pipeline_id`, and a
 * `drill_period` with `drill_from`/`drill_to` for a month of the forecast) so Back from
 * a record opened in the drawer shows the drawer again.
 */
import { ANALYTICS_METRICS, type AnalyticsMetric } from '@relata/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DrillTarget } from './analytics-api';

const FIELDS = ['stage_id', 'month', 'reason', 'owner_id', 'team_id', 'pipeline_id', 'period', 'from', 'to'] as const;

/** The drill target in `search`, or null. */
export function drillFromSearch(search: URLSearchParams): DrillTarget | null {
  const metric = search.get('drill');
  if (!metric || !(ANALYTICS_METRICS as readonly string[]).includes(metric)) return null;
  const target: DrillTarget = { metric: metric as AnalyticsMetric, title: search.get('drill_title') ?? 'Records' };
  for (const f of FIELDS) {
    const v = search.get(`drill_${f}`);
    if (v !== null) (target as unknown as Record<string, string>)[f] = v;
  }
  return target;
}

/** The open drill-down and functions to open one (replacing any other) or close it. */
export function useDrill() {
  const [search, setSearch] = useSearchParams();
  const target = useMemo(() => drillFromSearch(search), [search]);
  const clear = (next: URLSearchParams) => {
    for (const k of [...next.keys()]) if (k === 'drill' || k.startsWith('drill_')) next.delete(k);
    return next;
  };
  const open = useCallback(
    (t: DrillTarget) =>
      setSearch((prev) => {
        const next = clear(new URLSearchParams(prev));
        next.set('drill', t.metric);
        next.set('drill_title', t.title);
        for (const f of FIELDS) if (t[f] !== undefined) next.set(`drill_${f}`, t[f]);
        return next;
      }),
    [setSearch],
  );
  const close = useCallback(() => setSearch((prev) => clear(new URLSearchParams(prev))), [setSearch]);
  return { target, open, close };
}
