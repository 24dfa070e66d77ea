/**
 * The pairing step of the duplicate finder, in SQL (never O(n²) in Node): each statement reads the
 * organisation's live records the caller may see once and returns the evidence —
 *  - exact keys by GROUP BY (email key, E.164 phone / mobile, domain key): keys shared by 2–5 records
 *    (a key shared by more is a switchboard or shared mailbox, not a duplicate). Contact keys group
 *    by hash, in the "C" collation, with plain aggregates (ids sorted here, "all emails equal" as
 *    min = max, a mobile equal to the phone dropped instead of `count(distinct)`): ordered and
 *    DISTINCT aggregates forced a sort of every key in the database's collation and a sort per
 *    group: at 1,000,000 contacts they took 7.8 s of the 12.9 s statement, now 4.6 s (EXPLAIN
 *    ANALYZE; bench/duplicates' first page 12.3 → 9.0 s, the rest is the name pairs below);
 *  - contact names by a self-join on the company (hash join on `company_id`, pg_trgm `similarity`),
 *    company names by a `%` join that uses `companies_live_name_trgm_idx` (similarity_op is
 *    LEAKPROOF after migrations 0018/0020, so the index serves under row-level security).
 * Keys: `relata_email_key()` / `relata_domain_key()` (migration 0020; rules in @relata/shared
 * duplicates.ts). Scores per reason are in {@link reasonScore}.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DUPLICATE_GROUP_MAX, DUPLICATE_NAME_SIMILARITY, type DuplicateType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { visibleOwner, type Actor } from '../records/actor.js';

/** Evidence from SQL: records sharing a key, or a pair of similar names. */
export interface Evidence {
  kind: 'email' | 'phone' | 'name' | 'domain';
  value: string;
  ids: string[];
  /** `email`: all emails equal once lower-cased (not only their keys); `name`: pg_trgm similarity. */
  exact: boolean | null;
  sim: number | null;
}

/** Most pieces of evidence read for one organisation (a guard; real organisations have far fewer). */
export const EVIDENCE_MAX = 20_000;

const visible = (actor: Actor, alias: string): SQL => visibleOwner(actor, sql.raw(`${alias}.owner_id`));

/** A reason's own score, 0–100 (see @relata/shared duplicates.ts for the rules). */
export function reasonScore(e: Evidence, type: DuplicateType): number {
  const scaled = (lo: number, hi: number) =>
    Math.round(lo + ((hi - lo) * ((e.sim ?? 1) - DUPLICATE_NAME_SIMILARITY)) / (1 - DUPLICATE_NAME_SIMILARITY));
  switch (e.kind) {
    case 'email':
      return e.exact ? 99 : 90;
    case 'phone':
      return 80;
    case 'domain':
      return 90;
    case 'name':
      return type === 'contacts' ? scaled(50, 90) : scaled(40, 85);
  }
}

async function contactEvidence(tx: Tx, actor: Actor): Promise<Evidence[]> {
  const max = DUPLICATE_GROUP_MAX;
  return queryRows<Evidence>(
    tx,
    sql`with live as materialized (
          select c.id, c.full_name, c.email, c.phone, c.mobile, c.company_id, relata_email_key(c.email) as ekey
            from contacts c
           where c.org_id = ${actor.orgId}::uuid and c.deleted_at is null and ${visible(actor, 'c')}
        ),
        emails as (
          select 'email' as kind, ekey collate "C" as value, array_agg(id) as ids,
                 min(email) = max(email) as exact, null::real as sim
            from live where ekey is not null group by ekey collate "C" having count(*) between 2 and ${max}
        ),
        phones as (
          select 'phone' as kind, p.n collate "C" as value, array_agg(l.id) as ids,
                 null::boolean as exact, null::real as sim
            from live l cross join lateral (values (l.phone), (nullif(l.mobile, l.phone))) as p(n)
           where p.n is not null
           group by p.n collate "C" having count(*) between 2 and ${max}
        ),
        names as (
          select 'name' as kind, a.full_name || ' ~ ' || b.full_name as value,
                 array[a.id, b.id] as ids, null::boolean as exact,
                 similarity(a.full_name, b.full_name) as sim
            from live a join live b on b.company_id = a.company_id and b.id > a.id
           where a.company_id is not null
             and similarity(a.full_name, b.full_name) >= ${DUPLICATE_NAME_SIMILARITY}
        )
        select * from emails union all select * from phones union all select * from names
        limit ${EVIDENCE_MAX}`,
  );
}

async function companyEvidence(tx: Tx, actor: Actor): Promise<Evidence[]> {
  await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(DUPLICATE_NAME_SIMILARITY)}, true)`);
  return queryRows<Evidence>(
    tx,
    sql`with domains as (
          select 'domain' as kind, k.dkey as value, array_agg(k.id order by k.id) as ids,
                 null::boolean as exact, null::real as sim
            from (select c.id, coalesce(c.domain, relata_domain_key(c.website)) as dkey
                    from companies c
                   where c.org_id = ${actor.orgId}::uuid and c.deleted_at is null and ${visible(actor, 'c')}) k
           where k.dkey is not null
           group by k.dkey having count(*) between 2 and ${DUPLICATE_GROUP_MAX}
        ),
        names as (
          select 'name' as kind, a.name || ' ~ ' || b.name as value, array[a.id, b.id] as ids,
                 null::boolean as exact, similarity(a.name, b.name) as sim
            from companies a
            join companies b on b.name % a.name and b.org_id = a.org_id and b.id > a.id
                            and b.deleted_at is null and ${visible(actor, 'b')}
           where a.org_id = ${actor.orgId}::uuid and a.deleted_at is null and ${visible(actor, 'a')}
        )
        select * from domains union all select * from names
        limit ${EVIDENCE_MAX}`,
  );
}

/** All evidence of likely duplicates among the live records of `type` the actor may see. */
export async function evidenceOf(tx: Tx, params: { actor: Actor; type: DuplicateType }): Promise<Evidence[]> {
  const evidence =
    params.type === 'contacts' ? await contactEvidence(tx, params.actor) : await companyEvidence(tx, params.actor);
  for (const e of evidence) e.ids.sort(); // uuids: their text order is their byte order
  return evidence;
}
