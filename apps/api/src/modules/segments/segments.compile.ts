/**
 * Segment criteria → one parameterised SQL condition on the entity's record table (drizzle `sql`).
 * Field keys resolve only through the whitelist (segments.fields.ts), operators only through
 * `OPERATORS_BY_TYPE`, values are checked (segments.values.ts) and bound; every problem is collected
 * and thrown as one 400 with field paths such as `body.criteria.groups.0.conditions.3.value`.
 *
 * Related data respects soft deletes and the caller's record visibility (a member under the private
 * rule does not match through a company or deal they may not see). An activity's time is
 * `coalesce(completed_at, due_at, created_at)`; only activities at or before now count, so "last
 * activity" is the latest past one.
 */
import { and, or, sql, type SQL } from 'drizzle-orm';
import {
  OPERATORS_BY_TYPE,
  SEGMENT_RECORD_TYPE,
  type CustomField,
  type FieldIssue,
  type SegmentCondition,
  type SegmentCriteria,
  type SegmentEntity,
  type SegmentGroup,
} from '@relata/shared';
import { invalid } from '../../lib/errors.js';
import { seesAll, type Actor } from '../records/actor.js';
import { RECORD_TABLES } from '../records/entities.js';
import { resolveField, tableOf, type ResolvedField } from './segments.fields.js';
import {
  arrayParam,
  holdsForNull,
  listOf,
  scalarPredicate,
  setPredicate,
  type PredicateContext,
} from './segments.predicates.js';
import { checkValue, type Value } from './segments.values.js';

export interface CompileParams {
  entity: SegmentEntity;
  criteria: SegmentCriteria;
  actor: Actor;
  /** Active custom-field definitions of the entity. */
  defs: CustomField[];
  /** Prefix of issue paths, e.g. `body.criteria`. */
  path: string;
  now?: Date;
}

/** The activity-link column of each entity. */
const LINK_COLUMN: Record<SegmentEntity, string> = {
  contacts: 'contact_id',
  companies: 'company_id',
  leads: 'lead_id',
  deals: 'deal_id',
};

