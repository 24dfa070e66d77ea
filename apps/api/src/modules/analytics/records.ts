/**
 * `GET /api/v1/analytics/records` (contract `AnalyticsRecordsQuery`/`AnalyticsRecords`): the records
 * behind a figure, with the figure's own predicate (predicates.ts), so `total` (a count with the same
 * WHERE) equals the figure. Keyset pages newest first by `(created_at, id)` (lib/pagination.ts).
 * A `stage_id` of another organisation → 404 Stage. Stage drill-downs ignore the current pipeline
 * (as the funnel does: the stage names the pipeline; records may have moved since).
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { RECORDS_CSV_MAX, type AnalyticsMetric, type AnalyticsRecord, type AnalyticsRecords } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import type { PeriodWindow } from './period.js';
import {
  dealCreated,
  dealForecast,
  dealLost,
  dealOpen,
  dealScope,
  dealWon,
  enteredStage,
  leadConverted,
  leadNew,
  leadOpen,
  leadScope,
  leadUnassigned,
  reasonIs,
} from './predicates.js';
import type { Scope } from './scope.js';

export interface RecordsParams {
  scope: Scope;
  period: PeriodWindow;
  metric: AnalyticsMetric;
  stage_id?: string | undefined;
  month?: string | undefined;
  reason?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  /** false: `total` is 0, not counted — for the later pages of an export, whose first page counted. */
  countTotal?: boolean;
}

/** `<alias>.stage_id = stageId`, or nothing without one. */
const inStage = (alias: 'd' | 'l', stageId: string | undefined) =>
  stageId ? sql`${sql.raw(alias)}.stage_id = ${stageId}::uuid` : undefined;

