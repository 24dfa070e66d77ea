/**
 * The searchable types as SQL pieces: table, visibility, exact-key arms, ranking flag, facet columns
 * and the display row of a hit. Visibility is each domain's own rule:
 *  - companies, contacts, leads, deals: records/actor.ts `visibleTo` (private rule: own or unassigned);
 *  - activities: activities.service.ts `visibleActivities` (assignee, creator, or unassigned);
 *  - notes: notes.links.ts `noteVisibleTo` (a linked live record the caller may see).
 * Soft-deleted records are never candidates (`deleted_at is null`); activities and notes are hard
 * deleted. Conditions name tables unqualified by alias, as the domain helpers do.
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SearchType } from '@relata/shared';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { visibleActivities } from '../activities/activities.service.js';
import { noteVisibleTo } from '../notes/notes.links.js';
import { visibleTo, type Actor } from '../records/actor.js';
import type { SearchTerms } from './search.terms.js';

export interface TypeSpec {
  type: SearchType;
  table: string;
  /** Has `deleted_at` (soft delete). */
  soft: boolean;
  /** Owner column for the owner facet and filter (activities: the assignee). */
  owner: string | null;
  /** Has `stage_id` (leads, deals). */
  stage: boolean;
  /** Tag link table and its record column. */
  tags: { table: string; column: string } | null;
  visible(actor: Actor): SQL | undefined;
  /** Conditions each served by a btree index: exact e-mail / phone / domain. */
  exactArms(t: SearchTerms): SQL[];
  /** True for an exact e-mail / phone / domain hit (ranked first). */
  exactFlag(t: SearchTerms): SQL;
  /** json of `{ title, subtitle, fields, record }` for the row aliased `x`. */
  display(actor: Actor): SQL;
}

const T = (name: string) => sql.raw(`"${name}"`);
const orFalse = (conds: SQL[]) => (conds.length ? sql`coalesce(${sql.join(conds, sql` or `)}, false)` : sql`false`);

/**
 * The first linked live record the actor may see of activity/note `x` (json `{ type, id, name }`
 * or null): where a hit on an activity or a note opens.
 */
function linkedRecord(actor: Actor, links: 'activity_links' | 'note_links', ownerCol: string): SQL {
  const le = alias(leads, 'le');
  const de = alias(deals, 'de');
  const ct = alias(contacts, 'ct');
  const cm = alias(companies, 'cm');
  const on = (name: string, col: string, vis: SQL | undefined) =>
    sql`${sql.raw(`${name}.org_id = l.org_id and ${name}.id = l.${col} and ${name}.deleted_at is null`)}${vis ? sql` and ${vis}` : sql``}`;
  return sql`(select json_build_object(
      'type', case when l.lead_id is not null then 'lead' when l.deal_id is not null then 'deal'
                   when l.contact_id is not null then 'contact' else 'company' end,
      'id', coalesce(l.lead_id, l.deal_id, l.contact_id, l.company_id),
      'name', coalesce(le.title, de.name, ct.full_name, cm.name))
    from ${T(links)} l
    left join leads le on ${on('le', 'lead_id', visibleTo(actor, le.owner_id))}
    left join deals de on ${on('de', 'deal_id', visibleTo(actor, de.owner_id))}
    left join contacts ct on ${on('ct', 'contact_id', visibleTo(actor, ct.owner_id))}
    left join companies cm on ${on('cm', 'company_id', visibleTo(actor, cm.owner_id))}
    where l.org_id = x.org_id and l.${sql.raw(ownerCol)} = x.id and coalesce(le.id, de.id, ct.id, cm.id) is not null
    order by l.created_at, l.id limit 1)`;
}

