/**
 * Moves everything that points at merged records to the survivor (issue 6: "every related record
 * moves to the survivor … so nothing is left pointing at a merged record"). Every table referencing
 * the four record types (grep of db/schema for contact_id, company_id, lead_id, deal_id, record_id):
 *
 *  - link tables unique per (thing, record): activity_links, note_links (per activity / note),
 *    timeline_entries (per event), <type>_tags (per tag: the union stays), lead_contacts and
 *    deal_contacts (per lead/deal and contact, at most one primary per lead/deal kept);
 *  - plain references, any number per record: contacts.company_id, deals.company_id,
 *    companies.parent_id, leads.converted_company_id (companies); deals.source_lead_id,
 *    companies.qualified_from_lead_id (leads); leads.converted_deal_id (deals). Records whose
 *    reference changes get `version + 1` and `updated_at`, as any other change;
 *  - stage_history stays with its record (the merged record's history is its own).
 *
 * Deliberately left pointing at the merged records:
 *  - import_changes.record_id (modules/imports): it is the log an import's revert replays. A loser
 *    an import created stays "created by that import", so a revert removes the loser (already in
 *    the bin) and never the survivor, which may predate the import; re-pointing it would let a
 *    revert delete or roll back the survivor's values.
 *  - audit_entries.record_id: history of what happened to that record, as it was.
 * Segments and saved views hold criteria, not record ids (modules/segments, views): nothing to move.
 *
 * Identifiers are constants of this file; values are parameters.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { MergeType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { MERGE_TYPES } from './merge.fields.js';

const ids = (list: string[]) => sql`${sql.param(list)}::uuid[]`;
const raw = (s: string) => sql.raw(s);

async function count(tx: Tx, q: SQL): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    tx,
    sql`with done as (${q} returning 1) select count(*) as n from done`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Moves rows of a table unique per (`other`, `col`) from `losers` to `survivor`: rows that would
 * repeat one the survivor (or an earlier loser row) has are deleted, the rest re-pointed. Returns
 * how many rows now point at the survivor instead of a loser.
 */
async function relink(
  tx: Tx,
  p: { orgId: string; table: string; col: string; other: string[]; survivor: string; losers: string[] },
): Promise<number> {
  const same = sql.join(
    p.other.map((o) => sql`u.${raw(o)} is not distinct from t.${raw(o)}`),
    sql` and `,
  );
  await tx.execute(sql`
    delete from ${raw(p.table)} t
     where t.org_id = ${p.orgId}::uuid and t.${raw(p.col)} = any(${ids(p.losers)})
       and exists (select 1 from ${raw(p.table)} u
                    where u.org_id = t.org_id and ${same}
                      and (u.${raw(p.col)} = ${p.survivor}::uuid
                           or (u.${raw(p.col)} = any(${ids(p.losers)}) and u.id < t.id)))`);
  return count(
    tx,
    sql`update ${raw(p.table)} set ${raw(p.col)} = ${p.survivor}::uuid
         where org_id = ${p.orgId}::uuid and ${raw(p.col)} = any(${ids(p.losers)})`,
  );
}

/** The four record columns of link / timeline rows, except `col`. */
const refColsExcept = (col: string) => ['lead_id', 'deal_id', 'contact_id', 'company_id'].filter((c) => c !== col);

/**
 * lead_contacts / deal_contacts when merging contacts (`side` = contact_id) or leads / deals
 * (`side` = lead_id / deal_id), keeping one primary per lead or deal: the survivor's primary, else
 * the first merged record's (in `losers` order) that had one.
 */
async function relinkRecordContacts(
  tx: Tx,
  p: { orgId: string; table: 'lead_contacts' | 'deal_contacts'; side: string; survivor: string; losers: string[] },
): Promise<number> {
  const recordCol = p.table === 'lead_contacts' ? 'lead_id' : 'deal_id';
  const other = p.side === 'contact_id' ? recordCol : 'contact_id';
  const primaries = await queryRows<{ owner: string; other: string }>(
    tx,
    sql`select ${raw(p.side)} as owner, ${raw(other)} as other from ${raw(p.table)}
         where org_id = ${p.orgId}::uuid and is_primary
           and ${raw(p.side)} = any(${ids([p.survivor, ...p.losers])})`,
  );
  await tx.execute(sql`update ${raw(p.table)} set is_primary = false
    where org_id = ${p.orgId}::uuid and is_primary and ${raw(p.side)} = any(${ids(p.losers)})`);
  const moved = await relink(tx, {
    orgId: p.orgId,
    table: p.table,
    col: p.side,
    other: [other],
    survivor: p.survivor,
    losers: p.losers,
  });
  if (p.side === 'contact_id') {
    // Per lead/deal: a merged contact that was its primary makes the survivor its primary.
    const others = primaries.filter((r) => r.owner !== p.survivor).map((r) => r.other);
    if (others.length) {
      await tx.execute(sql`update ${raw(p.table)} set is_primary = true
        where org_id = ${p.orgId}::uuid and ${raw(p.side)} = ${p.survivor}::uuid and ${raw(other)} = any(${ids(others)})`);
    }
  } else if (!primaries.some((r) => r.owner === p.survivor)) {
    const order = new Map(p.losers.map((id, i) => [id, i]));
    const keep = primaries.sort((a, b) => order.get(a.owner)! - order.get(b.owner)!)[0];
    if (keep) {
      await tx.execute(sql`update ${raw(p.table)} set is_primary = true
        where org_id = ${p.orgId}::uuid and ${raw(p.side)} = ${p.survivor}::uuid and ${raw(other)} = ${keep.other}::uuid`);
    }
  }
  return moved;
}

