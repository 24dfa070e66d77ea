/**
 * The predicates behind every analytics figure, shared by the reports and the drill-down
 * (records.ts), so a drill-down's `total` is the figure it explains. Fragments refer to the aliases
 * `d` (deals), `l` (leads) and `h` (stage_history); instants are ISO strings cast to timestamptz.
 * Definitions: packages/shared/src/analytics.ts ("Definitions").
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { Range } from './period.js';
import { ownerCondition, type Scope } from './scope.js';

/** `col` in the half-open interval `[start, end)`. */
export const inRange = (col: SQL, r: Range): SQL =>
  sql`${col} >= ${r.start}::timestamptz and ${col} < ${r.end}::timestamptz`;

/** Live deals (alias `d`) of the organisation in scope: owner and pipeline filters. */
export function dealScope(scope: Scope): SQL {
  return and(
    sql`d.org_id = ${scope.orgId}::uuid and d.deleted_at is null`,
    ownerCondition(scope.owners, sql`d.owner_id`),
    scope.pipelineId ? sql`d.pipeline_id = ${scope.pipelineId}::uuid` : undefined,
  )!;
}

/** Live leads (alias `l`) of the organisation in scope. */
export function leadScope(scope: Scope): SQL {
  return and(
    sql`l.org_id = ${scope.orgId}::uuid and l.deleted_at is null`,
    ownerCondition(scope.owners, sql`l.owner_id`),
    scope.pipelineId ? sql`l.pipeline_id = ${scope.pipelineId}::uuid` : undefined,
  )!;
}

/** Open deals (now). */
export const dealOpen = (): SQL => sql`d.status = 'open'`;
/** Deals created in the interval. */
export const dealCreated = (r: Range): SQL => inRange(sql`d.created_at`, r);
/** Deals won in the interval (`status = won`, `won_at`). */
export const dealWon = (r: Range): SQL => sql`d.status = 'won' and ${inRange(sql`d.won_at`, r)}`;
/** Deals lost in the interval (`status = lost`, `closed_at`). */
export const dealLost = (r: Range): SQL => sql`d.status = 'lost' and ${inRange(sql`d.closed_at`, r)}`;
/** Open deals whose expected close date falls in the month `YYYY-MM`. */
export const dealForecast = (month: string): SQL =>
  sql`d.status = 'open' and d.expected_close_date >= ${`${month}-01`}::date
      and d.expected_close_date < (${`${month}-01`}::date + interval '1 month')::date`;

/**
 * A reason's grouping key: whitespace runs collapsed to one space, trimmed, lower-cased; '' → null
 * ("no reason given"). `reasonSpelling` is the same without lower-casing (the spelling shown).
 */
export const reasonSpelling = (col: SQL): SQL =>
  sql`nullif(regexp_replace(regexp_replace(${col}, '\\s+', ' ', 'g'), '^ | $', '', 'g'), '')`;
export const reasonKey = (col: SQL): SQL => sql`lower(${reasonSpelling(col)})`;

/** `col`'s reason is `reason` (compared by key), or no reason when `reason` is undefined. */
export function reasonIs(col: SQL, reason: string | undefined): SQL {
  if (reason === undefined) return sql`${reasonKey(col)} is null`;
  return sql`${reasonKey(col)} = ${reasonKey(sql`${reason}::text`)}`;
}

/** The record column of `stage_history` and the record table's alias for a pipeline kind. */
export const historyColumn = (entity: 'deal' | 'lead') => sql.raw(entity === 'deal' ? 'h.deal_id' : 'h.lead_id');

/**
 * The record (alias `d` or `l`) has a `stage_history` entry into `stageId` in the interval — the
 * funnel's `entered`. Written as a semi-join driven by the history rows (`stage_history_stage_idx`:
 * the stage and the interval, index-only), so a drill-down never probes every record.
 */
export function enteredStage(entity: 'deal' | 'lead', orgId: string, stageId: string, r: Range): SQL {
  const rec = sql.raw(entity === 'deal' ? 'd' : 'l');
  return sql`${rec}.id in (select ${historyColumn(entity)} from stage_history h
      where h.org_id = ${orgId}::uuid and h.to_stage_id = ${stageId}::uuid and ${inRange(sql`h.changed_at`, r)})`;
}

/** Leads open now. */
export const leadOpen = (): SQL => sql`l.status = 'open'`;
/** Open leads with no owner, now. */
export const leadUnassigned = (): SQL => sql`l.status = 'open' and l.owner_id is null`;
/** Leads created in the interval. */
export const leadNew = (r: Range): SQL => inRange(sql`l.created_at`, r);
/** Leads converted in the interval (`converted_at`). */
export const leadConverted = (r: Range): SQL => inRange(sql`l.converted_at`, r);

/**
 * Days from a won deal's start to `won_at` (decimal days): start = the deal's first `stage_history`
 * entry when earlier than `created_at` (imported history), else `created_at`. The first entry's time
 * is `deals.first_history_at`, kept by the stage_history trigger (migration 0025), so this reads the
 * deal row only (or `deals_live_won_idx`, which carries both). float8 (`date_part`), not numeric.
 */
export const salesCycleDays = (): SQL =>
  sql`(date_part('epoch', d.won_at - least(d.created_at, d.first_history_at)) / 86400)`;

/** A deal's effective probability (0–100): its own, else its stage's (alias `s` = the deal's stage). */
export const effectiveProbability = (): SQL => sql`coalesce(d.probability, s.probability)`;
