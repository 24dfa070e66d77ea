/**
 * The SQL of one operator applied to one value expression. Values are bound parameters (cast to the
 * field's type); LIKE patterns are escaped; calendar dates on time fields become the UTC instants of
 * their day boundaries in the criteria's time zone (segments.values.ts).
 *
 * Null semantics (also in the operator docs of @relata/shared): `not_equals`, `not_in` and
 * `is_empty` hold for a record without a value; every other operator does not.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SegmentFieldType, SegmentOperator } from '@relata/shared';
import { addDays, todayIn } from '../../lib/calendar-date.js';
import { startOfDay, type Scalar, type Value } from './segments.values.js';
import { escapeLike } from '../../db/sql.js';

export interface PredicateContext {
  now: Date;
  timeZone: string;
  /** The caller's membership id, for `me`. */
  membershipId: string;
}

/** Operators that hold for a missing value. */
export const holdsForNull = (op: SegmentOperator) => op === 'not_equals' || op === 'not_in' || op === 'is_empty';

const DAY = 86_400_000;

/**
 * An instant as PostgreSQL reads it: ISO 8601 within years 0001–9999; a bound before or after them
 * (a day boundary of 0001-01-01 in a time zone west of UTC) is ∓infinity — PostgreSQL has no year 0.
 */
function instantText(at: Date): string {
  const y = at.getUTCFullYear();
  if (y < 1) return '-infinity';
  if (y > 9999) return 'infinity';
  return at.toISOString();
}

/** A scalar as a typed SQL parameter. */
function param(type: SegmentFieldType, v: Scalar, ctx: PredicateContext, edge: 'start' | 'end' = 'start'): SQL {
  switch (type) {
    case 'number':
    case 'money':
      return sql`${String(v)}::numeric`;
    case 'boolean':
      return sql`${v === true}::boolean`;
    case 'member':
      return sql`${v === 'me' ? ctx.membershipId : (v as string)}::uuid`;
    case 'stage':
    case 'pipeline':
    case 'company':
    case 'tags':
      return sql`${v as string}::uuid`;
    case 'date':
      return sql`${(v as { date: string }).date}::date`;
    case 'datetime': {
      const o = v as { date: string } | { instant: Date };
      const at = 'instant' in o ? o.instant : startOfDay(o.date, ctx.timeZone, edge === 'end' ? 1 : 0);
      return sql`${instantText(at)}::timestamptz`;
    }
    default:
      return sql`${v as string}::text`;
  }
}

/** A list of scalars as ONE array parameter of the field's type. */
function arrayParam(type: SegmentFieldType, vs: Scalar[], ctx: PredicateContext): SQL {
  if (type === 'number' || type === 'money') return sql`${sql.param(vs.map(String))}::numeric[]`;
  if (['member', 'stage', 'pipeline', 'company', 'tags'].includes(type)) {
    return sql`${sql.param(vs.map((v) => (v === 'me' ? ctx.membershipId : (v as string))))}::uuid[]`;
  }
  return sql`${sql.param(vs.map(String))}::text[]`;
}

const isInstant = (v: Scalar) => typeof v === 'object' && 'instant' in v;

/**
 * `x <op> value` for a value expression `x` of `type`. `blank` treats '' as empty (text).
 * Time operators on `date` compare calendar dates (today in the time zone); on `datetime` instants.
 */