/** Compiles `criteria` to a condition on `tableOf(entity)`; throws a 400 listing every bad condition. */
export function compileCriteria(p: CompileParams): SQL {
  const issues: FieldIssue[] = [];
  const ctx: PredicateContext = {
    now: p.now ?? new Date(),
    timeZone: p.criteria.time_zone ?? 'UTC',
    membershipId: p.actor.membershipId,
  };
  // Outer references written out with the table name: drizzle leaves columns unqualified in
  // UPDATE statements (bulk by filter), where a bare `id` inside a subquery would bind to the inner table.
  const outer = (col: string) => sql.raw(`"${RECORD_TABLES[SEGMENT_RECORD_TYPE[p.entity]].plural}"."${col}"`);
  const visible = (alias: string) =>
    seesAll(p.actor)
      ? sql``
      : sql` and (${sql.raw(alias)}.owner_id = ${p.actor.membershipId}::uuid or ${sql.raw(alias)}.owner_id is null)`;

  const relatedDeals = (cond: SQL, openOnly: boolean): SQL => {
    const status = openOnly ? sql` and d.status = 'open'` : sql``;
    if (p.entity === 'contacts') {
      return sql`exists (select 1 from deal_contacts dc join deals d on d.org_id = dc.org_id and d.id = dc.deal_id where dc.org_id = ${outer('org_id')} and dc.contact_id = ${outer('id')} and d.deleted_at is null${status}${visible('d')} and ${cond})`;
    }
    return sql`exists (select 1 from deals d where d.org_id = ${outer('org_id')} and d.company_id = ${outer('id')} and d.deleted_at is null${status}${visible('d')} and ${cond})`;
  };

  const activityAt = sql`coalesce(a.completed_at, a.due_at, a.created_at)`;
  const activityFrom = () =>
    sql`from activity_links l join activities a on a.org_id = l.org_id and a.id = l.activity_id where l.org_id = ${outer('org_id')} and l.${sql.raw(LINK_COLUMN[p.entity])} = ${outer('id')} and ${activityAt} <= ${ctx.now.toISOString()}::timestamptz`;
  const hasActivity = (cond?: SQL) => sql`exists (select 1 ${activityFrom()}${cond ? sql` and ${cond}` : sql``})`;

  function condition(c: SegmentCondition, path: string): SQL | undefined {
    const field = resolveField(p.entity, c.field, p.defs);
    if (!field) {
      issues.push({
        path: `${path}.field`,
        message: c.field.startsWith('cf.')
          ? `is not an active custom field of ${p.entity}: it may have been removed or archived — edit the segment`
          : `is not a field of ${p.entity} (see GET /api/v1/segments/fields)`,
      });
      return undefined;
    }
    if (!OPERATORS_BY_TYPE[field.type].includes(c.operator)) {
      issues.push({
        path: `${path}.operator`,
        message: `${c.operator} does not apply to ${field.type} fields; use one of ${OPERATORS_BY_TYPE[field.type].join(', ')}`,
      });
      return undefined;
    }
    const value = checkValue(field.type, c.operator, c.value, field.options, `${path}.value`, issues);
    if (!value) return undefined;
    return predicate(field, c, value);
  }

  function predicate(field: ResolvedField, c: SegmentCondition, value: Value): SQL {
    const { source, type } = field;
    const op = c.operator;
    switch (source.kind) {
      case 'scalar':
        return scalarPredicate(source.expr, type, op, value, ctx, source.empty === 'blank');
      case 'company': {
        const fk = outer(p.entity === 'contacts' || p.entity === 'deals' ? 'company_id' : 'parent_id');
        const live = sql`co.org_id = ${outer('org_id')} and co.id = ${fk} and co.deleted_at is null${visible('co')}`;
        const col = sql.raw(`co."${source.column}"`);
        const blank = type === 'text';
        const match = sql`exists (select 1 from companies co where ${live} and ${scalarPredicate(col, type, op, value, ctx, blank)})`;
        return holdsForNull(op) ? sql`(${match} or not exists (select 1 from companies co where ${live}))` : match;
      }
      case 'tags': {
        const { tagLinks } = RECORD_TABLES[SEGMENT_RECORD_TYPE[p.entity]];
        return setPredicate(op, value, (v) => {
          const ids = v ? sql` and tl.tag_id = any(${arrayParam('tags', listOf(v), ctx)})` : sql``;
          return sql`exists (select 1 from ${tagLinks} tl where tl.org_id = ${outer('org_id')} and tl.${sql.raw(tagLinks.record_id.name)} = ${outer('id')}${ids})`;
        });
      }
      case 'multi': {
        const arr = sql`(${tableOf(p.entity).custom_fields} -> ${source.key}::text)`;
        return setPredicate(op, value, (v) =>
          v
            ? sql`coalesce(jsonb_typeof(${arr}) = 'array' and jsonb_exists_any(${arr}, ${arrayParam('text', listOf(v), ctx)}), false)`
            : sql`coalesce(jsonb_typeof(${arr}) = 'array' and jsonb_array_length(${arr}) > 0, false)`,
        );
      }
      case 'open_deal_stage':
        return setPredicate(op, value, (v) =>
          relatedDeals(v ? sql`d.stage_id = any(${arrayParam('stage', listOf(v), ctx)})` : sql`true`, true),
        );
      case 'deal_amount':
        if (op === 'is_empty') return sql`not ${relatedDeals(sql`true`, false)}`;
        if (op === 'is_not_empty') return relatedDeals(sql`true`, false);
        if (op === 'not_equals')
          return sql`not ${relatedDeals(sql`d.amount = ${String((value as { v: number }).v)}::numeric`, false)}`;
        return relatedDeals(scalarPredicate(sql`d.amount`, 'money', op, value, ctx), false);
      case 'last_activity': {
        const DAY = 86_400_000;
        const days = value.kind === 'days' ? value.days : 0;
        const since = sql`${activityAt} >= ${new Date(ctx.now.getTime() - days * DAY).toISOString()}::timestamptz`;
        if (op === 'is_empty') return sql`not ${hasActivity()}`;
        if (op === 'is_not_empty') return hasActivity();
        if (op === 'last_n_days') return hasActivity(since);
        if (op === 'more_than_n_days_ago') return sql`(${hasActivity()} and not ${hasActivity(since)})`;
        const last = sql`(select max(${activityAt}) ${activityFrom()})`;
        return scalarPredicate(last, 'datetime', op, value, ctx);
      }
    }
  }

  function group(g: SegmentGroup, path: string): SQL {
    const parts: SQL[] = [];
    (g.conditions ?? []).forEach((c, i) => {
      const s = condition(c, `${path}.conditions.${i}`);
      if (s) parts.push(s);
    });
    (g.groups ?? []).forEach((sub, i) => parts.push(group(sub, `${path}.groups.${i}`)));
    // An empty group matches everything under AND and nothing under OR (the identity of each).
    if (!parts.length) return g.match === 'and' ? sql`true` : sql`false`;
    return sql`(${g.match === 'and' ? and(...parts)! : or(...parts)!})`;
  }

  const where = group(p.criteria, p.path);
  if (issues.length) throw invalid(issues);
  return where;
}
