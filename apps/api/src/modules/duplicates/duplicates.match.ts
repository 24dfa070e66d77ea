/**
 * `findDuplicatesOf()`: the existing live records that incoming rows likely duplicate, for the
 * import dry run's warnings (issue 6 "Imports can warn about likely duplicates in the dry run").
 * Set-based: ONE statement per chunk of up to 1,000 candidates, each candidate probing indexes only —
 * the email key (`contacts_live_email_norm_idx`), phone / mobile (`contacts_live_phone_idx`,
 * `_mobile_idx`), the domain (`companies_live_domain_key`, `companies_live_website_key_idx`), the
 * company name (`companies_live_name_key_idx`) then its contacts, and company names by trigram
 * (`companies_live_name_trgm_idx`). Rules and scores as the finder's (duplicates.pairs.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  DUPLICATE_NAME_SIMILARITY,
  type DuplicateCandidate,
  type DuplicateMatch,
  type DuplicateReasonKind,
  type DuplicateType,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { visibleOwner, type Actor } from '../records/actor.js';
import { reasonScore } from './duplicates.pairs.js';

/** Candidates per statement. */
export const MATCH_CHUNK = 1_000;
/** Most matches returned per candidate (best first). */
export const MATCHES_PER_CANDIDATE = 5;

interface Hit {
  i: number;
  id: string;
  name: string;
  kind: DuplicateReasonKind;
  exact: boolean | null;
  sim: number | null;
}

const contactHits = (orgId: string, owner: SQL) => sql`
  select c.i, h.* from c cross join lateral (
    select k.id, k.full_name as name, 'email' as kind, k.email = lower(btrim(c.email)) as exact, null::real as sim
      from contacts k
     where c.email_key is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null and k.email is not null
       and relata_email_key(k.email) = c.email_key and ${owner}
    union all
    select k.id, k.full_name, 'phone', null, null
      from contacts k
     where c.phone is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null
       and k.phone = c.phone and ${owner}
    union all
    select k.id, k.full_name, 'phone', null, null
      from contacts k
     where c.phone is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null
       and k.mobile = c.phone and ${owner}
    union all
    select k.id, k.full_name, 'name', null, similarity(k.full_name, c.name)
      from companies co
      join contacts k on k.org_id = co.org_id and k.company_id = co.id and k.deleted_at is null
     where c.name is not null and c.company_key is not null
       and co.org_id = ${orgId}::uuid and co.deleted_at is null and co.name_key = c.company_key
       and similarity(k.full_name, c.name) >= ${DUPLICATE_NAME_SIMILARITY} and ${owner}
  ) h(id, name, kind, exact, sim)`;

const companyHits = (orgId: string, owner: SQL) => sql`
  select c.i, h.* from c cross join lateral (
    select k.id, k.name, 'domain' as kind, null::boolean as exact, null::real as sim
      from companies k
     where c.domain_key is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null
       and k.domain = c.domain_key and ${owner}
    union
    select k.id, k.name, 'domain', null, null
      from companies k
     where c.domain_key is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null and k.website is not null
       and relata_domain_key(k.website) = c.domain_key and ${owner}
    union all
    select k.id, k.name, 'name', null, similarity(k.name, c.name)
      from companies k
     where c.name is not null and k.org_id = ${orgId}::uuid and k.deleted_at is null
       and k.name % c.name and ${owner}
  ) h(id, name, kind, exact, sim)`;

/**
 * For each candidate (same order), the live records of `type` it likely duplicates, best score
 * first, at most 5; an empty list when none. Contacts match by email key, by phone against phone or
 * mobile (candidates' phones in E.164), and by similar name at the company named `company_name`;
 * companies by domain (or website host) and similar name. With `actor`, only records they may see.
 */
export async function findDuplicatesOf(
  tx: Tx,
  params: { orgId: string; type: DuplicateType; candidates: DuplicateCandidate[]; actor?: Actor },
): Promise<DuplicateMatch[][]> {
  const out: DuplicateMatch[][] = params.candidates.map(() => []);
  await tx.execute(matchSettings());
  for (let start = 0; start < params.candidates.length; start += MATCH_CHUNK) {
    const hits = await queryRows<Hit>(tx, matchStatement({ ...params, start }));
    collect(out, hits, params.type);
  }
  return out;
}

/**
 * The transaction-local settings the match statements need: the pg_trgm `%` threshold, and no JIT.
 * The probes' row estimates are generic (a parameter against an expression index), so the plan's
 * cost passes `jit_above_cost` although each probe reads a few index pages; JIT compilation then
 * took 1.8 s of every statement on PostgreSQL 15 (bench/duplicates). PGlite has no JIT (a no-op).
 */
export const matchSettings = (): SQL =>
  sql`select set_config('pg_trgm.similarity_threshold', ${String(DUPLICATE_NAME_SIMILARITY)}, true),
             set_config('jit', 'off', true)`;

/**
 * The one statement for the chunk of `MATCH_CHUNK` candidates from index `start` (exported for
 * bench/duplicates). The candidates' keys are computed once in a MATERIALIZED CTE: a probe
 * condition like `name_key = lower(btrim(c.company_name))` holds a non-LEAKPROOF function of an outer
 * column, which row-level security evaluates only after the policy — a scan of every company per
 * candidate (41–48 s per 1,000); against a plain CTE column it is an index condition.
 */
export function matchStatement(params: {
  orgId: string;
  type: DuplicateType;
  candidates: DuplicateCandidate[];
  actor?: Actor;
  start: number;
}): SQL {
  const { start } = params;
  const owner = params.actor ? visibleOwner(params.actor, sql.raw('k.owner_id')) : sql`true`;
  const chunk = params.candidates.slice(start, start + MATCH_CHUNK).map((c, n) => ({
    i: start + n,
    email: c.email?.trim() || null,
    phone: c.phone?.trim() || null,
    name: c.name?.trim() || null,
    domain: c.domain?.trim() || null,
    company_name: c.company_name?.trim() || null,
  }));
  return sql`with c as materialized (
      select x.*, relata_email_key(x.email) as email_key, relata_domain_key(x.domain) as domain_key,
             lower(btrim(x.company_name)) as company_key
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
             as x(i int, email text, phone text, name text, domain text, company_name text))
    ${params.type === 'contacts' ? contactHits(params.orgId, owner) : companyHits(params.orgId, owner)}`;
}

function collect(out: DuplicateMatch[][], hits: Hit[], type: DuplicateType): void {
  const byCandidate = new Map<number, Map<string, { name: string; miss: number; reasons: Set<DuplicateReasonKind> }>>();
  for (const h of hits) {
    const perId = byCandidate.get(h.i) ?? new Map();
    byCandidate.set(h.i, perId);
    const m = perId.get(h.id) ?? { name: h.name, miss: 1, reasons: new Set() };
    if (!m.reasons.has(h.kind)) {
      m.miss *= 1 - reasonScore({ kind: h.kind, value: '', ids: [], exact: h.exact, sim: h.sim }, type) / 100;
      m.reasons.add(h.kind);
    }
    perId.set(h.id, m);
  }
  for (const [i, perId] of byCandidate) {
    out[i] = [...perId.entries()]
      .map(([id, m]) => ({ id, name: m.name, score: Math.round(100 * (1 - m.miss)), reasons: [...m.reasons] }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, MATCHES_PER_CANDIDATE);
  }
}