/** The entity and WHERE clause (alias `d` or `l`) of a metric. */
function predicateOf(q: RecordsParams): { entity: 'deal' | 'lead'; where: SQL } {
  const cur = q.period.current;
  const unpiped = { ...q.scope, pipelineId: null };
  switch (q.metric) {
    case 'deals_open':
      // With `stage_id`: the open deals of one stage now (the distribution's count of that stage).
      return { entity: 'deal', where: and(dealScope(q.scope), dealOpen(), inStage('d', q.stage_id))! };
    case 'deals_created':
      return { entity: 'deal', where: and(dealScope(q.scope), dealCreated(cur))! };
    case 'deals_won':
      return { entity: 'deal', where: and(dealScope(q.scope), dealWon(cur))! };
    case 'deals_lost':
      return { entity: 'deal', where: and(dealScope(q.scope), dealLost(cur))! };
    case 'deals_entered_stage':
      return { entity: 'deal', where: and(dealScope(unpiped), enteredStage('deal', q.scope.orgId, q.stage_id!, cur))! };
    case 'deals_forecast':
      return { entity: 'deal', where: and(dealScope(q.scope), dealForecast(q.month!))! };
    case 'deals_won_reason':
      return { entity: 'deal', where: and(dealScope(q.scope), dealWon(cur), reasonIs(sql`d.won_reason`, q.reason))! };
    case 'deals_lost_reason':
      return { entity: 'deal', where: and(dealScope(q.scope), dealLost(cur), reasonIs(sql`d.lost_reason`, q.reason))! };
    case 'leads_open':
      return { entity: 'lead', where: and(leadScope(q.scope), leadOpen(), inStage('l', q.stage_id))! };
    case 'leads_new':
      return { entity: 'lead', where: and(leadScope(q.scope), leadNew(cur))! };
    case 'leads_unassigned':
      return { entity: 'lead', where: and(leadScope(q.scope), leadUnassigned())! };
    case 'leads_converted':
      return { entity: 'lead', where: and(leadScope(q.scope), leadConverted(cur))! };
    case 'leads_entered_stage':
      return { entity: 'lead', where: and(leadScope(unpiped), enteredStage('lead', q.scope.orgId, q.stage_id!, cur))! };
  }
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', ${ISO})`);

interface Row {
  id: string;
  name: string;
  amount: string | null;
  currency: string | null;
  status: string;
  stage_id: string;
  stage_name: string;
  owner_id: string | null;
  owner_name: string | null;
  created_at: string;
  closed_at: string | null;
  expected_close_date: string | null;
}

/**
 * One page of the records behind `metric` (newest first by `created_at`, keyset `cursor`), with the
 * figure's count as `total`: {@link AnalyticsRecords}, amounts in integer minor units, instants UTC.
 * One statement: the count, the page joined to it (so an empty page still carries the count), and
 * whether `stage_id` is the organisation's — 404 Stage when not.
 */
export async function analyticsRecords(tx: Tx, q: RecordsParams): Promise<AnalyticsRecords> {
  const { entity, where } = predicateOf(q);
  const a = entity === 'deal' ? 'd' : 'l';
  const sort: KeysetSort = {
    column: sql.raw(`${a}.created_at`),
    id: sql.raw(`${a}.id`) as unknown as AnyPgColumn,
    direction: 'desc',
    kind: 'timestamp',
  };
  const select =
    entity === 'deal'
      ? sql`select d.id, d.name, d.amount::text as amount, d.currency, d.status, d.stage_id, s.name as stage_name,
               d.owner_id, coalesce(u.name, m.name) as owner_name, ${iso('d.created_at')} as created_at, ${iso('d.closed_at')} as closed_at,
               d.expected_close_date::text as expected_close_date
          from deals d join stages s on s.org_id = d.org_id and s.id = d.stage_id
          left join memberships m on m.org_id = d.org_id and m.id = d.owner_id left join users u on u.id = m.user_id`
      : sql`select l.id, l.title as name, l.expected_revenue_amount::text as amount, l.expected_revenue_currency as currency,
               l.status, l.stage_id, s.name as stage_name, l.owner_id, coalesce(u.name, m.name) as owner_name,
               ${iso('l.created_at')} as created_at, ${iso('coalesce(l.converted_at, l.lost_at)')} as closed_at,
               null::text as expected_close_date
          from leads l join stages s on s.org_id = l.org_id and s.id = l.stage_id
          left join memberships m on m.org_id = l.org_id and m.id = l.owner_id left join users u on u.id = m.user_id`;
  const stageFound = q.stage_id
    ? sql`exists (select 1 from stages where org_id = ${q.scope.orgId}::uuid and id = ${q.stage_id}::uuid)`
    : sql`true`;
  const joined = await queryRows<Omit<Row, 'id'> & { id: string | null; total: number; stage_found: boolean }>(
    tx,
    sql`select c.total, c.stage_found, p.* from (
          ${
            q.countTotal === false
              ? sql`select 0 as total, ${stageFound} as stage_found`
              : sql`select count(*)::int as total, ${stageFound} as stage_found
                      from ${sql.raw(entity === 'deal' ? 'deals d' : 'leads l')} where ${where}`
          }) c
        left join lateral (
          ${select} where ${and(where, afterCursor(sort, q.cursor))}
          order by ${sql.join(orderBy(sort), sql`, `)} limit ${q.limit + 1}) p on true`,
  );
  const head = joined[0]!;
  if (!head.stage_found) throw notFound('Stage');
  const rows = joined.filter((r): r is typeof r & { id: string } => r.id !== null);
  const page = toPage(rows, q.limit, (r) => [r.created_at, r.id]);
  return {
    metric: q.metric,
    period: q.period.period,
    total: head.total,
    data: page.data.map((r): AnalyticsRecord => ({
      id: r.id,
      entity,
      name: r.name,
      amount: r.amount !== null && r.currency !== null ? { amount: Number(r.amount), currency: r.currency } : null,
      status: r.status,
      stage: { id: r.stage_id, name: r.stage_name },
      owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
      created_at: new Date(r.created_at),
      closed_at: r.closed_at ? new Date(r.closed_at) : null,
      expected_close_date: r.expected_close_date,
    })),
    next_cursor: page.next_cursor,
  };
}

/** Page size of {@link analyticsRecordsForCsv}'s reads. */
const CSV_PAGE = 2_000;

/**
 * Every record behind `metric` from `cursor` on (newest first), for the drill-down CSV: keyset pages
 * of `pageSize` (default 2,000) read in the request's transaction until the last page or `max`
 * records (default `RECORDS_CSV_MAX`); `q.limit` is not used. Returns the first page's envelope
 * (`total` = the figure, counted once) with all the records read in `data`; `next_cursor` is where a capped export
 * stopped, null when complete. Raises 404 Stage as {@link analyticsRecords}.
 */
export async function analyticsRecordsForCsv(
  tx: Tx,
  q: RecordsParams,
  opts: { pageSize?: number; max?: number } = {},
): Promise<AnalyticsRecords> {
  const { pageSize = CSV_PAGE, max = RECORDS_CSV_MAX } = opts;
  const first = await analyticsRecords(tx, { ...q, limit: Math.min(pageSize, max) });
  const data = [...first.data];
  let cursor = first.next_cursor;
  while (cursor && data.length < max) {
    const limit = Math.min(pageSize, max - data.length);
    const page = await analyticsRecords(tx, { ...q, limit, cursor, countTotal: false });
    data.push(...page.data);
    cursor = page.next_cursor;
  }
  return { ...first, data, next_cursor: cursor };
}