export function scalarPredicate(
  x: SQL | AnyPgColumn,
  type: SegmentFieldType,
  op: SegmentOperator,
  value: Value,
  ctx: PredicateContext,
  blank = false,
): SQL {
  const one = value.kind === 'one' ? value.v : undefined;
  const days = value.kind === 'days' ? value.days : 0;
  const isDate = type === 'date';
  const isTime = type === 'datetime';
  switch (op) {
    case 'is_empty':
      return blank ? sql`(${x} is null or ${x} = '')` : sql`(${x} is null)`;
    case 'is_not_empty':
      return blank ? sql`(${x} is not null and ${x} <> '')` : sql`(${x} is not null)`;
    case 'equals':
      if (isTime && !isInstant(one!)) {
        return sql`(${x} >= ${param(type, one!, ctx)} and ${x} < ${param(type, one!, ctx, 'end')})`;
      }
      return sql`(${x} = ${param(type, one!, ctx)})`;
    case 'not_equals':
      return sql`(${x} is null or ${x} <> ${param(type, one!, ctx)})`;
    case 'in':
      return sql`(${x} = any(${arrayParam(type, (value as { vs: Scalar[] }).vs, ctx)}))`;
    case 'not_in':
      return sql`(${x} is null or not (${x} = any(${arrayParam(type, (value as { vs: Scalar[] }).vs, ctx)})))`;
    case 'contains':
      return sql`(${x} ilike ${`%${escapeLike(one as string)}%`})`;
    case 'starts_with':
      return sql`(${x} ilike ${`${escapeLike(one as string)}%`})`;
    case 'ends_with':
      return sql`(${x} ilike ${`%${escapeLike(one as string)}`})`;
    case 'gte':
      return sql`(${x} >= ${param(type, one!, ctx)})`;
    case 'lte':
      if (isTime && !isInstant(one!)) return sql`(${x} < ${param(type, one!, ctx, 'end')})`;
      return sql`(${x} <= ${param(type, one!, ctx)})`;
    case 'before':
      return sql`(${x} < ${param(type, one!, ctx)})`;
    case 'after':
      if (isTime && !isInstant(one!)) return sql`(${x} >= ${param(type, one!, ctx, 'end')})`;
      return sql`(${x} > ${param(type, one!, ctx)})`;
    case 'between': {
      const r = value as { from: Scalar; to: Scalar };
      const upper =
        isTime && !isInstant(r.to)
          ? sql`${x} < ${param(type, r.to, ctx, 'end')}`
          : sql`${x} <= ${param(type, r.to, ctx)}`;
      return sql`(${x} >= ${param(type, r.from, ctx)} and ${upper})`;
    }
    case 'last_n_days':
      if (isDate) {
        const today = todayIn(ctx.timeZone, ctx.now);
        return sql`(${x} >= ${addDays(today, -days)}::date and ${x} <= ${today}::date)`;
      }
      return sql`(${x} >= ${new Date(ctx.now.getTime() - days * DAY).toISOString()}::timestamptz and ${x} <= ${ctx.now.toISOString()}::timestamptz)`;
    case 'next_n_days':
      if (isDate) {
        const today = todayIn(ctx.timeZone, ctx.now);
        return sql`(${x} >= ${today}::date and ${x} <= ${addDays(today, days)}::date)`;
      }
      return sql`(${x} >= ${ctx.now.toISOString()}::timestamptz and ${x} <= ${new Date(ctx.now.getTime() + days * DAY).toISOString()}::timestamptz)`;
    case 'more_than_n_days_ago':
      if (isDate) return sql`(${x} < ${addDays(todayIn(ctx.timeZone, ctx.now), -days)}::date)`;
      return sql`(${x} < ${new Date(ctx.now.getTime() - days * DAY).toISOString()}::timestamptz)`;
  }
}

/** `has(ids)` for set-valued fields (tags, multi-selects, related deals): the operator's SQL from a membership test. */
export function setPredicate(op: SegmentOperator, value: Value, has: (v: Value | null) => SQL): SQL {
  switch (op) {
    case 'is_empty':
      return sql`not ${has(null)}`;
    case 'is_not_empty':
      return has(null);
    case 'equals':
    case 'in':
      return has(value);
    default:
      // not_equals / not_in
      return sql`not ${has(value)}`;
  }
}

/** The listed values of an equals / in value (for set membership). */
export const listOf = (value: Value): Scalar[] =>
  value.kind === 'list' ? value.vs : value.kind === 'one' ? [value.v] : [];

export { arrayParam };