export const TYPE_SPECS: Record<SearchType, TypeSpec> = {
  contact: {
    type: 'contact',
    table: 'contacts',
    soft: true,
    owner: 'owner_id',
    stage: false,
    tags: { table: 'contact_tags', column: 'contact_id' },
    visible: (actor) => visibleTo(actor, contacts.owner_id),
    exactArms: (t) => [
      ...(t.email ? [sql`"contacts"."email" = ${t.email}`] : []),
      ...(t.e164 ? [sql`"contacts"."phone" = ${t.e164}`, sql`"contacts"."mobile" = ${t.e164}`] : []),
    ],
    exactFlag: (t) =>
      orFalse([
        ...(t.email ? [sql`"contacts"."email" = ${t.email}`] : []),
        ...(t.e164 ? [sql`${t.e164} in ("contacts"."phone", "contacts"."mobile")`] : []),
      ]),
    display: () =>
      sql`(select json_build_object('title', x.full_name, 'subtitle', coalesce(x.email, x.phone, x.mobile),
          'fields', json_build_array(json_build_array('name', x.full_name), json_build_array('email', x.email),
            json_build_array('phone', x.phone), json_build_array('mobile', x.mobile)))
        from contacts x where x.org_id = top.org_id and x.id = top.id)`,
  },
  company: {
    type: 'company',
    table: 'companies',
    soft: true,
    owner: 'owner_id',
    stage: false,
    tags: { table: 'company_tags', column: 'company_id' },
    visible: (actor) => visibleTo(actor, companies.owner_id),
    exactArms: (t) => [
      ...(t.domain ? [sql`"companies"."domain" = ${t.domain}`] : []),
      ...(t.e164 ? [sql`"companies"."phone" = ${t.e164}`] : []),
    ],
    exactFlag: (t) =>
      orFalse([
        ...(t.domain ? [sql`"companies"."domain" = ${t.domain}`] : []),
        ...(t.e164 ? [sql`"companies"."phone" = ${t.e164}`] : []),
      ]),
    display: () =>
      sql`(select json_build_object('title', x.name, 'subtitle', coalesce(x.domain, x.industry),
          'fields', json_build_array(json_build_array('name', x.name), json_build_array('domain', x.domain),
            json_build_array('phone', x.phone), json_build_array('tax_id', x.tax_id)))
        from companies x where x.org_id = top.org_id and x.id = top.id)`,
  },
  lead: {
    type: 'lead',
    table: 'leads',
    soft: true,
    owner: 'owner_id',
    stage: true,
    tags: { table: 'lead_tags', column: 'lead_id' },
    visible: (actor) => visibleTo(actor, leads.owner_id),
    exactArms: () => [],
    exactFlag: (t) =>
      orFalse([
        ...(t.email ? [sql`"leads"."email" = ${t.email}`] : []),
        ...(t.e164 ? [sql`${t.e164} = any("leads"."phones")`] : []),
      ]),
    display: () =>
      sql`(select json_build_object('title', x.title, 'subtitle', coalesce(x.company_name, s.name),
          'fields', json_build_array(json_build_array('name', x.title), json_build_array('company_name', x.company_name),
            json_build_array('email', x.email), json_build_array('phone', nullif(array_to_string(x.phones, ', '), '')),
            json_build_array('tax_id', x.tax_id)))
        from leads x left join stages s on s.org_id = x.org_id and s.id = x.stage_id
        where x.org_id = top.org_id and x.id = top.id)`,
  },
  deal: {
    type: 'deal',
    table: 'deals',
    soft: true,
    owner: 'owner_id',
    stage: true,
    tags: { table: 'deal_tags', column: 'deal_id' },
    visible: (actor) => visibleTo(actor, deals.owner_id),
    exactArms: () => [],
    exactFlag: () => sql`false`,
    display: () =>
      sql`(select json_build_object('title', x.name, 'subtitle', s.name,
          'fields', json_build_array(json_build_array('name', x.name)))
        from deals x left join stages s on s.org_id = x.org_id and s.id = x.stage_id
        where x.org_id = top.org_id and x.id = top.id)`,
  },
  activity: {
    type: 'activity',
    table: 'activities',
    soft: false,
    owner: 'assignee_id',
    stage: false,
    tags: null,
    visible: (actor) => visibleActivities(actor),
    exactArms: () => [],
    exactFlag: () => sql`false`,
    display: (actor) =>
      sql`(select json_build_object('title', x.subject, 'subtitle', x.type,
          'fields', json_build_array(json_build_array('subject', x.subject), json_build_array('description', x.description)),
          'record', ${linkedRecord(actor, 'activity_links', 'activity_id')})
        from activities x where x.org_id = top.org_id and x.id = top.id)`,
  },
  note: {
    type: 'note',
    table: 'notes',
    soft: false,
    owner: null,
    stage: false,
    tags: null,
    visible: (actor) => noteVisibleTo(actor),
    exactArms: () => [],
    exactFlag: () => sql`false`,
    display: (actor) =>
      sql`(select json_build_object('title', null, 'subtitle', null,
          'fields', json_build_array(json_build_array('body', x.body)),
          'record', ${linkedRecord(actor, 'note_links', 'note_id')})
        from notes x where x.org_id = top.org_id and x.id = top.id)`,
  },
};