/** Re-points a plain reference column of a record table (bumping the changed records' versions). */
function repoint(tx: Tx, p: { orgId: string; table: string; col: string; survivor: string; losers: string[] }) {
  const except = p.table === 'companies' && p.col === 'parent_id' ? sql` and id <> ${p.survivor}::uuid` : sql``;
  return count(
    tx,
    sql`update ${raw(p.table)} set ${raw(p.col)} = ${p.survivor}::uuid, version = version + 1, updated_at = now()
         where org_id = ${p.orgId}::uuid and ${raw(p.col)} = any(${ids(p.losers)})${except}`,
  );
}

/**
 * Moves every related row of `losers` to `survivor` (type `type`), in the caller's transaction; the
 * losers must already be in the recycle bin (their primary-contact flags cleared). Returns how many
 * rows moved per table (the audit entry's `details.moved`).
 */
export async function moveRelated(
  tx: Tx,
  p: { orgId: string; type: MergeType; survivor: string; losers: string[] },
): Promise<Record<string, number>> {
  const { entity } = MERGE_TYPES[p.type];
  const col = `${entity}_id`;
  const base = { orgId: p.orgId, survivor: p.survivor, losers: p.losers };
  const moved: Record<string, number> = {};
  moved.activity_links = await relink(tx, {
    ...base,
    table: 'activity_links',
    col,
    other: ['activity_id', ...refColsExcept(col)],
  });
  moved.note_links = await relink(tx, { ...base, table: 'note_links', col, other: ['note_id', ...refColsExcept(col)] });
  moved.timeline_entries = await relink(tx, { ...base, table: 'timeline_entries', col, other: ['event_id'] });
  moved[`${entity}_tags`] = await relink(tx, { ...base, table: `${entity}_tags`, col, other: ['tag_id'] });
  if (p.type === 'contacts') {
    moved.lead_contacts = await relinkRecordContacts(tx, { ...base, table: 'lead_contacts', side: 'contact_id' });
    moved.deal_contacts = await relinkRecordContacts(tx, { ...base, table: 'deal_contacts', side: 'contact_id' });
  } else if (p.type === 'leads' || p.type === 'deals') {
    const table = p.type === 'leads' ? 'lead_contacts' : 'deal_contacts';
    moved[table] = await relinkRecordContacts(tx, { ...base, table, side: col });
  }
  if (p.type === 'companies') {
    // One primary contact per company: the survivor's, else the first merged company's.
    await tx.execute(sql`
      update contacts set is_primary = false
       where org_id = ${p.orgId}::uuid and is_primary and deleted_at is null and company_id = any(${ids(p.losers)})
         and (exists (select 1 from contacts s where s.org_id = ${p.orgId}::uuid and s.company_id = ${p.survivor}::uuid
                        and s.is_primary and s.deleted_at is null)
              or id <> (select k.id from contacts k
                         where k.org_id = ${p.orgId}::uuid and k.is_primary and k.deleted_at is null
                           and k.company_id = any(${ids(p.losers)})
                         order by array_position(${ids(p.losers)}, k.company_id) limit 1))`);
    moved.contacts = await repoint(tx, { ...base, table: 'contacts', col: 'company_id' });
    moved.deals = await repoint(tx, { ...base, table: 'deals', col: 'company_id' });
    moved.child_companies = await repoint(tx, { ...base, table: 'companies', col: 'parent_id' });
    moved.converted_leads = await repoint(tx, { ...base, table: 'leads', col: 'converted_company_id' });
  } else if (p.type === 'leads') {
    moved.source_deals = await repoint(tx, { ...base, table: 'deals', col: 'source_lead_id' });
    moved.qualified_companies = await repoint(tx, { ...base, table: 'companies', col: 'qualified_from_lead_id' });
  } else if (p.type === 'deals') {
    moved.converted_leads = await repoint(tx, { ...base, table: 'leads', col: 'converted_deal_id' });
  }
  return moved;
}
